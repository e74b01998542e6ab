package io.packwatch.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.SensorRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark captures are what they claim to be to the sensor: {@code bench inspect-cost tls} measures TLS only
 * while the generator's TLS flows pass {@code ProtocolHint}'s record-chaining rule, and {@code random} measures the
 * statistics only while its flows reach them. A capture that silently stopped being either would still run, and
 * measure something else.
 */
class MixedPcapGeneratorTest {
    private static final Set<Integer> TLS_PORTS = Set.of(443, 8443);

    private static SensorRun generateAndRead(Path tmp, String... options) throws Exception {
        Path pcap = tmp.resolve("mixed.pcap");
        String[] args = new String[options.length + 4];
        args[0] = "--out";
        args[1] = pcap.toString();
        args[2] = "--size";
        args[3] = "6m";
        System.arraycopy(options, 0, args, 4, options.length);
        MixedPcapGenerator.main(args);
        SensorRun run = SensorRun.of(tmp, "--read", pcap.toString());
        assertEquals(0, run.exitCode);
        return run;
    }

    private static int serverPort(JsonNode o) {
        boolean fromClient = "client".equals(o.at("/dlp/stream").asText());
        return o.at(fromClient ? "/destination/port" : "/source/port").asInt();
    }

    @Test
    void everyTlsFlowIsTlsToTheSensor(@TempDir Path tmp) throws Exception {
        SensorRun run = generateAndRead(tmp, "--tls", "100");
        List<JsonNode> tls = run.objects().stream().filter(o -> TLS_PORTS.contains(serverPort(o))).toList();
        assertTrue(tls.size() > 500, "objects on TLS ports: " + tls.size());
        for (JsonNode o : tls) {
            assertEquals("tls", o.at("/network/protocol").asText(), o.toString());
            assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
        }
        // the rest carry text, which carries nothing to report
        assertEquals(tls.size(), run.objects().size(), "objects off the TLS ports");
        assertEquals(0, run.counter("inspect.entropy.resync_scans"), "no window went to the statistics");
    }

    @Test
    void randomFlowsReachTheStatistics(@TempDir Path tmp) throws Exception {
        SensorRun run = generateAndRead(tmp, "--random", "30");
        List<JsonNode> objects = run.objects();
        assertTrue(objects.size() > 300, "objects: " + objects.size());
        for (JsonNode o : objects) {
            assertTrue(o.at("/network/protocol").isMissingNode(), o.toString());
            String basis = o.at("/dlp/class_basis").asText();
            assertTrue(Set.of("statistics", "too_short").contains(basis), o.toString());
        }
        assertTrue(run.counter("inspect.entropy.resync_scans") > 300, "windows called encrypted and searched");
    }
}
