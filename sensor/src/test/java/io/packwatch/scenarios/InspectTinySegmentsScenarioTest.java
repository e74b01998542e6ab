package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packwatch.testkit.InspectionPcaps;
import io.packwatch.testkit.InspectionSamples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-tiny-segments.pcap: cli.zip (ports 48001-48003) and py.tar.gz (48004-48006) uploaded from
 * 10.1.0.9 to 203.0.113.50:4444 three times each: in one segment, in segments of 1, 2, 3, 1, 2, 3... bytes (so
 * the magic spans three segments), and in those tiny segments with each run of 8 arriving last first.
 */
class InspectTinySegmentsScenarioTest {
    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static Map<Integer, JsonNode> objects;
    private static final byte[] ZIP = InspectionSamples.resource("formats/cli.zip");
    private static final byte[] TAR_GZ = InspectionSamples.resource("formats/py.tar.gz");

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-tiny-segments.pcap");
        assertEquals(0, scenario.run.exitCode);
        objects = scenario.objects();
    }

    /** The object record without what differs by connection: addresses, time, flow id, community id. */
    private static JsonNode verdict(JsonNode o) {
        ObjectNode v = o.deepCopy();
        v.remove(List.of("@timestamp", "source", "network"));
        ((ObjectNode) v.get("dlp")).remove("flow");
        return v;
    }

    private static void assertSameAsWhole(int wholePort, byte[] archive) {
        for (int port = wholePort; port < wholePort + 3; port++) {
            JsonNode flow = scenario.flowFrom(port);
            scenario.assertCompleteTcp(flow, archive, new byte[0]);
            assertEquals(verdict(objects.get(wholePort)), verdict(objects.get(port)), "port " + port);
        }
    }

    @Test
    void zipInTinySegmentsInAndOutOfOrderIsDetectedAsWhole() {
        JsonNode whole = objects.get(48001);
        assertDetected(whole, "zip", 0, "none", "zip");
        assertWhole(whole, ZIP);
        assertTrue(whole.at("/dlp/detail").asText().startsWith("first=secret.txt method=deflate"), whole.toString());
        assertSameAsWhole(48001, ZIP);
    }

    @Test
    void tarGzInTinySegmentsInAndOutOfOrderIsDetectedAsWhole() {
        JsonNode whole = objects.get(48004);
        assertDetected(whole, "tar", 0, "none", "gzip", "tar");
        assertWhole(whole, TAR_GZ);
        assertSameAsWhole(48004, TAR_GZ);
    }

    /** Segments of TINY_SIZES bytes in turn. */
    private static int tinySegments(int length) {
        int n = 0;
        for (int off = 0; off < length; n++) {
            off += InspectionPcaps.TINY_SIZES[n % InspectionPcaps.TINY_SIZES.length];
        }
        return n;
    }

    /** In a run of r segments that arrives last first, all but the last to arrive are out of order. */
    private static int outOfOrder(int segments) {
        int run = InspectionPcaps.TINY_REORDER_RUN;
        return segments / run * (run - 1) + Math.max(0, segments % run - 1);
    }

    @Test
    void reassemblyCountsEveryTinySegment() {
        int zip = tinySegments(ZIP.length);
        int tarGz = tinySegments(TAR_GZ.length);
        assertEquals(229, zip);
        assertEquals(162, tarGz);
        assertEquals(2 + 2 * (zip + tarGz), scenario.counter("reassembly.segments"));
        assertEquals(outOfOrder(zip) + outOfOrder(tarGz), scenario.counter("reassembly.out_of_order"));
        assertEquals(0, scenario.counter("reassembly.gaps"));
        assertEquals(6, scenario.counter("inspect.archives_found"));
    }
}
