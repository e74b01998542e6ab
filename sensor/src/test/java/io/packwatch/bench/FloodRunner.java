package io.packwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.testkit.FloodPcaps;
import io.packwatch.testkit.FloodPcaps.Kind;
import io.packwatch.testkit.SyslogFlooder;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Whole-process flood runs: for each flood, the capture (FloodPcaps at full scale, cached in /tmp), then
 * {@code sensor/bin/sensor --read} as a child process under {@code /usr/bin/time} with JAVA_OPTS=-Xmx..., and a
 * report line: wall time, peak RSS, exit status, whether the canary upload after the flood was reported, and
 * every non-zero limit counter of the stats record. The syslog flood floods the sensor's TCP syslog receiver
 * while it reads a mixed capture, and compares the packet path with a run without the flood.
 *
 * <pre>FloodRunner SENSOR_BIN XMX [KIND[:COUNT]...]   (KIND: FloodPcaps kinds, or syslog)</pre>
 */
public final class FloodRunner {
    /** Counters that say a limit bit, or what it cost. */
    private static final Pattern LIMITS = Pattern.compile(
            "evicted|memcap|bomb|dropped|drops|timeouts|timed_out|gaps|overlap|tiny|_hits|errors|limit\\.|truncated"
                    + "|depth_reached|junk|max_flows_effective|memory_peak|active_peak|^endpoint\\.(received|messages)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sensor;
    private final String xmx;
    private final Path work = Path.of(System.getProperty("java.io.tmpdir"));

    private FloodRunner(Path sensor, String xmx) {
        this.sensor = sensor;
        this.xmx = xmx;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FloodRunner SENSOR_BIN XMX [KIND[:COUNT]...]");
            System.exit(2);
        }
        FloodRunner r = new FloodRunner(Path.of(args[0]), args[1]);
        List<String> kinds = new ArrayList<>(List.of(args).subList(2, args.length));
        if (kinds.isEmpty()) {
            for (Kind k : Kind.values()) {
                kinds.add(k.cliName());
            }
            kinds.add("syslog");
        }
        System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        for (String spec : kinds) {
            String[] p = spec.split(":");
            if (p[0].equals("syslog")) {
                r.syslogFlood(p.length > 1 ? p[1] : "600m");
            } else {
                Kind k = Kind.of(p[0]);
                r.packetFlood(k, p.length > 1 ? Long.parseLong(p[1]) : FloodPcaps.defaultCount(k));
            }
        }
        System.out.printf("load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private void packetFlood(Kind kind, long count) throws Exception {
        Path pcap = work.resolve("packwatch-flood-" + kind.cliName() + "-" + count + ".pcap");
        if (!Files.exists(pcap)) {
            Path part = pcap.resolveSibling(pcap.getFileName() + ".part");
            long t0 = System.nanoTime();
            FloodPcaps f = FloodPcaps.write(kind, part, count, 1L << 30);
            Files.move(part, pcap);
            System.out.printf(Locale.ROOT, "generated %s: %d packets in %.1f s%n", pcap, f.packets(),
                    (System.nanoTime() - t0) / 1e9);
        }
        Run run = runSensor(List.of("--read", pcap.toString()));
        report(kind.cliName() + " x" + count, Files.size(pcap), run, true);
    }

    /** What one sensor run gave. */
    private record Run(int exit, double wallSeconds, long peakRssKb, JsonNode stats, boolean canary, long records,
            String console) {
    }

    private Run runSensor(List<String> sensorArgs) throws Exception {
        Path out = Files.createTempFile(work, "packwatch-flood-", ".ndjson");
        Path time = Files.createTempFile(work, "packwatch-flood-", ".time");
        Path console = Files.createTempFile(work, "packwatch-flood-", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", time.toString(),
                    sensor.toString()));
            cmd.addAll(sensorArgs);
            cmd.addAll(List.of("-o", out.toString(), "--no-progress", "--quiet"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile());
            pb.environment().put("JAVA_OPTS", "-Xmx" + xmx);
            int exit = pb.start().waitFor();
            String[] t = Files.readString(time).trim().split("\\s+");
            String[] tail = t.length >= 2 ? t : new String[] {"-1", "-1"};
            double wall = Double.parseDouble(tail[tail.length - 2]);
            long rss = Long.parseLong(tail[tail.length - 1]);
            JsonNode stats = null;
            boolean canary = false;
            long records = 0;
            try (BufferedReader in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    records++;
                    if (line.contains("\"packwatch.stats\"")) {
                        stats = JSON.readTree(line);
                    } else if (line.contains("\"packwatch.object\"") && line.contains("\"" + FloodPcaps.CANARY_CLIENT
                            + "\"") && line.contains("\"gzip\"")) {
                        canary = true;
                    }
                }
            }
            return new Run(exit, wall, rss, stats, canary, records, Files.readString(console));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(time);
            Files.deleteIfExists(console);
        }
    }

    private void report(String name, long pcapBytes, Run r, boolean hasCanary) {
        System.out.printf(Locale.ROOT, "%n== %s: %.1f MB capture, -Xmx%s: exit %d, wall %.1f s, peak RSS %d MB,"
                        + " %d records, canary %s%n", name, pcapBytes / 1e6, xmx, r.exit, r.wallSeconds,
                r.peakRssKb / 1024, r.records, !hasCanary ? "n/a" : r.canary ? "reported" : "MISSING");
        for (String line : r.console.split("\n")) {
            if (!line.isBlank()) {
                System.out.println("   console: " + line);
            }
        }
        if (r.stats == null) {
            System.out.println("   NO STATS RECORD");
            return;
        }
        Map<String, Long> limits = new TreeMap<>();
        flatten("", r.stats.at("/packwatch/stats"), limits);
        limits.forEach((k, v) -> {
            if (v != 0 && LIMITS.matcher(k).find()) {
                System.out.println("   " + k + "=" + v);
            }
        });
    }

    private static void flatten(String prefix, JsonNode n, Map<String, Long> into) {
        if (n.isNumber()) {
            into.put(prefix, n.asLong());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
        }
    }

    // ---- syslog flood -------------------------------------------------------------------------------------

    /**
     * The mixed capture read twice: alone, then while two TCP senders flood the syslog receiver with octet-counted
     * RFC 5424 messages from before the sensor starts until it exits.
     */
    private void syslogFlood(String size) throws Exception {
        Path pcap = work.resolve("packwatch-mixed-" + size + ".pcap");
        if (!Files.exists(pcap)) {
            io.packwatch.testkit.MixedPcapGenerator.main(new String[] {"--out", pcap.toString(), "--size", size,
                    "--seed", "1"});
        }
        Run quiet = runSensor(List.of("--read", pcap.toString()));
        report("mixed " + size + ", no syslog", Files.size(pcap), quiet, false);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run flooded;
        long written;
        try (SyslogFlooder flooder = new SyslogFlooder(new InetSocketAddress("127.0.0.1", port), 2)) {
            flooded = runSensor(List.of("--read", pcap.toString(), "--syslog-listen", "tcp://127.0.0.1:" + port));
            written = flooder.written();
        }
        report("mixed " + size + " + syslog flood", Files.size(pcap), flooded, false);
        System.out.printf("   syslog: %,d messages written by the senders (sent, not necessarily read before the"
                + " sensor exited)%n", written);
        for (String c : new String[] {"flow.created", "decode.frames", "reassembly.delivered_bytes", "inspect.objects"}) {
            System.out.printf("   packet path %s: %d alone, %d under the flood%n", c,
                    quiet.stats.at("/packwatch/stats/" + c.replace('.', '/')).asLong(),
                    flooded.stats.at("/packwatch/stats/" + c.replace('.', '/')).asLong());
        }
    }
}
