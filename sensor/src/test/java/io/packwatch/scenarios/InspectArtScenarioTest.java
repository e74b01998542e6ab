package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertArchiveUpload;
import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.testkit.InspectionSamples;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-art.pcap: what the four Atomic Red Team T1560.002 tests write (sensor/src/test/resources/art),
 * each uploaded over raw TCP from 192.168.56.20 to 198.51.100.7: passwd.gz from port 45001 to 4444, passwd.bz2
 * from 45002 to 8081, passwd.zip from 45003 to 9001, passwd.tar.gz from 45004 to 31337.
 */
class InspectArtScenarioTest {
    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static Map<Integer, JsonNode> objects;
    private static Map<Integer, JsonNode> alerts;

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-art.pcap");
        assertEquals(0, scenario.run.exitCode);
        objects = scenario.objects();
        alerts = scenario.alerts();
    }

    private static byte[] artifact(String name) {
        return InspectionSamples.resource("art/" + name);
    }

    private static void assertSentTo(JsonNode o, int serverPort) {
        assertEquals("192.168.56.20", o.at("/source/ip").asText());
        assertEquals("198.51.100.7", o.at("/destination/ip").asText());
        assertEquals(serverPort, o.at("/destination/port").asInt());
        assertEquals("outbound", o.at("/network/direction").asText());
    }

    @Test
    void gzipFileOfTestOneIsRecognizedButTooSmallToAlert() {
        JsonNode o = objects.get(45001);
        assertSentTo(o, 4444);
        assertDetected(o, "gzip", 0, "none", "gzip");
        assertWhole(o, artifact("passwd.gz"));
        assertEquals(492, o.at("/file/size").asLong());
        assertTrue(o.at("/dlp/detail").asText().contains("name=passwd"), o.at("/dlp/detail").asText());
        // 492 bytes is under alert.min_bytes (1 KiB).
        assertFalse(alerts.containsKey(45001));
    }

    @Test
    void bzip2ReprOfTestTwo() {
        JsonNode flow = scenario.flowFrom(45002);
        assertEquals(8081, flow.at("/destination/port").asInt());
        assertEquals(1466, flow.at("/dlp/flow/client_stream_bytes").asLong());
        assertEquals("b'BZh9", Scenario.text(scenario.client(flow)).substring(0, 6));
        // Test 2 writes str(bytes): the Python repr of the bzip2 stream, found inside the escaped text.
        JsonNode o = objects.get(45002);
        assertDetected(o, "bzip2", 2, "escaped", "escaped", "bzip2");
        assertEquals("plaintext", o.at("/dlp/inner_class").asText());
        assertEquals(1250, o.at("/dlp/archive/decoded_bytes").asLong(), "the passwd file, whole");
        assertArchiveUpload(alerts.get(45002), o);
    }

    @Test
    void storedZipsOfTestsThreeAndFourAreRecognizedAndAlerted() {
        // Test 4 runs the zipfile command again: passwd.tar.gz is a stored zip, not a tar.gz.
        int[][] portAndServerPort = {{45003, 9001}, {45004, 31337}};
        String[] files = {"passwd.zip", "passwd.tar.gz"};
        for (int i = 0; i < files.length; i++) {
            JsonNode o = objects.get(portAndServerPort[i][0]);
            assertSentTo(o, portAndServerPort[i][1]);
            assertDetected(o, "zip", 0, "none", "zip");
            assertWhole(o, artifact(files[i]));
            assertEquals(1360, o.at("/file/size").asLong());
            assertTrue(o.at("/dlp/detail").asText().contains("first=passwd method=stored"), o.at("/dlp/detail").asText());
            assertArchiveUpload(alerts.get(portAndServerPort[i][0]), o);
        }
    }

    @Test
    void countersAddUp() {
        assertEquals(4, scenario.flows().size());
        assertEquals(4, scenario.counter("inspect.objects"));
        assertEquals(4, scenario.counter("inspect.archives_found"));
        assertEquals(4, scenario.counter("inspect.objects_reported"));
        assertEquals(0, scenario.counter("inspect.detector_errors"));
    }
}
