package io.packwatch.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelatorTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_764_000_000L * S;
    private static final String HOST = "10.1.0.5";
    private static final String DST = "203.0.113.10";

    private final List<Alert> alerts = new ArrayList<>();
    private final Counters counters = new Counters();

    private Correlator correlator(List<String> hosts, List<String> allowProcesses, int maxEvidence) {
        CorrelationConfig config = new CorrelationConfig(600 * S, 120 * S,
                allowProcesses, List.of("svc-backup"), 100, maxEvidence, 2);
        return new Correlator(config, new HostDirectory(hosts, true, 1000), alerts::add, counters);
    }

    private Correlator correlator() {
        return correlator(List.of(), List.of(), 1000);
    }

    private static EndpointEvent event(long t, String category, Map<String, String> fields) {
        return new EndpointEvent(t, "linux", category, "sysmon_linux", fields, "raw", HOST);
    }

    private static EndpointEvent pythonGzip(long t) {
        return event(t, "process_creation", Map.of(Ecs.HOST_NAME, "alice-pc", Ecs.USER_NAME, "alice",
                Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PROCESS_COMMAND_LINE,
                "python3 -c \"import gzip;input_file=open('/etc/passwd', 'rb');content=input_file.read();"
                        + "output_file=gzip.GzipFile('/tmp/passwd.gz','wb',compresslevel=6)\""));
    }

    private static Upload upload(long t, String format, String name, String protocol, String dataClass) {
        return new Upload(t, 7, 40000, 443, null, 492, format, format.equals("none") ? List.of() : List.of(format), dataClass, protocol,
                "ab".repeat(32), "cd".repeat(16), name == null ? List.of() : List.of(name), name == null ? null
                : "/upload/" + name, "exfil.example", null, false, null);
    }

    private void gzipUpload(Correlator c, long t, String name) {
        c.offer(HOST, DST, "outbound", upload(t, "gzip", name, null, "compressed"), NetworkAlert.ARCHIVE_UPLOAD);
    }

    @Test
    void interpreterBuildsArchiveThenUploadsItUnderItsName_isCritical() {
        Correlator c = correlator();
        c.onEvidence("sigma-python-compress", "Python imports a compression module", pythonGzip(T0));
        gzipUpload(c, T0 + 30 * S, "passwd.gz");
        assertTrue(alerts.isEmpty(), "the alert waits for the episode's window to close");
        c.advance(T0 + 30 * S + 121 * S);
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals("pw.corr.archive_exfil", a.ruleId());
        assertEquals(4, a.severity());
        assertEquals(99, a.riskScore());
        assertEquals("created", a.action());
        assertEquals(List.of("T1560.002", "T1041"), a.techniques());
        assertEquals(HOST, a.get("source.ip"));
        assertEquals(DST, a.get("destination.ip"));
        assertEquals(443L, a.get("destination.port"));
        assertEquals("alice-pc", a.get("host.name"));
        assertEquals("alice", a.get("user.name"));
        assertEquals("/usr/bin/python3", a.get("process.executable"));
        assertEquals("passwd.gz", a.get("file.name"));
        assertEquals("gzip", a.get("dlp.format"));
        @SuppressWarnings("unchecked")
        Map<String, Object> corr = (Map<String, Object>) a.get("dlp.correlation");
        assertEquals(List.of("host", "time", "name", "format"), corr.get("matched"));
        assertEquals(600L, corr.get("window_before_seconds"));
        assertEquals(1L, counters.counter("alert.correlated").get());
    }

    @Test
    void evidenceWithoutNameOrHash_isHigh() {
        Correlator c = correlator();
        c.onEvidence("sigma-python-compress", "Python imports a compression module", pythonGzip(T0));
        gzipUpload(c, T0 + 60 * S, null);
        c.flush();
        assertEquals(1, alerts.size());
        assertEquals(3, alerts.get(0).severity());
        assertEquals(73, alerts.get(0).riskScore());
    }

    @Test
    void hashMatchIsCritical() {
        Correlator c = correlator();
        c.onEvidence("sigma-archive-in-tmp", "Archive written to a staging path", event(T0, "file_event",
                Map.of(Ecs.FILE_PATH, "/tmp/out.bin", Ecs.FILE_HASH_SHA256, "AB".repeat(32))));
        gzipUpload(c, T0 + S, null);
        c.flush();
        @SuppressWarnings("unchecked")
        Map<String, Object> corr = (Map<String, Object>) alerts.get(0).get("dlp.correlation");
        assertTrue(((List<?>) corr.get("matched")).contains("hash"));
        assertEquals(4, alerts.get(0).severity());
    }

    @Test
    void withoutEvidence_theNetworkRuleAlertsAtMedium() {
        Correlator c = correlator();
        gzipUpload(c, T0, "a.gz");
        c.flush();
        assertEquals(1, alerts.size());
        assertEquals("pw.net.archive_upload", alerts.get(0).ruleId());
        assertEquals(2, alerts.get(0).severity());
        assertEquals(1L, counters.counter("alert.network_only").get());
    }

    @Test
    void evidenceOutsideTheWindowDoesNotJoin() {
        Correlator c = correlator();
        c.onEvidence("r", "r", pythonGzip(T0));
        gzipUpload(c, T0 + 601 * S, "passwd.gz");
        c.flush();
        assertEquals("pw.net.archive_upload", alerts.get(0).ruleId());
    }

    @Test
    void evidenceArrivingAfterTheUploadButWithinTheWindowJoins() {
        Correlator c = correlator();
        gzipUpload(c, T0, "passwd.gz");
        c.onEvidence("r", "r", pythonGzip(T0 + 100 * S));
        c.advance(T0 + 200 * S);
        assertEquals(1, alerts.size());
        assertEquals("pw.corr.archive_exfil", alerts.get(0).ruleId());
    }

    @Test
    void oneAlertPerEpisodeListsEveryUpload() {
        Correlator c = correlator();
        gzipUpload(c, T0, "a.gz");
        gzipUpload(c, T0 + 60 * S, "b.gz");
        gzipUpload(c, T0 + 170 * S, "c.gz");
        c.advance(T0 + 170 * S + 121 * S);
        gzipUpload(c, T0 + 600 * S, "d.gz");
        c.flush();
        assertEquals(2, alerts.size(), "a gap longer than the window starts a new episode");
        assertEquals(2, ((List<?>) alerts.get(0).get("dlp.objects")).size(), "listing is capped");
        assertEquals(1L, alerts.get(0).get("dlp.objects_not_listed"));
        assertEquals(3 * 492L, alerts.get(0).get("dlp.bytes"));
        assertEquals(1, ((List<?>) alerts.get(1).get("dlp.objects")).size());
        assertTrue(!alerts.get(0).id().equals(alerts.get(1).id()));
    }

    @Test
    void allowlistedProcessesAndUsersAreNotEvidence() {
        Correlator c = correlator(List.of(), List.of("backup-agent"), 1000);
        c.onEvidence("r", "r", event(T0, "process_creation", Map.of(Ecs.PROCESS_EXECUTABLE, "/opt/bin/backup-agent")));
        c.onEvidence("r", "r", event(T0, "process_creation", Map.of(Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3",
                Ecs.USER_NAME, "SVC-BACKUP")));
        gzipUpload(c, T0 + S, null);
        c.flush();
        assertEquals("pw.net.archive_upload", alerts.get(0).ruleId());
        assertEquals(2L, counters.counter("correlate.evidence_allowlisted").get());
    }

    /**
     * An episode whose first object raised nothing (compressed data without a format) and whose second raised
     * the encrypted-upload alert: the alert describes the second, so its rule and its fields agree.
     */
    @Test
    void theAlertDescribesTheUploadThatRaisedIt() {
        Correlator c = correlator();
        c.offer(HOST, DST, "outbound", upload(T0, "none", null, null, "compressed"), null);
        Upload sealed = new Upload(T0 + S, 8, 40001, 4444, "pw.net.encrypted_upload", 4096, "none", List.of(),
                "encrypted", null, "ef".repeat(32), "01".repeat(16), List.of(), null, null, null, false, null);
        c.offer(HOST, DST, "outbound", sealed, NetworkAlert.ENCRYPTED_UPLOAD);
        c.flush();
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals("pw.net.encrypted_upload", a.ruleId());
        assertEquals("encrypted", a.get("dlp.class"));
        assertEquals(40001L, a.get("source.port"));
        assertEquals(4444L, a.get("destination.port"));
        assertEquals(4096L, a.get("file.size"));
        assertEquals("ef".repeat(32), a.get("file.hash.sha256"));
        assertEquals(492L + 4096L, a.get("dlp.bytes"));
        assertEquals(T0, a.timestampNanos(), "the episode still starts at its first upload");
    }

    @Test
    void tlsAloneAlertsOnlyWithEndpointEvidence() {
        Correlator c = correlator();
        c.offer(HOST, DST, "outbound", upload(T0, "none", null, "tls", "encrypted"), null);
        c.flush();
        assertTrue(alerts.isEmpty());
        c.onEvidence("r", "r", pythonGzip(T0 + 10 * S));
        c.offer(HOST, DST, "outbound", upload(T0 + 20 * S, "none", null, "tls", "encrypted"), null);
        c.flush();
        assertEquals(1, alerts.size());
        assertEquals("pw.corr.tls_exfil", alerts.get(0).ruleId());
        assertEquals(3, alerts.get(0).severity());
    }

    @Test
    void hostNamesMapToAddressesFromConfigAndFromNetworkEvents() {
        Correlator c = correlator(List.of("bob-pc=10.1.0.9"), List.of(), 1000);
        EndpointEvent bob = new EndpointEvent(T0, "linux", "process_creation", "auditd",
                Map.of(Ecs.HOST_NAME, "BOB-PC.corp.example", Ecs.PROCESS_COMMAND_LINE, "python3 -c import bz2"),
                "raw", "192.0.2.50");
        c.onEvidence("r", "r", bob);
        c.onEndpointEvent(new EndpointEvent(T0, "windows", "network_connection", "winlogbeat",
                Map.of(Ecs.HOST_NAME, "carol-pc", Ecs.SOURCE_IP, "10.1.0.7", Ecs.DESTINATION_IP, DST,
                        Ecs.PROCESS_EXECUTABLE, "C:\\Python311\\python.exe"), "raw", "192.0.2.50"));
        c.onEvidence("r", "r", new EndpointEvent(T0, "windows", "process_creation", "winlogbeat",
                Map.of(Ecs.HOST_NAME, "carol-pc", Ecs.PROCESS_COMMAND_LINE, "python.exe -c import zipfile"),
                "raw", "192.0.2.50"));
        c.offer("10.1.0.9", DST, "outbound", upload(T0 + S, "bzip2", null, null, "compressed"), null);
        c.offer("10.1.0.7", DST, "outbound", upload(T0 + S, "zip", null, null, "compressed"), null);
        c.flush();
        assertEquals(2, alerts.size());
        assertEquals("pw.corr.archive_exfil", alerts.get(0).ruleId());
        assertEquals("pw.corr.archive_exfil", alerts.get(1).ruleId());
        @SuppressWarnings("unchecked")
        Map<String, Object> corr = (Map<String, Object>) alerts.get(1).get("dlp.correlation");
        assertEquals(List.of("host", "time", "process", "format"), corr.get("matched"));
    }

    @Test
    void evidenceHeldIsBounded() {
        Correlator c = correlator(List.of(), List.of(), 3);
        for (int i = 0; i < 5; i++) {
            c.onEvidence("r", "r", pythonGzip(T0 + i * S));
        }
        assertEquals(2L, counters.counter("correlate.evidence_evicted").get());
        EndpointEvent noHost = new EndpointEvent(T0, "linux", "process_creation", "generic", Map.of(), "raw", null);
        c.onEvidence("r", "r", noHost);
        assertEquals(1L, counters.counter("correlate.evidence_without_host").get());
        assertNull(alerts.isEmpty() ? null : alerts.get(0));
    }

    @Test
    void aNameLearnedOnTheWireAttributesEvidenceThatNamesOnlyItsHost() {
        CorrelationConfig config = new CorrelationConfig(600 * S, 120 * S, List.of(), List.of(), 100, 1000, 10);
        Correlator c = new Correlator(config, new HostDirectory(List.of(), false, 1000), alerts::add, counters);
        c.onEvidence("r", "r", new EndpointEvent(T0, "linux", "process_creation", "sysmon_linux",
                Map.of(Ecs.HOST_NAME, "alice-pc", Ecs.PROCESS_COMMAND_LINE, "python3 -c import gzip"), "raw", null));
        c.onHostName("alice-pc.corp.example", HOST);
        gzipUpload(c, T0 + S, null);
        c.flush();
        assertEquals("pw.corr.archive_exfil", alerts.get(0).ruleId());
    }
}
