package io.packwatch.bench;

import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.EventSink;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link EndpointParser#parse} of syslog messages, one format at a time: each call parses the next line of
 * that format's sample file ({@code sensor/src/test/resources/endpoint}), round-robin, header included.
 * Scores are messages/s (for auditd one message is one record; events come out at EOE).
 * {@code generic} is BSD syslog text that matches no payload format.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EndpointParseBenchmark {
    @Param({"sysmon-linux", "nxlog", "winlogbeat", "snare", "auditd", "laurel", "cef", "leef", "mde", "generic"})
    public String format;

    private EndpointParser parser;
    private byte[][] messages;
    private int next;
    private long received;
    private EventSink sink;

    @Setup(Level.Trial)
    public void setup(Blackhole bh) throws IOException {
        List<String> lines = format.equals("generic")
                ? List.of("<30>Nov 14 22:13:20 web01 nginx[812]: 10.1.0.5 - - \"GET /index.html HTTP/1.1\" 200 512",
                        "Nov 14 22:13:21 db01 postgres[4410]: LOG:  checkpoint complete: wrote 112 buffers (0.7%)")
                : Files.readAllLines(Repo.root().resolve("sensor/src/test/resources/endpoint").resolve(format + ".txt"));
        messages = new byte[lines.size()][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
        }
        parser = new EndpointParser(ParseConfig.defaults(), new Counters());
        received = 1_700_000_040_000_000_000L;
        sink = bh::consume;
    }

    @Benchmark
    public void parse() {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        parser.parse(m, 0, m.length, "10.1.0.5", received, sink);
    }
}
