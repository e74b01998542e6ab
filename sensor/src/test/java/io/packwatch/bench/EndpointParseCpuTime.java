package io.packwatch.bench;

import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.EventSink;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The same work as {@link EndpointParseBenchmark}, timed by the thread's CPU time instead of the wall clock, so
 * the figure holds on a machine busy with other work (where JMH's wall-clock scores drop with the load).
 * Prints messages per CPU-second and MB per CPU-second for each sample file.
 *
 * <pre>mvn -q -o test-compile && java -cp sensor/target/test-classes:sensor/target/classes io.packwatch.bench.EndpointParseCpuTime</pre>
 */
public final class EndpointParseCpuTime {
    private static final String[] FORMATS = {"sysmon-linux", "nxlog", "winlogbeat", "snare", "auditd", "laurel", "cef",
        "leef", "mde"};

    private EndpointParseCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] events = new long[1];
        EventSink sink = e -> events[0]++;
        for (String f : FORMATS) {
            List<String> lines = Files.readAllLines(Repo.root().resolve("sensor/src/test/resources/endpoint").resolve(f + ".txt"));
            byte[][] m = new byte[lines.size()][];
            long bytes = 0;
            for (int i = 0; i < m.length; i++) {
                m[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
                bytes += m[i].length;
            }
            EndpointParser p = new EndpointParser(ParseConfig.defaults(), new Counters());
            run(p, m, rounds, sink); // warm-up
            long t0 = threads.getCurrentThreadCpuTime();
            run(p, m, rounds, sink);
            double seconds = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
            double perMessage = bytes / (double) m.length;
            System.out.printf("%-13s %9.0f msg/s  %6.1f MB/s  (%d B/msg, per CPU-second)%n", f, rounds / seconds,
                    rounds * perMessage / seconds / 1e6, Math.round(perMessage));
        }
    }

    private static void run(EndpointParser p, byte[][] m, int rounds, EventSink sink) {
        for (int i = 0; i < rounds; i++) {
            byte[] x = m[i % m.length];
            p.parse(x, 0, x.length, "10.1.0.5", 1_700_000_040_000_000_000L, sink);
        }
    }
}
