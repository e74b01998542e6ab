package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Flow workers change who does the work, never the result. */
class WorkerEquivalenceTest {
    @TempDir
    Path tmp;

    static List<String> allPcaps() throws IOException {
        Path root = Repo.root().resolve("pcaps");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> all = files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                    .sorted().toList();
            assertTrue(all.size() >= 22, "pcaps found: " + all);
            return all;
        }
    }

    /** Flow records with their id removed, canonical (sorted keys) and sorted. */
    private static List<String> flowSet(SensorRun run) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : run.flows()) {
            ObjectNode copy = f.deepCopy();
            ((ObjectNode) copy.get("dlp").get("flow")).remove("id");
            out.add(canonical(copy));
        }
        out.sort(null);
        return out;
    }

    private static String canonical(JsonNode n) {
        if (n.isObject()) {
            TreeMap<String, String> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
            return m.toString();
        }
        return n.toString();
    }

    /** Counters that must not depend on the worker count (everything but peaks, timing and the worker count). */
    private static TreeMap<String, Long> counters(SensorRun run) {
        TreeMap<String, Long> m = new TreeMap<>();
        collect("", run.stats().at("/packwatch/stats"), m);
        m.keySet().removeIf(k -> k.contains("_peak") || k.equals("pipeline.workers")
                || k.equals("flow.max_flows_effective") || k.equals("input_problem"));
        return m;
    }

    private static void collect(String prefix, JsonNode n, TreeMap<String, Long> m) {
        n.fields().forEachRemaining(e -> {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                collect(name, e.getValue(), m);
            } else {
                m.put(name, e.getValue().asLong());
            }
        });
    }

    private void assertSameWithZeroAndTwoWorkers(String pcap) {
        String file = Repo.pcap(pcap).toString();
        SensorRun inline = SensorRun.of(tmp, "--read", file, "--set", "pipeline.workers=0");
        SensorRun two = SensorRun.of(tmp, "--read", file, "--set", "pipeline.workers=2");
        assertEquals(inline.exitCode, two.exitCode, "exit code");
        assertEquals(0, inline.stats().at("/packwatch/stats/pipeline/workers").asLong());
        assertEquals(2, two.stats().at("/packwatch/stats/pipeline/workers").asLong());
        List<String> a = flowSet(inline);
        assertFalse(a.isEmpty(), "no flows in " + pcap);
        assertEquals(a, flowSet(two), "flow records of " + pcap);
        assertEquals(counters(inline), counters(two), "counters of " + pcap);
        assertEquals(inline.stats().at("/packwatch/input_problem").asText(),
                two.stats().at("/packwatch/input_problem").asText());
        // Ids stay unique across workers.
        assertEquals(two.flows().size(), two.flows().stream().map(f -> f.at("/dlp/flow/id").asLong()).distinct().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allPcaps")
    void sameFlowsAndCountersWithZeroAndTwoWorkers(String pcap) {
        assertSameWithZeroAndTwoWorkers(pcap);
    }
}
