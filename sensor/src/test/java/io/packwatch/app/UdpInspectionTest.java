package io.packwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.GeneratePcaps;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.Packet;
import io.packwatch.testkit.PacketBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UDP payloads as objects: each direction of a UDP flow is its datagrams end to end, and only structure counts
 * there. A script that sends an archive in datagrams is found as in a TCP upload; QUIC-like random datagrams carry
 * nothing, since the statistics cannot tell a protocol's ciphertext from smuggled data.
 */
class UdpInspectionTest {
    private static final byte[] CLIENT = PacketBuilder.ip("10.1.0.5");
    private static final byte[] SERVER = PacketBuilder.ip("203.0.113.7");
    private static final byte[] ZIP = InspectionSamples.zip("export.csv", InspectionSamples.text(3, 40_000));
    private static final byte[] RANDOM = randomBytes(200 * 1200);

    @TempDir
    Path tmp;

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    /** Datagrams of {@code chunk} bytes from the client's {@code port} to the server's 9999, each answered by 4 bytes. */
    private static void send(List<Packet> out, int port, byte[] data, int chunk, int snapCut) {
        long t = GeneratePcaps.T0 + port * 1_000_000L;
        LinkLayer link = LinkLayer.ethernet();
        for (int off = 0, i = 0; off < data.length; off += chunk, i++) {
            byte[] d = Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk));
            byte[] ip = PacketBuilder.udp(CLIENT, port, SERVER, 9999).payload(d).build();
            byte[] frame = link.frame(ip, true);
            int cut = i == 1 ? snapCut : 0;
            out.add(new Packet(t += 10_000, Arrays.copyOf(frame, frame.length - cut), frame.length));
            out.add(new Packet(t += 10_000, link.frame(PacketBuilder.udp(SERVER, 9999, CLIENT, port)
                    .payload(new byte[] {'o', 'k', 0, (byte) i}).build(), false)));
        }
    }

    private static List<JsonNode> from(SensorRun r, int port) {
        return r.objectsFrom(port);
    }

    @Test
    void anArchiveSentInDatagramsIsFound() throws Exception {
        List<Packet> packets = new ArrayList<>();
        send(packets, 40001, ZIP, 1200, 0);
        SensorRun r = SensorRun.read(tmp, packets);
        List<JsonNode> sent = from(r, 40001);
        assertEquals(1, sent.size(), r.objects().toString());
        JsonNode o = sent.get(0);
        assertEquals("datagrams", o.at("/dlp/object/kind").asText());
        assertEquals("udp", o.at("/network/transport").asText());
        assertEquals("outbound", o.at("/network/direction").asText());
        assertEquals("zip", o.at("/dlp/format").asText(), o.toString());
        assertTrue(o.at("/dlp/validated").asBoolean());
        assertEquals(0, o.at("/dlp/offset").asLong());
        assertEquals(ZIP.length, o.at("/file/size").asLong());
        assertEquals(HttpCapturesTest.sha256(ZIP), o.at("/file/hash/sha256").asText());
        assertEquals("export.csv", o.at("/dlp/archive/entries/0/name").asText(), o.toString());
        List<JsonNode> alerts = r.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.archive_upload", alerts.get(0).at("/rule/id").asText());
        // the server's four-byte answers carry nothing
        assertTrue(r.objectsFrom(9999).isEmpty(), r.objectsFrom(9999).toString());
    }

    @Test
    void randomDatagramsCarryNothing() throws IOException {
        // what QUIC, DTLS or WireGuard look like: the statistics would call it encrypted
        List<Packet> packets = new ArrayList<>();
        send(packets, 40002, RANDOM, 1200, 0);
        SensorRun r = SensorRun.read(tmp, packets);
        assertTrue(r.objects().isEmpty(), r.objects().toString());
        assertTrue(r.dataset("packwatch.alert").isEmpty());
        assertEquals(2, r.counter("inspect.objects"), "both directions were inspected");
    }

    @Test
    void compressedDataThatDecodesCountsAsStructure() throws IOException {
        // Python's zlib with negative wbits: a headerless deflate stream, no format, but it decodes from its start
        byte[] deflate = InspectionSamples.rawDeflate(InspectionSamples.text(4, 60_000));
        List<Packet> packets = new ArrayList<>();
        send(packets, 40003, deflate, 1000, 0);
        SensorRun r = SensorRun.read(tmp, packets);
        List<JsonNode> sent = from(r, 40003);
        assertEquals(1, sent.size(), r.objects().toString());
        assertEquals("compressed", sent.get(0).at("/dlp/class").asText());
        assertEquals("decoded", sent.get(0).at("/dlp/class_basis").asText(), sent.get(0).toString());
        assertEquals("pw.net.archive_upload", r.dataset("packwatch.alert").get(0).at("/rule/id").asText());
    }

    @Test
    void aDatagramTheSnaplenCutIsAGap() throws IOException {
        List<Packet> packets = new ArrayList<>();
        send(packets, 40004, ZIP, 1200, 300);
        SensorRun r = SensorRun.read(tmp, packets);
        JsonNode o = from(r, 40004).get(0);
        assertEquals(300, o.at("/dlp/missed_bytes").asLong(), o.toString());
        assertTrue(o.at("/dlp/truncated").asBoolean());
        assertEquals("zip", o.at("/dlp/format").asText());
    }

    /** TFTP DATA packets of {@code file} in blocks of {@code blockSize}, block {@code repeat} sent twice. */
    private static byte[][] tftpBlocks(byte[] file, int blockSize, int repeat) {
        List<byte[]> out = new ArrayList<>();
        for (int n = 1, off = 0; ; n++, off += blockSize) {
            int len = Math.min(blockSize, file.length - off);
            byte[] d = new byte[4 + len];
            d[1] = 3;
            d[2] = (byte) (n >> 8);
            d[3] = (byte) n;
            System.arraycopy(file, off, d, 4, len);
            out.add(d);
            if (n == repeat) {
                out.add(d);
            }
            if (len < blockSize) {
                return out.toArray(byte[][]::new);
            }
        }
    }

    private static List<Packet> datagrams(int port, byte[]... payloads) {
        List<Packet> out = new ArrayList<>();
        long t = GeneratePcaps.T0;
        for (byte[] p : payloads) {
            out.add(new Packet(t += 10_000, LinkLayer.ethernet().frame(
                    PacketBuilder.udp(CLIENT, port, SERVER, 50069).payload(p).build(), true)));
        }
        return out;
    }

    @Test
    void aTftpTransferIsTheFileWithoutItsBlockHeaders() throws Exception {
        // blksize 1428 (RFC 2348), block 3 retransmitted
        SensorRun r = SensorRun.read(tmp, datagrams(40006, tftpBlocks(ZIP, 1428, 3)));
        JsonNode o = from(r, 40006).get(0);
        assertEquals("tftp", o.at("/dlp/object/kind").asText());
        assertEquals(ZIP.length, o.at("/file/size").asLong());
        assertEquals(HttpCapturesTest.sha256(ZIP), o.at("/file/hash/sha256").asText());
        assertTrue(o.at("/dlp/archive/complete").asBoolean(), o.toString());
        assertEquals(1, r.counter("udp.tftp_transfers"));
        assertEquals(0, r.counter("udp.tftp_irregular"));
    }

    @Test
    void datagramsThatLeaveTheTransferAreKeptAsTheyCame() throws IOException {
        byte[][] blocks = tftpBlocks(ZIP, 512, 0);
        byte[][] sent = blocks.clone();
        // block 5 out of turn, and after it everything as it comes
        sent[4] = blocks[5];
        sent[5] = blocks[4];
        SensorRun r = SensorRun.read(tmp, datagrams(40007, sent));
        JsonNode o = from(r, 40007).get(0);
        assertEquals(1, r.counter("udp.tftp_irregular"));
        assertEquals(ZIP.length + 4L * (blocks.length - 4), o.at("/file/size").asLong(),
                "four blocks without their headers, the rest with them");
        assertEquals("zip", o.at("/dlp/format").asText());
    }

    @Test
    void offTheArchiveIsNotSeen() throws IOException {
        List<Packet> packets = new ArrayList<>();
        send(packets, 40005, ZIP, 1200, 0);
        SensorRun r = SensorRun.read(tmp, packets, "inspect.udp=false");
        assertTrue(r.objects().isEmpty(), r.objects().toString());
        assertTrue(r.dataset("packwatch.alert").isEmpty());
        assertEquals(0, r.counter("inspect.objects"));
    }
}
