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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-truncated.pcap: archives uploaded from 10.1.0.8 to 203.0.113.40:4444 in 536-byte segments whose
 * capture lost bytes. 47001: a zip missing its 4th and 5th segments; 47002: a tar.gz missing its 3rd; 47003: a
 * zip missing its last two segments, then reset by the server; 47004: a tar.gz whose capture ends after the 4th
 * segment. The format must still be found from the first bytes, and a gap ends the object: what follows it is
 * inspected as a new object whose start was not seen.
 */
class InspectTruncatedScenarioTest {
    private static final int MSS = InspectionPcaps.TRUNCATED_MSS;

    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static Map<Integer, JsonNode> alerts;
    private static final byte[] ZIP = InspectionPcaps.truncatedZip();
    private static final byte[] TAR_GZ = InspectionPcaps.truncatedTarGz();

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-truncated.pcap");
        assertEquals(0, scenario.run.exitCode);
        alerts = scenario.alerts();
    }

    private static void assertZipFromItsFirstBytes(JsonNode o) {
        assertDetected(o, "zip", 0, "none", "zip");
        assertTrue(o.at("/dlp/detail").asText().startsWith("first=notes.txt method=deflate"), o.toString());
    }

    /** The objects sent from {@code port}: before the gap, then after it when anything came after it. */
    private static List<JsonNode> objects(int port, int expected) {
        List<JsonNode> l = scenario.objectsFrom(port);
        assertEquals(expected, l.size(), "objects from " + port + ": " + l);
        return l;
    }

    /** Bytes after a gap: inspected as their own object, truncated (its start unseen), nothing missed in it. */
    private static void assertAfterGap(JsonNode o, long size) {
        assertPartial(o, size, 0);
    }

    @Test
    void zipWithSegmentsMissingInTheMiddle() {
        List<JsonNode> l = objects(47001, 2);
        JsonNode o = l.get(0);
        assertZipFromItsFirstBytes(o);
        assertPartial(o, 3 * MSS, 2 * MSS);
        assertArchiveUpload(alerts.get(47001), o);
        // after the gap: the zip's second local header (accounts.csv) is found where it lies
        JsonNode after = l.get(1);
        int resumed = 5 * MSS;
        assertDetected(after, "zip", indexOf(ZIP, new byte[] {'P', 'K', 3, 4}, resumed) - resumed, "none", "zip");
        assertTrue(after.at("/dlp/detail").asText().startsWith("first=accounts.csv"), after.toString());
        assertAfterGap(after, ZIP.length - resumed);
        int listed = 0;
        for (JsonNode e : alerts.get(47001).at("/dlp/objects")) {
            listed += e.at("/source/port").asInt() == 47001 ? 1 : 0;
        }
        assertEquals(2, listed, "the episode's alert lists both");
        JsonNode flow = scenario.flowFrom(47001);
        assertEquals(2 * MSS, flow.at("/dlp/flow/missed_bytes").asLong());
        assertEquals("ShADaGFf", flow.at("/dlp/flow/history").asText());
        assertEquals("SF", flow.at("/dlp/flow/state").asText());
    }

    @Test
    void tarGzWithASegmentMissingInTheMiddle() {
        List<JsonNode> l = objects(47002, 2);
        JsonNode o = l.get(0);
        assertDetected(o, "tar", 0, "none", "gzip", "tar");
        assertPartial(o, 2 * MSS, MSS);
        assertArchiveUpload(alerts.get(47002), o);
        // after the gap: deflate from inside its stream, no format to find; the statistics call it compressed
        JsonNode after = l.get(1);
        assertEquals("none", after.at("/dlp/format").asText(), after.toString());
        assertEquals("compressed", after.at("/dlp/class").asText(), after.toString());
        assertAfterGap(after, TAR_GZ.length - 3 * MSS);
        assertEquals(MSS, scenario.flowFrom(47002).at("/dlp/flow/missed_bytes").asLong());
    }

    @Test
    void zipWhoseEndWasLostBeforeAReset() {
        int segments = (ZIP.length + MSS - 1) / MSS;
        int seen = (segments - 2) * MSS;
        JsonNode o = objects(47003, 1).get(0);
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
        JsonNode o = objects(47004, 1).get(0);
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
        // 47001 and 47002 go on after their gaps: two objects each
        assertEquals(6, scenario.counter("inspect.objects"));
        assertEquals(5, scenario.counter("inspect.archives_found"));
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        for (int i = from; i + what.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
