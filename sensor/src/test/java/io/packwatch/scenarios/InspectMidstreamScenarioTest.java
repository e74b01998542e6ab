package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.testkit.InspectionPcaps;
import java.nio.file.Path;
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
 * so the entropy classifier decides.
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

    private static JsonNode object(int port) {
        return scenario.objects().get(port);
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

    @Test
    void everyFlowWasPickedUpMidStreamAndTheSearchesFoundABlockAChunkAndAStreamEnd() {
        assertEquals(6, scenario.counter("flow.midstream_pickups"));
        assertEquals(5, scenario.counter("inspect.entropy.resync_scans"));
        assertEquals(1, scenario.counter("inspect.entropy.resync_hits"));
        assertEquals(1, scenario.counter("inspect.entropy.lzma2_chunk_hits"));
        assertEquals(1, scenario.counter("inspect.entropy.xz_index_hits"));
        // 16 KiB each of 49001 and 49003, all 12,984 bytes of 49002; the xz structures found in 49004 and 49005
        // spare their block search
        assertEquals(2 * 16384 + 12984, scenario.counter("inspect.entropy.resync_bytes"));
    }
}
