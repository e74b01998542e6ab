package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.capture.Libpcap;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture interface going down and disappearing under a live sensor: a real veth pair is
 * created, captured on, set down and up, deleted and created again. The sensor must say so, keep
 * running without spinning, reopen it, and capture what comes after. Needs root, ip(8) and libpcap.
 */
class InterfaceLossTest {
    private static final String IFACE = "pwfault0";
    private static final String PEER = "pwfault1";
    /** A neighbour with a fixed MAC: datagrams to it leave through the veth without ARP. */
    private static final String NEIGHBOUR = "10.99.77.3";

    @TempDir
    Path tmp;

    static int ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    static void createInterface() throws Exception {
        ip("link", "del", IFACE);
        for (String[] c : List.of(new String[] {"link", "add", IFACE, "type", "veth", "peer", "name", PEER},
                new String[] {"link", "set", IFACE, "up"}, new String[] {"link", "set", PEER, "up"},
                new String[] {"addr", "add", "10.99.77.1/24", "dev", IFACE})) {
            if (ip(c) != 0) {
                throw new IOException("ip " + String.join(" ", c) + " failed");
            }
        }
        addNeighbour();
    }

    /** Setting the link down flushes even permanent neighbour entries: add it (again). */
    static void addNeighbour() throws Exception {
        if (ip("neigh", "replace", NEIGHBOUR, "lladdr", "02:00:00:00:77:03", "dev", IFACE, "nud", "permanent") != 0) {
            throw new IOException("ip neigh replace " + NEIGHBOUR + " failed");
        }
    }

    @AfterEach
    void removeInterface() throws Exception {
        if (LiveCaptureTest.isRoot()) {
            ip("link", "del", IFACE);
        }
    }

    static void sendTo(int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] b = "probe".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                s.send(new DatagramPacket(b, b.length, InetAddress.getByName(NEIGHBOUR), port));
            }
        }
    }

    /** CPU time of a process in clock ticks (utime + stime from /proc). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Creates the test interface (or skips) and starts a sensor capturing UDP on it in a child JVM. */
    private Process startOnTestInterface(Path out, Path log, String... settings) throws Exception {
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        assumeTrue(LiveCaptureTest.isRoot(), "creating and capturing on a veth interface needs root");
        try {
            createInterface();
        } catch (IOException e) {
            assumeTrue(false, "cannot create a veth interface here (" + e.getMessage() + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                "--interface", IFACE, "--filter", "udp", "--output", out.toString()));
        cmd.addAll(List.of(settings));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void anInterfaceThatDisappearsIsReportedAndReopened() throws Exception {
        Path out = tmp.resolve("live.ndjson");
        Path log = tmp.resolve("sensor.log");
        Process sensor = startOnTestInterface(out, log,
                "--set", "capture.retry_interval=100ms", "--set", "capture.retry_max_interval=400ms");
        long idleTicks;
        try {
            LiveCaptureTest.waitForLine(log, "packwatch: capturing on " + IFACE, sensor);
            Thread.sleep(300);
            sendTo(5001);
            Thread.sleep(200);
            // down and up again: the same capture handle carries on
            ip("link", "set", IFACE, "down");
            Thread.sleep(300);
            ip("link", "set", IFACE, "up");
            addNeighbour();
            Thread.sleep(300);
            sendTo(5003);
            Thread.sleep(200);
            ip("link", "del", IFACE);
            LiveCaptureTest.waitForLine(log, "packwatch: capture on " + IFACE + " failed", sensor);
            long before = cpuTicks(sensor.pid());
            Thread.sleep(1500);
            idleTicks = cpuTicks(sensor.pid()) - before;
            assertTrue(sensor.isAlive(), "the sensor keeps running without its interface");
            createInterface();
            LiveCaptureTest.waitForLine(log, "packwatch: capture on " + IFACE + " (EN10MB) resumed", sensor);
            Thread.sleep(200);
            sendTo(5002);
            Thread.sleep(300);
        } finally {
            sensor.destroy();
            assertTrue(sensor.waitFor(30, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
        }
        String text = Files.readString(log);
        assertEquals(143, sensor.exitValue(), text);
        assertTrue(idleTicks < 60, "waiting for the interface must not spin: " + idleTicks + " ticks in 1.5 s");
        assertTrue(text.contains("capture on " + IFACE + " failed: Error occurred in pcap_next_ex(): The interface"
                + " disappeared; reopening it every 100 ms"), text);
        assertEquals(1, text.split("cannot reopen " + IFACE + " yet: no such interface", -1).length - 1,
                "the same reopen error is said once: " + text);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            records.add(json.readTree(l));
        }
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode r : records) {
            if (r.at("/event/dataset").asText().equals("packwatch.flow")
                    && r.at("/destination/ip").asText().equals(NEIGHBOUR)) {
                ports.add(r.at("/destination/port").asInt());
            }
        }
        assertEquals(Set.of(5001, 5002, 5003), ports, "before, across down/up, and after the reopen: " + records);
        JsonNode capture = records.get(records.size() - 1).at("/packwatch/stats/capture");
        assertEquals(1, capture.at("/interface_errors").asLong(), capture.toString());
        assertEquals(1, capture.at("/reopens").asLong(), capture.toString());
        long failures = capture.at("/reopen_failures").asLong();
        assertTrue(failures >= 2 && failures <= 10, "1.5 s at 100..400 ms backoff: " + failures);
        assertTrue(capture.at("/kernel_received").asLong() >= 9, capture.toString());
    }

    @Test
    void afterMaxRetriesTheSensorWritesItsRecordsAndExits4() throws Exception {
        Path out = tmp.resolve("live.ndjson");
        Path log = tmp.resolve("sensor.log");
        Process sensor = startOnTestInterface(out, log,
                "--set", "capture.retry_interval=50ms", "--set", "capture.retry_max_interval=100ms",
                "--set", "capture.max_retries=3");
        try {
            LiveCaptureTest.waitForLine(log, "packwatch: capturing on " + IFACE, sensor);
            Thread.sleep(300);
            sendTo(5001);
            Thread.sleep(200);
            ip("link", "del", IFACE);
            assertTrue(sensor.waitFor(30, TimeUnit.SECONDS), "the sensor gives up after capture.max_retries");
        } finally {
            sensor.destroy();
            sensor.waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(log);
        assertEquals(4, sensor.exitValue(), text);
        assertTrue(text.contains("packwatch: live capture on " + IFACE + " lost and not reopened after 3 attempts"
                + " (capture.max_retries): no such interface: " + IFACE), text);
        List<String> lines = Files.readAllLines(out);
        JsonNode stats = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertTrue(stats.at("/packwatch/input_problem").asText().contains("capture.max_retries"), stats.toString());
        assertEquals(3, stats.at("/packwatch/stats/capture/reopen_failures").asLong());
        assertEquals(0, stats.at("/packwatch/stats/capture/reopens").asLong());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"port\":5001")), "the flow before the loss is written");
    }
}
