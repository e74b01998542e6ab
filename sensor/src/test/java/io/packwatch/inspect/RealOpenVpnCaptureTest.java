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
 * pcaps/real/openvpn-lo.pcap (pcaps/capture/capture-openvpn.sh): OpenVPN 2.6 clients on 127.0.0.1 copy a gzip
 * through a tunnel to a server on 127.0.0.2, over TCP: AES-256-GCM on port 1194, AES-256-CBC with HMAC-SHA256 on
 * port 443. 127.0.0.1 is the home network, so the tunnels are outbound. Their packets' headers made the statistics
 * call them compressed; what they are is a VPN, encrypted by design, which never raises the encrypted-upload alert.
 */
class RealOpenVpnCaptureTest {
    /** The tunnel's data packets are 1,452 bytes long, the handshake's at most 1,224. */
    private static final int UPLOAD_SEGMENT = 1400;

    @TempDir
    static Path tmp;

    private static SessionCapture vpn;

    @BeforeAll
    static void read() throws IOException {
        vpn = SessionCapture.of(Repo.pcap("real/openvpn-lo.pcap"), UPLOAD_SEGMENT, 1194, 443);
    }

    private static List<JsonNode> tunnels(SensorRun run) {
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(2, objects.size(), "the AES-256-GCM and the AES-256-CBC session: " + objects);
        objects.forEach(o -> assertEncryptedByDesign("openvpn", o));
        assertEquals(1194, objects.get(0).at("/destination/port").asInt());
        assertEquals(443, objects.get(1).at("/destination/port").asInt());
        assertNoAlert(run);
        return objects;
    }

    @Test
    void wholeSessionsAreOpenVpnFromTheirHardReset() throws IOException {
        SensorRun run = vpn.read(tmp, "whole", i -> true);
        tunnels(run).forEach(o -> assertTrue(o.at("/dlp/hash").isMissingNode(), "not hashed: " + o));
        assertEquals(0, run.counter("inspect.openvpn_midstream"));
    }

    @Test
    void pickedUpMidStreamTheirPacketsStillSayOpenVpn() throws IOException {
        SensorRun run = vpn.read(tmp, "midstream", vpn::afterHandshake);
        tunnels(run).forEach(o -> assertTrue(o.at("/dlp/truncated").asBoolean(), o.toString()));
        // both directions of both sessions: the server's acknowledgements are P_DATA_V2 packets too
        assertEquals(4, run.counter("inspect.openvpn_midstream"));
        assertEquals(0, run.counter("inspect.ssh_by_port"));
    }

    @Test
    void aLostSegmentLeavesBothPartsOpenVpn() throws IOException {
        // the bytes after the gap are found by their own data packets, the second session is whole
        vpn.readWithoutSegment(tmp, vpn.firstUpload() + 7, "openvpn", 3);
    }
}
