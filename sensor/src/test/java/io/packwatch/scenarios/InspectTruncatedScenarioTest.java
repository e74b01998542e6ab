package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertArchiveUpload;
import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertPartial;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.testkit.InspectionPcaps;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-truncated.pcap: archives uploaded from 10.1.0.8 to 203.0.113.40:4444 in 536-byte segments whose
 * capture lost bytes. 47001: a zip missing its 4th and 5th segments; 47002: a tar.gz missing its 3rd; 47003: a
 * zip missing its last two segments, then reset by the server; 47004: a tar.gz whose capture ends after the 4th
 * segment. The format must still be found from the first bytes.
 */
class InspectTruncatedScenarioTest {
    private static final int MSS = InspectionPcaps.TRUNCATED_MSS;

    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static Map<Integer, JsonNode> objects;
    private static Map<Integer, JsonNode> alerts;
    private static final byte[] ZIP = InspectionPcaps.truncatedZip();
    private static final byte[] TAR_GZ = InspectionPcaps.truncatedTarGz();

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-truncated.pcap");
        assertEquals(0, scenario.run.exitCode);
        objects = scenario.objects();
        alerts = scenario.alerts();
    }

    private static void assertZipFromItsFirstBytes(JsonNode o) {
        assertDetected(o, "zip", 0, "none", "zip");
        assertTrue(o.at("/dlp/detail").asText().startsWith("first=notes.txt method=deflate"), o.toString());
    }

    @Test
    void zipWithSegmentsMissingInTheMiddle() {
        JsonNode o = objects.get(47001);
        assertZipFromItsFirstBytes(o);
        assertPartial(o, ZIP.length - 2 * MSS, 2 * MSS);
        assertArchiveUpload(alerts.get(47001), o);
        JsonNode flow = scenario.flowFrom(47001);
        assertEquals(2 * MSS, flow.at("/dlp/flow/missed_bytes").asLong());
        assertEquals("ShADaGFf", flow.at("/dlp/flow/history").asText());
        assertEquals("SF", flow.at("/dlp/flow/state").asText());
    }

    @Test
    void tarGzWithASegmentMissingInTheMiddle() {
        JsonNode o = objects.get(47002);
        assertDetected(o, "tar", 0, "none", "gzip", "tar");
        assertPartial(o, TAR_GZ.length - MSS, MSS);
        assertArchiveUpload(alerts.get(47002), o);
        assertEquals(MSS, scenario.flowFrom(47002).at("/dlp/flow/missed_bytes").asLong());
    }

    @Test
    void zipWhoseEndWasLostBeforeAReset() {
        int segments = (ZIP.length + MSS - 1) / MSS;
        int seen = (segments - 2) * MSS;
        JsonNode o = objects.get(47003);
        assertZipFromItsFirstBytes(o);
        // The server's RST/ACK acknowledges every byte sent: the lost tail is a gap.
        assertPartial(o, seen, ZIP.length - seen);
        assertArchiveUpload(alerts.get(47003), o);
        JsonNode flow = scenario.flowFrom(47003);
        assertEquals("RSTR", flow.at("/dlp/flow/state").asText());
        assertEquals("ShADarG", flow.at("/dlp/flow/history").asText());
        assertEquals(ZIP.length - seen, flow.at("/dlp/flow/missed_bytes").asLong());
    }

    @Test
    void tarGzWhoseCaptureEnds() {
        JsonNode o = objects.get(47004);
        assertDetected(o, "tar", 0, "none", "gzip", "tar");
        // Capture ends mid-transfer: no packet shows that bytes were lost, so missed_bytes is 0, but the sender
        // never finished (no FIN or RST): the object was not seen whole, so it is truncated and not hashed.
        assertPartial(o, 4 * MSS, 0);
        JsonNode flow = scenario.flowFrom(47004);
        assertEquals("S1", flow.at("/dlp/flow/state").asText());
        assertEquals("end_of_input", flow.at("/event/reason").asText());
        assertEquals(0, flow.at("/dlp/flow/missed_bytes").asLong());
    }

    @Test
    void gapsAreCounted() {
        int segments = (ZIP.length + MSS - 1) / MSS;
        long tail = ZIP.length - (segments - 2) * MSS;
        // 47001's two lost segments are two gaps: each was declared when the server's ACK passed it.
        assertEquals(4, scenario.counter("reassembly.gaps"));
        assertEquals(3L * MSS + tail, scenario.counter("reassembly.gap_bytes"));
        assertEquals(4, scenario.counter("inspect.objects"));
        assertEquals(4, scenario.counter("inspect.archives_found"));
    }
}
