package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.testkit.InspectionPcaps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-midstream.pcap: uploads from 10.1.0.10 to 203.0.113.60 + i:4444 that the capture picks up after
 * their handshake and first segments (1,448 bytes each). 49001: a 52,080-byte gzip from segment 22, which leaves a
 * deflate block start in what is seen; 49002: the same gzip from segment 27, which leaves none; 49003: AES-CTR
 * ciphertext from segment 22; 49004: a 149,224-byte xz that Python's lzma wrote, from segment 8, which leaves
 * the header of a full LZMA2 chunk in what is seen; 49005: the same xz from segment 90, past its last chunk
 * header, so that only the stream's end (index and footer) is left; 49006: a TLS upload (a ClientHello, then
 * application-data records of 16 KiB) from segment 5, inside its first record. No magic is left in any of them,
 * so the entropy classifier decides. Two SSH sessions to 203.0.113.66 and .67 port 22: 49007 seen from its
 * handshake and banners, with segment 20 of the client's ciphertext lost; 49008 picked up at segment 10 of it.
 * 49009: text to 203.0.113.68 port 22, picked up at segment 10.
 */
class InspectMidstreamScenarioTest {
    private static final int MSS = 1448;
    private static final int GZIP_LENGTH = InspectionPcaps.midstreamGzip().length;

    private static Scenario scenario;

    @BeforeAll
    static void run(@TempDir Path tmp) {
        scenario = Scenario.of(tmp, "inspect-midstream.pcap");
        assertEquals(0, scenario.run.exitCode);
    }

    /** The one object record from {@code port}. */
    private static JsonNode object(int port) {
        List<JsonNode> objects = scenario.objectsFrom(port);
        assertEquals(1, objects.size(), objects.toString());
        return objects.get(0);
    }

    private static JsonNode alert(int port) {
        return scenario.alerts().get(port);
    }

    /** What was seen of a stream whose start the capture missed: no format, truncated, no hash, nothing missed. */
    private static void assertSeenFrom(JsonNode o, long size, String dataClass, String basis) {
        assertEquals("none", o.at("/dlp/format").asText(), o.toString());
        assertEquals(dataClass, o.at("/dlp/class").asText(), o.toString());
        assertEquals(basis, o.at("/dlp/class_basis").asText(), o.toString());
        assertEquals(size, o.at("/file/size").asLong(), o.toString());
        assertTrue(o.at("/dlp/truncated").asBoolean(), "the object's start was not seen: " + o);
        assertEquals(0, o.at("/dlp/missed_bytes").asLong(), o.toString());
        assertTrue(o.at("/file/hash").isMissingNode(), "a partial object has no hash: " + o);
        assertTrue(o.at("/dlp/entropy").asDouble() > 7.9, o.toString());
    }

    @Test
    void aGzipTailHoldingABlockStartIsCompressedAndAlertedAsAnArchiveUpload() {
        assertSeenFrom(object(49001), GZIP_LENGTH - (long) InspectionPcaps.MIDSTREAM_BLOCK_LEFT * MSS,
                "compressed", "deflate_block");
        // no format is left, but the block search confirmed compressed data: an archive upload, not an encrypted one
        assertEquals("pw.net.archive_upload", alert(49001).at("/rule/id").asText());
        assertEquals("compressed", alert(49001).at("/dlp/class").asText());
    }

    @Test
    void aGzipTailWithNoBlockStartLeftLooksEncrypted() {
        // a known limit: the statistics call these 12,984 bytes random, and no block starts in them
        assertSeenFrom(object(49002), GZIP_LENGTH - (long) InspectionPcaps.MIDSTREAM_NO_BLOCK_LEFT * MSS,
                "encrypted", "statistics");
        assertEquals("pw.net.encrypted_upload", alert(49002).at("/rule/id").asText());
    }

    @Test
    void ciphertextPickedUpMidStreamIsEncrypted() {
        JsonNode o = object(49003);
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("statistics", o.at("/dlp/class_basis").asText(), o.toString());
        assertTrue(o.at("/dlp/truncated").asBoolean(), o.toString());
        JsonNode alert = alert(49003);
        assertEquals("pw.net.encrypted_upload", alert.at("/rule/id").asText());
        assertEquals(o.at("/file/size").asLong(), alert.at("/file/size").asLong());
        assertEquals("encrypted", alert.at("/dlp/class").asText());
    }

    @Test
    void anXzTailHoldingAChunkHeaderIsCompressedAndAlertedAsAnArchiveUpload() {
        long seen = InspectionPcaps.midstreamXz().length - (long) InspectionPcaps.MIDSTREAM_XZ_LEFT * MSS;
        assertSeenFrom(object(49004), seen, "compressed", "lzma2_chunk");
        // range-coded bytes pass every randomness test; the chunk header says what they are
        assertEquals("pw.net.archive_upload", alert(49004).at("/rule/id").asText());
        assertEquals("compressed", alert(49004).at("/dlp/class").asText());
    }

