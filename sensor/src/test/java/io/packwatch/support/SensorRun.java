package io.packwatch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.cli.SensorMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs the sensor command in-process on files and parses the NDJSON it writes. */
public final class SensorRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final int exitCode;
    public final List<JsonNode> records;

    private SensorRun(int exitCode, List<JsonNode> records) {
        this.exitCode = exitCode;
        this.records = records;
    }

    public static SensorRun of(Path workDir, String... args) {
        Path out = workDir.resolve("out-" + System.nanoTime() + ".ndjson");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--output", out.toString(), "--quiet", "--no-progress"));
        int rc = SensorMain.run(all.toArray(new String[0]));
        List<JsonNode> records = new ArrayList<>();
        if (Files.exists(out)) {
            try (Stream<String> lines = Files.lines(out)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    records.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new SensorRun(rc, records);
    }

    /**
     * The run over {@code packets} (Ethernet frames of the test kit, written to a capture in {@code workDir}), each
     * setting passed with {@code --set}; it must exit 0 with no internal error.
     */
    public static SensorRun read(Path workDir, List<io.packwatch.testkit.Packet> packets, String... settings)
            throws IOException {
        Path pcap = workDir.resolve("packets-" + System.nanoTime() + ".pcap");
        try (io.packwatch.testkit.PcapWriter w = io.packwatch.testkit.PcapWriter.create(pcap,
                io.packwatch.testkit.Frames.DLT_EN10MB)) {
            for (io.packwatch.testkit.Packet p : packets) {
                w.write(p);
            }
        }
        List<String> args = new ArrayList<>(List.of("--read", pcap.toString()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        SensorRun run = of(workDir, args.toArray(String[]::new));
        if (run.exitCode != 0 || run.counter("pipeline.internal_errors") != 0) {
            throw new AssertionError("exit " + run.exitCode + ", " + run.counterOrZero("pipeline.internal_errors")
                    + " internal errors reading " + pcap);
        }
        return run;
    }

    /** The records of one {@code event.dataset}, in the order they were written. */
    public List<JsonNode> dataset(String name) {
        return records.stream().filter(r -> r.at("/event/dataset").asText().equals(name)).toList();
    }

    public List<JsonNode> flows() {
        return dataset("packwatch.flow");
    }

    public List<JsonNode> objects() {
        return dataset("packwatch.object");
    }

    /** The object records of what a source port sent. */
    public List<JsonNode> objectsFrom(int port) {
        return objects().stream().filter(r -> r.at("/source/port").asInt() == port).toList();
    }

    public JsonNode stats() {
        return dataset("packwatch.stats").stream().findFirst().orElseThrow(() -> new AssertionError("no stats record"));
    }

    /** A counter from the stats record, by its dotted name; a name the record lacks fails the test. */
    public long counter(String name) {
        JsonNode n = stats().at("/packwatch/stats/" + name.replace('.', '/'));
        if (n.isMissingNode()) {
            throw new AssertionError("no counter " + name + " in the stats record");
        }
        return n.asLong();
    }

    /** {@link #counter}, or 0 for a counter the run never registered (its subsystem was turned off). */
    public long counterOrZero(String name) {
        return stats().at("/packwatch/stats/" + name.replace('.', '/')).asLong();
    }
}
