package io.packwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.testkit.Frames;
import io.packwatch.testkit.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A real capture (Ethernet, IPv4, TCP) of client sessions to a few server ports, held in memory so that tests can
 * read it back edited: as if the capture had begun later, or had lost a segment. A client segment with at least
 * {@code uploadSegment} bytes of payload carries the upload; the handshakes before it carry less.
 */
public final class SessionCapture {
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final int[] serverPorts;
    private final int uploadSegment;
    private final int firstUpload;

    private SessionCapture(Path file, int uploadSegment, int... serverPorts) throws IOException {
        this.serverPorts = serverPorts.clone();
        this.uploadSegment = uploadSegment;
        try (PacketSource in = PcapFileSource.open(file, 1 << 20)) {
            Frame f = new Frame();
            while (in.next(f)) {
                frames.add(Arrays.copyOf(f.data, f.length));
                times.add(f.tsNanos);
            }
        }
        int first = 0;
        while (first < frames.size() && !isUpload(first)) {
            first++;
        }
        assertTrue(first > 3 && first < frames.size(), "the upload follows the handshake: " + first);
        firstUpload = first;
    }

    public static SessionCapture of(Path file, int uploadSegment, int... serverPorts) throws IOException {
        return new SessionCapture(file, uploadSegment, serverPorts);
    }

    /** Index of the first frame of the first upload. */
    public int firstUpload() {
        return firstUpload;
    }

    public byte[] frame(int i) {
        return frames.get(i);
    }

    /** Whether frame {@code i} is a client segment of an upload. */
    public boolean isUpload(int i) {
        byte[] f = frames.get(i);
        return isServerPort(toPort(f)) && payload(f) >= uploadSegment;
    }

    /**
     * Whether frame {@code i} comes at or after the first upload segment of its own session (sessions are told
     * apart by the client port): what a capture that began after each handshake holds.
     */
    public boolean afterHandshake(int i) {
        int client = clientPort(frames.get(i));
        for (int k = 0; k <= i; k++) {
            if (isUpload(k) && clientPort(frames.get(k)) == client) {
                return true;
            }
        }
        return false;
    }

    /** TCP payload length of an Ethernet/IPv4/TCP frame. */
    public static int payload(byte[] f) {
        int ip = 14;
        int ipHeader = (f[ip] & 0x0F) * 4;
        int total = (f[ip + 2] & 0xFF) << 8 | f[ip + 3] & 0xFF;
        int tcpHeader = (f[ip + ipHeader + 12] >>> 4 & 0x0F) * 4;
        return total - ipHeader - tcpHeader;
    }

    /**
     * The sensor's run over the frames that {@code keep} accepts (by index), with more settings; it must exit 0. The
     * captures' clients are on 127.0.0.1, the home network here, so what they send is outbound.
     */
    public SensorRun read(Path tmp, String name, IntPredicate keep, String... sets) throws IOException {
        Path edited = tmp.resolve(name + ".pcap");
        try (PcapWriter w = PcapWriter.create(edited, Frames.DLT_EN10MB)) {
            for (int i = 0; i < frames.size(); i++) {
                if (keep.test(i)) {
                    w.write(times.get(i), frames.get(i));
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("--read", edited.toString(), "--set",
                "sensor.home_networks=127.0.0.1/32"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        SensorRun run = SensorRun.of(tmp, args.toArray(String[]::new));
        assertEquals(0, run.exitCode);
        return run;
    }

    /**
     * The run without upload segment {@code lost}: the stream's bytes before and after the gap must both be
     * {@code protocol}, encrypted by design, in {@code objects} outbound objects (the first reporting the bytes
     * lost), and raise no alert.
     */
    public SensorRun readWithoutSegment(Path tmp, int lost, String protocol, int objects) throws IOException {
        assertTrue(isUpload(lost), "frame " + lost + " is not a segment of the upload");
        SensorRun run = read(tmp, "gap-" + lost, i -> i != lost);
        List<JsonNode> sent = outboundObjects(run);
        assertEquals(objects, sent.size(), sent.toString());
        sent.forEach(o -> assertEncryptedByDesign(protocol, o));
        assertEquals(payload(frame(lost)), sent.get(0).at("/dlp/missed_bytes").asLong(), sent.toString());
        assertNoAlert(run);
        return run;
    }

    public static void assertNoAlert(SensorRun run) {
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
    }

    /** The run's object records of outbound bytes. */
    public static List<JsonNode> outboundObjects(SensorRun run) {
        return run.objects().stream().filter(o -> o.at("/network/direction").asText().equals("outbound")).toList();
    }

    /** Asserts that {@code o} is an outbound stream of {@code protocol}, encrypted by design. */
    public static void assertEncryptedByDesign(String protocol, JsonNode o) {
        assertEquals("outbound", o.at("/network/direction").asText(), o.toString());
        assertEquals(protocol, o.at("/network/protocol").asText(), o.toString());
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
    }

    private boolean isServerPort(int port) {
        for (int p : serverPorts) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private int clientPort(byte[] f) {
        int from = fromPort(f);
        return isServerPort(from) ? toPort(f) : from;
    }

    private static int fromPort(byte[] f) {
        int tcp = 14 + (f[14] & 0x0F) * 4;
        return (f[tcp] & 0xFF) << 8 | f[tcp + 1] & 0xFF;
    }

    private static int toPort(byte[] f) {
        int tcp = 14 + (f[14] & 0x0F) * 4;
        return (f[tcp + 2] & 0xFF) << 8 | f[tcp + 3] & 0xFF;
    }
}
