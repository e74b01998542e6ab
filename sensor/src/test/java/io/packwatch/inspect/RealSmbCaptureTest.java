package io.packwatch.inspect;

import static io.packwatch.support.SessionCapture.assertEncryptedByDesign;
import static io.packwatch.support.SessionCapture.assertNoAlert;
import static io.packwatch.support.SessionCapture.outboundObjects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SessionCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/real/smb3-encrypted-lo.pcap (pcaps/capture/capture-smb.sh): Samba's smbclient on 127.0.0.1 puts a gzip on
 * an smbd that requires encryption, reached at 127.0.0.2:445: negotiate and session setup in the clear, then
 * SMB2 transform frames (the write is one frame of 345 KB). 127.0.0.1 is the home network, so the upload is
 * outbound; the statistics called it compressed (the clear frames lead its window), or, picked up in the
 * ciphertext, encrypted, which raised {@code pw.net.encrypted_upload}.
 */
class RealSmbCaptureTest {
    /** The write's segments are 22 KB and more; the handshake's at most 486 bytes. */
    private static final int UPLOAD_SEGMENT = 16384;

    @TempDir
    static Path tmp;

    private static SessionCapture smb;

    @BeforeAll
    static void read() throws IOException {
        smb = SessionCapture.of(Repo.pcap("real/smb3-encrypted-lo.pcap"), UPLOAD_SEGMENT, 445);
    }

    @Test
    void theWholeSessionIsSmbByItsTransformFrames() throws IOException {
        SensorRun run = smb.read(tmp, "whole", i -> true);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertEncryptedByDesign("smb", objects.get(0));
        assertEquals(347_116, objects.get(0).at("/file/size").asLong());
        assertNoAlert(run);
        assertEquals(0, run.counter("inspect.smb_midstream"));
    }

    @Test
    void pickedUpAtTheWriteItIsSmbByItsTransformHeader() throws IOException {
        SensorRun run = smb.read(tmp, "midstream", smb::afterHandshake);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertEncryptedByDesign("smb", objects.get(0));
        assertTrue(objects.get(0).at("/dlp/truncated").asBoolean());
        assertNoAlert(run);
        // the capture's segments start at frames: the write's transform header leads the window
        assertEquals(0, run.counter("inspect.smb_midstream"));
    }

    @Test
    void aLostSegmentOfTheWriteLeavesBothPartsSmb() throws IOException {
        SensorRun run = smb.readWithoutSegment(tmp, smb.firstUpload() + 1, "smb", 2);
        assertEquals(1, run.counter("inspect.protocol_continued"));
    }
}
