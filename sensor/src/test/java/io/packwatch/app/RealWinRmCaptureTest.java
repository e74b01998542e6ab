package io.packwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SessionCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/real/winrm-lo.pcap (pcaps/capture/capture-winrm.sh): pywinrm, after an NTLM handshake, sends the
 * WS-Management command that PowerShell's remoting would, sealed as WinRM seals every message over HTTP
 * (multipart/encrypted, application/HTTP-SPNEGO-session-encrypted), 112 KB, from 127.0.0.1 to 127.0.0.2:5985.
 * With 127.0.0.1 as the home network it is an outbound body of ciphertext: before, it raised
 * {@code pw.net.encrypted_upload}, as every remoting session to a server outside the home networks did.
 */
class RealWinRmCaptureTest {
    private static final Path CAPTURE = Repo.pcap("real/winrm-lo.pcap");
    private static final String HOME = "sensor.home_networks=127.0.0.1/32";

    @TempDir
    Path tmp;

    private List<JsonNode> outbound(SensorRun run) {
        assertEquals(0, run.exitCode);
        return SessionCapture.outboundObjects(run);
    }

    @Test
    void sealedMessagesAreWinRmEncryptedByDesign() throws IOException {
        SensorRun run = SensorRun.of(tmp, "--read", CAPTURE.toString(), "--set", HOME);
        List<JsonNode> objects = outbound(run);
        assertEquals(1, objects.size(), objects.toString());
        JsonNode o = objects.get(0);
        SessionCapture.assertEncryptedByDesign("winrm", o);
        assertEquals("http_body", o.at("/dlp/object/kind").asText());
        assertEquals(112_327, o.at("/file/size").asLong());
        assertEquals("multipart/encrypted", o.at("/file/mime_type").asText());
        assertTrue(o.at("/file/hash").isMissingNode(), "ciphertext of one session: not hashed");
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
    }

    @Test
    void anotherDeclaredProtocolIsPayload() throws IOException {
        // one letter of the declared protocol changed in place (loopback checksums are not checked)
        String capture = new String(Files.readAllBytes(CAPTURE), StandardCharsets.ISO_8859_1);
        String declared = "protocol=\"application/HTTP-SPNEGO-session-encrypted\"";
        assertTrue(capture.contains(declared));
        Path edited = tmp.resolve("other-protocol.pcap");
        Files.write(edited, capture.replace(declared, declared.replace("encrypted\"", "encryptex\""))
                .getBytes(StandardCharsets.ISO_8859_1));
        SensorRun run = SensorRun.of(tmp, "--read", edited.toString(), "--set", HOME);
        List<JsonNode> objects = outbound(run);
        assertEquals(1, objects.size(), objects.toString());
        assertEquals("http", objects.get(0).at("/network/protocol").asText());
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.encrypted_upload", alerts.get(0).at("/dlp/objects/0/rule/id").asText());
    }
}
