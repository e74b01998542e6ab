package io.packwatch.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defender for Endpoint records, parsed from the checked-in samples, as correlation evidence: a
 * DeviceNetworkEvents connection names the process behind an upload and teaches the host's address
 * as Sysmon's EID 3 does; a DeviceFileEvents FileSize meets the uploaded object's size.
 */
class MdeCorrelationTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = Instant.parse("2023-11-14T22:13:25Z").getEpochSecond() * S;
    private static final String HOST = "10.1.0.5";
    private static final String FORWARDER = "192.0.2.50"; // the log forwarder, not the host: no trust_sender
    private static final long ARCHIVE_SIZE = 48211; // FileSize of q3.zip in the sample

    private final List<Alert> alerts = new ArrayList<>();
    private final HostDirectory hosts = new HostDirectory(List.of(), false, 1000);
    private final Correlator correlator = new Correlator(new CorrelationConfig(600 * S, 120 * S, List.of(), List.of(),
            100, 1000, 2), hosts, alerts::add, new Counters());

    /** The sample's events: 0..3 DeviceNetworkEvents (out, out mapped, in, listen), 4 the FileCreated of q3.zip. */
    private static List<EndpointEvent> defender() throws Exception {
        EndpointParser p = new EndpointParser(ParseConfig.defaults(), new Counters());
        List<EndpointEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(Repo.root().resolve("sensor/src/test/resources/endpoint/mde-network.txt"))) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            p.parse(b, 0, b.length, FORWARDER, T0 + 60 * S, out::add);
        }
        p.flush(out::add);
        assertEquals(5, out.size());
        return out;
    }

    private static Upload zipUpload(String dst, long size) {
        return new Upload(T0 + 3 * S, 9, 49852, 443, null, size, "zip", List.of("zip"), "compressed", null,
                "ef".repeat(32), null, List.of("q3.zip"), "/upload", dst, null, false, null);
    }

    private Alert uploadAfter(List<EndpointEvent> events, String dst, long size, boolean fileEventIsEvidence) {
        for (EndpointEvent e : events) {
            correlator.onEndpointEvent(e);
        }
        if (fileEventIsEvidence) {
            correlator.onEvidence("sigma-archive-in-temp", "Archive created in a temporary folder", events.get(4));
        }
        correlator.offer(HOST, dst, "outbound", zipUpload(dst, size), NetworkAlert.ARCHIVE_UPLOAD);
        correlator.flush();
        assertEquals(1, alerts.size());
        return alerts.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> matched(Alert a) {
        return (List<String>) ((Map<String, Object>) a.get("dlp.correlation")).get("matched");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> evidence(Alert a) {
        return (List<Map<String, Object>>) a.get("dlp.evidence");
    }

    @Test
    void theDefenderConnectionNamesTheUploadingProcess() throws Exception {
        Alert a = uploadAfter(defender(), "203.0.113.10", ARCHIVE_SIZE, true);
        assertEquals("pw.corr.archive_exfil", a.ruleId());
        assertEquals(List.of("host", "time", "name", "size", "process", "format"), matched(a));
        assertEquals("ws01.corp.example", a.get("host.name"));
        // the file event (filed under the host's name) and the connection (filed under LocalIP) both joined
        List<Map<String, Object>> ev = evidence(a);
        assertEquals(2, ev.size());
        Map<String, Object> connection = ev.stream().filter(m -> "network_connection".equals(m.get("event.category")))
                .findFirst().orElseThrow();
        assertEquals("203.0.113.10", connection.get("destination.ip"));
        assertEquals("c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe", connection.get("process.executable"));
        assertEquals("mde", connection.get("event.module"));
        assertTrue(((String) connection.get("process.command_line")).contains("-InFile $env:TEMP\\q3.zip"));
    }

    @Test
    void anIpv4MappedConnectionMatchesItsDestination() throws Exception {
        Alert a = uploadAfter(defender(), "198.51.100.7", ARCHIVE_SIZE + 5, true);
        assertTrue(matched(a).contains("process"), matched(a).toString());
        Map<String, Object> connection = evidence(a).stream()
                .filter(m -> "network_connection".equals(m.get("event.category"))).findFirst().orElseThrow();
        assertTrue(((String) connection.get("process.executable")).endsWith("python.exe"));
    }

    @Test
    void outboundConnectionsTeachTheHostsAddressInboundOnesDoNot() throws Exception {
        for (EndpointEvent e : defender()) {
            correlator.onEndpointEvent(e);
        }
        assertEquals("ws01", hosts.nameOf(HOST));
        assertNull(hosts.nameOf("10.1.0.99"), "the RDP client's address is not ws01's");
        assertEquals(List.of(HOST, "name:ws01"), hosts.bucketsOf(HOST));
    }

    @Test
    void sizeMatchesOnlyTheExactObjectSize() throws Exception {
        List<EndpointEvent> events = defender();
        assertTrue(matched(uploadAfter(events, "203.0.113.10", ARCHIVE_SIZE, true)).contains("size"));
        for (long size : new long[] {ARCHIVE_SIZE - 1, ARCHIVE_SIZE + 1}) {
            alerts.clear();
            assertFalse(matched(uploadAfter(events, "203.0.113.10", size, true)).contains("size"), "size " + size);
        }
    }

    @Test
    void aConnectionAloneIsNoAnalytic() throws Exception {
        Alert a = uploadAfter(defender(), "203.0.113.10", ARCHIVE_SIZE, false);
        assertEquals("pw.net.archive_upload", a.ruleId(), "a bare connection only supports an analytic's alert");
    }
}
