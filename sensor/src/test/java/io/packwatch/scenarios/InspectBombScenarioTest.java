package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertArchiveUpload;
import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.cli.SensorMain;
import io.packwatch.support.Repo;
import io.packwatch.testkit.InspectionPcaps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-bomb.pcap: decompression bombs uploaded over raw TCP from 10.1.0.7 to 203.0.113.30:4444. Port
 * 46001 sends the gzip of 50 MiB of zeros (50,988 bytes); port 46002 a nested bomb, the gzip of a gzip whose 20
 * members each hold those 50 MiB (2,850 bytes that expand to 1,019,760, then to 1000 MiB).
 */
class InspectBombScenarioTest {
    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static byte[] bomb;
    private static byte[] nested;

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-bomb.pcap");
        assertEquals(0, scenario.run.exitCode);
        // What the uploads carried, as reassembled (CheckedInPcapsTest ties the capture to the generator; deflating
        // 50 MiB again here would cost a second).
        bomb = scenario.client(scenario.flowFrom(46001));
        nested = scenario.client(scenario.flowFrom(46002));
    }

    /** ISIZE, the last four bytes of a gzip member: the uncompressed length mod 2^32. */
    private static long isize(byte[] gzip) {
        int n = gzip.length;
        return (gzip[n - 4] & 0xFFL) | (gzip[n - 3] & 0xFFL) << 8 | (gzip[n - 2] & 0xFFL) << 16
                | (gzip[n - 1] & 0xFFL) << 24;
    }

    @Test
    void thePayloadsAreBombs() {
        assertEquals(50_988, bomb.length);
        assertEquals(0x1F, bomb[0]);
        assertEquals(InspectionPcaps.BOMB_BYTES, isize(bomb));
        assertEquals(2_850, nested.length);
        assertEquals(InspectionPcaps.NESTED_MEMBERS * (long) bomb.length, isize(nested));
    }

    @Test
    void bothBombsAreReportedAsGzipAndAlerted() {
        Map<Integer, JsonNode> objects = scenario.objects();
        Map<Integer, JsonNode> alerts = scenario.alerts();
        assertEquals(2, objects.size());
        JsonNode flat = objects.get(46001);
        assertDetected(flat, "gzip", 0, "none", "gzip");
        assertWhole(flat, bomb);
        assertArchiveUpload(alerts.get(46001), flat);
        assertTrue(flat.at("/dlp/archive/bomb").asBoolean(), "50 MiB of zeros in 50 KB: " + flat);
        assertEquals("decode_limit", flat.at("/dlp/archive/reason").asText());
        JsonNode inner = objects.get(46002);
        assertDetected(inner, "gzip", 0, "none", "gzip", "gzip");
        assertTrue(inner.at("/dlp/archive/bomb").asBoolean());
        assertEquals(65_536, inner.at("/dlp/archive/decoded_bytes").asLong(), "decoding stops at its limit");
        assertWhole(inner, nested);
        assertArchiveUpload(alerts.get(46002), inner);
    }

    @Test
    void inspectionStaysWithinOneWindow() {
        // Each bomb's window is held in 4 KiB chunks, one object at a time (the larger is 50,988 bytes: 13
        // chunks), never more than the 64 KiB window; the validators inflate a bounded prefix.
        long chunks = (Math.max(bomb.length, nested.length) + 4095) / 4096;
        assertEquals(13, chunks);
        assertEquals(chunks * 4096, scenario.counter("inspect.memory_peak_bytes"));
        assertEquals(0, scenario.counter("reassembly.memory_peak_bytes"));
        assertEquals(0, scenario.counter("inspect.detector_errors"));
        assertEquals(0, scenario.counter("pipeline.internal_errors"));
        assertEquals(2, scenario.counter("inspect.bombs"));
    }

    /**
     * A sensor that inflated a bomb whole would need 50 MiB at least; it runs in a 32 MiB heap (C1 only and the
     * serial collector: a short run starts faster).
     */
    @Test
    void runsInASmallHeap() throws Exception {
        Path out = tmp.resolve("small-heap.ndjson");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                "--read", Repo.pcap("inspect-bomb.pcap").toString(), "--output", out.toString(), "--quiet",
                "--no-progress")
                .directory(Repo.root().toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), console);
        ObjectMapper json = new ObjectMapper();
        List<String> formats = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode r = json.readTree(line);
            if (r.at("/event/dataset").asText().equals("packwatch.object")) {
                formats.add(r.at("/source/port").asInt() + ":" + r.at("/dlp/format").asText());
            }
        }
        assertEquals(List.of("46001:gzip", "46002:gzip"), formats.stream().sorted().toList());
    }
}