    @Test
    void anXzTailHoldingOnlyTheStreamsEndIsCompressedAndAlertedAsAnArchiveUpload() {
        long seen = InspectionPcaps.midstreamXz().length - (long) InspectionPcaps.MIDSTREAM_XZ_TAIL_LEFT * MSS;
        assertSeenFrom(object(49005), seen, "compressed", "xz_index");
        assertEquals("pw.net.archive_upload", alert(49005).at("/rule/id").asText());
    }

    @Test
    void tlsPickedUpInsideARecordIsStillTlsAndRaisesNoAlert() {
        JsonNode o = object(49006);
        long seen = InspectionPcaps.midstreamTls().length - (long) InspectionPcaps.MIDSTREAM_TLS_LEFT * MSS;
        assertEquals(seen, o.at("/file/size").asLong(), o.toString());
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        // the records that follow the cut chain back to back: TLS, encrypted by design
        assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
        assertEquals("tls", o.at("/network/protocol").asText(), o.toString());
        assertTrue(o.at("/file/hash").isMissingNode(), o.toString());
        assertFalse(scenario.alerts().containsKey(49006), "a TLS session is not an encrypted upload");
    }

    /** An SSH client stream after its banner: ciphertext, encrypted by design, never an upload alert. */
    private static void assertSsh(JsonNode o, long size) {
        assertEquals(size, o.at("/file/size").asLong(), o.toString());
        assertEquals("ssh", o.at("/network/protocol").asText(), o.toString());
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
        assertTrue(o.at("/file/hash").isMissingNode(), o.toString());
    }

    @Test
    void sshStaysSshAfterAGapAndRaisesNoAlert() {
        List<JsonNode> objects = scenario.objectsFrom(49007);
        assertEquals(2, objects.size(), objects.toString());
        long banner = "SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n".length();
        long before = banner + (long) InspectionPcaps.SSH_GAP_SEGMENT * MSS;
        // the banner says SSH; the part after the lost segment inherits it (before this, it raised an alert)
        assertSsh(objects.get(0), before);
        assertEquals(MSS, objects.get(0).at("/dlp/missed_bytes").asLong(), objects.get(0).toString());
        assertSsh(objects.get(1), banner + InspectionPcaps.sshUpload().length - before - MSS);
        assertTrue(objects.get(1).at("/dlp/truncated").asBoolean(), objects.get(1).toString());
        assertFalse(scenario.alerts().containsKey(49007), "an SSH session is not an encrypted upload");
        assertEquals(1, scenario.counter("inspect.protocol_continued"));
    }

    @Test
    void sshPickedUpMidStreamIsTakenAsSshByItsPortAndRaisesNoAlert() {
        // chacha20-poly1305 encrypts the packet lengths: past the banner only the server port says SSH
        JsonNode o = object(49008);
        assertSsh(o, InspectionPcaps.sshUpload().length - (long) InspectionPcaps.SSH_MIDSTREAM_LEFT * MSS);
        assertTrue(o.at("/dlp/truncated").asBoolean(), o.toString());
        assertFalse(scenario.alerts().containsKey(49008), "an SSH session is not an encrypted upload");
        assertEquals(1, scenario.counter("inspect.ssh_by_port"));
    }

    @Test
    void textPickedUpMidStreamOnTheSshPortIsText() {
        // text carries nothing: a flow record, no object record (an SSH stream would have one), no alert
        assertEquals(22, scenario.flowFrom(49009).at("/destination/port").asInt());
        assertTrue(scenario.objectsFrom(49009).isEmpty(), scenario.objectsFrom(49009).toString());
        assertFalse(scenario.alerts().containsKey(49009));
        assertEquals(1, scenario.counter("inspect.ssh_by_port"), "49008 only");
    }

    @Test
    void withoutSshPortsAnSshSessionPickedUpMidStreamIsAnEncryptedUpload(@TempDir Path tmp) {
        Scenario s = Scenario.of(tmp, "inspect-midstream.pcap", "inspect.midstream_ssh_ports=[]");
        assertEquals("pw.net.encrypted_upload", s.alerts().get(49008).at("/rule/id").asText());
        assertEquals(0, s.counter("inspect.ssh_by_port"));
        // the gap's continuation does not depend on the port
        assertFalse(s.alerts().containsKey(49007));
    }

    @Test
    void ciphertextPickedUpMidStreamOnAnotherPortIsStillAnEncryptedUpload() {
        assertEquals(4444, object(49003).at("/destination/port").asInt());
        assertEquals("pw.net.encrypted_upload", alert(49003).at("/rule/id").asText());
    }

    @Test
    void everyFlowWasPickedUpMidStreamAndTheSearchesFoundABlockAChunkAndAStreamEnd() {
        assertEquals(8, scenario.counter("flow.midstream_pickups"));
        assertEquals(5, scenario.counter("inspect.entropy.resync_scans"));
        assertEquals(1, scenario.counter("inspect.entropy.resync_hits"));
        assertEquals(1, scenario.counter("inspect.entropy.lzma2_chunk_hits"));
        assertEquals(1, scenario.counter("inspect.entropy.xz_index_hits"));
        // 16 KiB each of 49001 and 49003, all 12,984 bytes of 49002; the xz structures found in 49004 and 49005
        // spare their block search
        assertEquals(2 * 16384 + 12984, scenario.counter("inspect.entropy.resync_bytes"));
    }
}
