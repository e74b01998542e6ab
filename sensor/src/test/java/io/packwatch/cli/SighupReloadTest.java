package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.capture.Libpcap;
import io.packwatch.support.ExfilServer;
import io.packwatch.support.Repo;
import io.packwatch.support.SysmonEvents;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * SIGHUP on a live sensor: a Sigma rule is replaced, a destination allowlisted and a restart-only
 * key changed in the config file; the new rule and allowlist apply to what follows, including an
 * upload whose connection was open across the reload, the restart-only key keeps its value, and a
 * broken rule file on the next SIGHUP changes nothing. Needs root and libpcap (live capture is the
 * only way the sensor runs until signalled).
 */
class SighupReloadTest {
    @TempDir
    Path tmp;

    private static String rule(String id, String marker) {
        return "title: " + id + "\nid: " + id + "\nlogsource:\n  product: linux\n  category: process_creation\n"
                + "detection:\n  selection:\n    CommandLine|contains: " + marker + "\n  condition: selection\n";
    }

    private String config(Path rules, String extra) {
        return "sensor:\n  home_networks: [127.0.0.1/32]\nalert:\n  min_bytes: 64\n" + extra
                + "endpoint:\n  sigma:\n    rules: " + rules + "\n";
    }

    /** A Sysmon process creation whose command line carries {@code marker}, over syslog TCP. */
    private static void sendEvent(int port, String marker) throws Exception {
        String xml = SysmonEvents.gzipProcessCreate(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .replace("compresslevel=6", "compresslevel=6 # " + marker);
        byte[] msg = ("<14>1 " + Instant.now() + " alice-pc sysmon - - - " + xml).getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(msg);
            out.flush();
        }
    }

    private static void hup(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
    }

    /** Waits until the log holds {@code n} lines containing {@code text}. */
    private static void awaitLog(Path log, String text, int n, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String s = Files.readString(log);
            if (s.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= n) {
                return;
            }
            assertTrue(p.isAlive(), "the sensor exited: " + s);
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' in " + Files.readString(log));
    }

    @Test
    void sighupAppliesNewRulesAndAllowlistsWithoutLosingFlows() throws Exception {
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        assumeTrue(LiveCaptureTest.isRoot(), "live capture needs root or cap_net_raw,cap_net_admin");
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("alpha.yml"), rule("t-alpha", "alpha-marker"));
        Path cfg = tmp.resolve("sensor.yaml");
        Files.writeString(cfg, config(rules, ""));
        ExfilServer exfil = ExfilServer.start();
        int syslogPort = ExfilServer.freeLoopbackPort();
        Path out = tmp.resolve("live.ndjson");
        Path log = tmp.resolve("sensor.log");
        byte[] gz = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/art/passwd.gz"));
        byte[] head = ("POST /upload/passwd.gz HTTP/1.1\r\nHost: 127.0.0.2\r\nContent-Type: application/gzip\r\n"
                + "Content-Length: " + gz.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int uploadPort;
        Process sensor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(), "--config", cfg.toString(),
                "--interface", "lo", "--filter", "host 127.0.0.2", "--output", out.toString(),
                "--syslog-listen", "tcp://127.0.0.1:" + syslogPort)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (Socket upload = new Socket()) {
            LiveCaptureTest.waitForLine(log, "packwatch: capturing on lo", sensor);
            Thread.sleep(300);
            sendEvent(syslogPort, "alpha-marker");
            upload.bind(new InetSocketAddress("127.0.0.1", 0));
            upload.connect(new InetSocketAddress("127.0.0.2", exfil.port()));
            uploadPort = upload.getLocalPort();
            upload.getOutputStream().write(head);
            upload.getOutputStream().flush();
            Thread.sleep(1000); // the alpha event is evaluated under the old rules

            Files.delete(rules.resolve("alpha.yml"));
            Files.writeString(rules.resolve("beta.yml"), rule("t-beta", "beta-marker"));
            Files.writeString(cfg, config(rules, "  allow_destinations: [127.0.0.2/32]\nflow:\n  max_flows: 12345\n"));
            hup(sensor);
            awaitLog(log, "packwatch: SIGHUP: reloaded", 1, sensor);
            sendEvent(syslogPort, "alpha-marker");
            sendEvent(syslogPort, "beta-marker");
            upload.getOutputStream().write(gz); // the upload's connection was open across the reload
            upload.getOutputStream().flush();
            upload.shutdownOutput();
            upload.getInputStream().readAllBytes();
            Thread.sleep(500);

            Files.writeString(rules.resolve("broken.yml"), rule("t-broken", "x").replace("|contains", "|contians"));
            hup(sensor);
            awaitLog(log, "packwatch: SIGHUP: reload rejected", 1, sensor);
            sendEvent(syslogPort, "beta-marker");
            Thread.sleep(1000);
        } finally {
            sensor.destroy();
            assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
            exfil.close();
        }
        String said = Files.readString(log);
        assertEquals(143, sensor.exitValue(), said);
        assertTrue(said.contains("packwatch: SIGHUP: flow.max_flows changed but needs a restart; keeping the running"
                + " value"), said);
        assertTrue(said.contains("applied alert.allow_destinations"), said);
        assertTrue(said.contains("reload rejected, the running config and rules stay: Sigma rule: "
                + rules.resolve("broken.yml") + ":8: unknown modifier 'contians'"), said);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            records.add(json.readTree(l));
        }
        List<String> customRules = new ArrayList<>();
        List<JsonNode> uploads = new ArrayList<>();
        for (JsonNode r : records) {
            String dataset = r.at("/event/dataset").asText();
            String ruleId = r.at("/rule/id").asText();
            if (dataset.equals("packwatch.endpoint") && ruleId.startsWith("t-")) {
                customRules.add(ruleId);
            }
            if (dataset.equals("packwatch.flow") && r.at("/source/port").asInt() == uploadPort) {
                uploads.add(r);
            }
            assertTrue(!dataset.equals("packwatch.alert"), "127.0.0.2 is allowlisted since the reload: " + r);
        }
        assertEquals(List.of("t-alpha", "t-beta", "t-beta"), customRules,
                "alpha before the reload only; beta after it, also after the rejected reload");
        assertEquals(1, uploads.size(), "the upload open across the reload is one flow: " + records);
        assertEquals(head.length + gz.length, uploads.get(0).at("/dlp/flow/client_stream_bytes").asLong(),
                uploads.get(0).toString());
        JsonNode stats = records.get(records.size() - 1).at("/packwatch/stats");
        assertEquals(1, stats.at("/alert/allowlisted").asLong(), stats.at("/alert").toString());
        assertEquals(1, stats.at("/config/reloads").asLong(), stats.at("/config").toString());
        assertEquals(1, stats.at("/config/reload_failures").asLong());
        assertEquals(1, stats.at("/config/restart_needed").asLong());
        assertEquals(1, stats.at("/endpoint/sigma/rules_loaded").asLong() - 11, "11 shipped + beta");
        assertEquals(1_000_000, stats.at("/flow/max_flows_effective").asLong(), "flow.max_flows kept its value");
    }
}
