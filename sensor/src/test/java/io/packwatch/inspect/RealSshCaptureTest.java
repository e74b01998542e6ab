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
 * pcaps/real/ssh-scp-lo.pcap (pcaps/capture/capture-ssh.sh): OpenSSH's scp from 127.0.0.1 copies a gzip to an
 * sshd on 127.0.0.2:22, with OpenSSH 9's default cipher (chacha20-poly1305, whose packet lengths are encrypted
 * too). Read whole, as if the capture had begun after the key exchange, and with one segment of the upload
 * lost. 127.0.0.1 is the home network, so the upload is outbound: ciphertext that is not SSH would raise
 * {@code pw.net.encrypted_upload}.
 */
class RealSshCaptureTest {
    /** Client segments with at least this much payload carry the file; the key exchange's are far smaller. */
    private static final int UPLOAD_SEGMENT = 16384;

    @TempDir
    static Path tmp;

    private static SessionCapture chacha;

    @BeforeAll
    static void read() throws IOException {
        chacha = SessionCapture.of(Repo.pcap("real/ssh-scp-lo.pcap"), UPLOAD_SEGMENT, 22);
    }

    private static void assertSshUpload(JsonNode o) {
        assertEncryptedByDesign("ssh", o);
    }

    @Test
    void theWholeSessionIsSshByItsBanner() throws IOException {
        SensorRun run = chacha.read(tmp, "whole", i -> true);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertNoAlert(run);
    }

    @Test
    void pickedUpAfterTheKeyExchangeItIsSshByItsPort() throws IOException {
        SensorRun run = chacha.read(tmp, "midstream", i -> i >= chacha.firstUpload());
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertTrue(objects.get(0).at("/dlp/truncated").asBoolean());
        assertNoAlert(run);
        // the client's upload, and the server's replies to it (a few hundred bytes of sftp status packets)
        assertEquals(2, run.counter("inspect.ssh_by_port"));
    }

    @Test
    void pickedUpMidStreamOnAPortNotListedItIsAnEncryptedUpload() throws IOException {
        SensorRun run = chacha.read(tmp, "unlisted", i -> i >= chacha.firstUpload(),
                "inspect.midstream_ssh_ports=[2222]");
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.encrypted_upload", alerts.get(0).at("/dlp/objects/0/rule/id").asText(), alerts.toString());
    }

    @Test
    void aLostSegmentDoesNotTurnTheRestIntoAnUpload() throws IOException {
        SensorRun run = chacha.readWithoutSegment(tmp, chacha.firstUpload() + 3, "ssh", 2);
        assertEquals(1, run.counter("inspect.protocol_continued"));
    }

    @Test
    void clearLengthModesPickedUpMidStreamAreSshByTheirPacketsOnAnyPort() throws IOException {
        SessionCapture modes = SessionCapture.of(Repo.pcap("real/ssh-modes-lo.pcap"), UPLOAD_SEGMENT, 2222);
        // port 2222 is not listed: only the packets' clear lengths say SSH
        SensorRun run = modes.read(tmp, "modes", modes::afterHandshake);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(2, objects.size(), "aes128-gcm and aes128-ctr with hmac-sha2-256-etm: " + objects);
        objects.forEach(RealSshCaptureTest::assertSshUpload);
        assertEquals(2222, objects.get(0).at("/destination/port").asInt());
        assertNoAlert(run);
        assertEquals(0, run.counter("inspect.ssh_by_port"));
        // the two uploads; the server's replies (a few hundred bytes of sftp status packets each, whose clear lengths
        // are most of their bias) are called compressed by the statistics, and only what they call encrypted is
        // named SSH by its framing
        assertEquals(2, run.counter("inspect.ssh_by_framing"));
    }
}
