package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.packwatch.capture.Libpcap;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on the loopback interface: a real HTTP server and client talk while the sensor
 * runs as its own process; SIGTERM must end it with every flow and the stats written.
 * Needs root and libpcap (CI has both); skipped with the reason otherwise.
 */
class LiveCaptureTest {
    @TempDir
    Path tmp;

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits for the sensor's start-up line, failing with what it said if it exits first. */
    static void waitForLine(Path log, String prefix, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("sensor exited with " + p.exitValue() + ": " + lines);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("sensor did not start capturing: " + Files.readAllLines(log));
    }

    @Test
    void capturesLoopbackTrafficAndFlushesOnSigterm() throws Exception {
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        assumeTrue(isRoot(), "live capture needs root or cap_net_raw,cap_net_admin");

        byte[] body = new byte[50_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        Path out = tmp.resolve("live.ndjson");
        Process sensor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                "--interface", "lo", "--filter", "tcp port " + port, "--output", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("sensor.log").toFile()).start();
        try {
            waitForLine(tmp.resolve("sensor.log"), "packwatch: capturing on lo", sensor);
            Thread.sleep(300);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x" + i))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10_000])).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(50_000, r.body().length);
            }
            Thread.sleep(500);
        } finally {
            sensor.destroy();
            assertTrue(sensor.waitFor(30, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
            server.stop(0);
        }
        List<String> lines = Files.readAllLines(tmp.resolve("sensor.log"));
        assertEquals(143, sensor.exitValue(), String.join("\n", lines));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            records.add(json.readTree(l));
        }
        List<JsonNode> flows = records.stream()
                .filter(r -> r.at("/event/dataset").asText().equals("packwatch.flow")).toList();
        assertTrue(!flows.isEmpty(), "no flow records: " + records);
        long up = 0;
        long down = 0;
        for (JsonNode f : flows) {
            assertEquals(port, f.at("/destination/port").asInt());
            up += f.at("/dlp/flow/client_stream_bytes").asLong();
            down += f.at("/dlp/flow/server_stream_bytes").asLong();
        }
        assertTrue(up >= 30_000, "client bytes " + up);
        assertTrue(down >= 150_000, "server bytes " + down);
        JsonNode stats = records.get(records.size() - 1);
        assertEquals("packwatch.stats", stats.at("/event/dataset").asText());
        assertTrue(stats.at("/packwatch/stats/capture/packets").asLong() > 10);
        assertTrue(String.join("\n", lines).contains("packwatch: "), "no summary: " + lines);
    }
}
