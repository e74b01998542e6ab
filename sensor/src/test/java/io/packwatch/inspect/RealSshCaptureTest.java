package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.Frames;
import io.packwatch.testkit.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
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
    private static final Path CAPTURE = Repo.pcap("real/ssh-scp-lo.pcap");
    private static final String HOME = "sensor.home_networks=127.0.0.1/32";
    /** Client segments with at least this much payload carry the file; the key exchange's are far smaller. */
    private static final int UPLOAD_SEGMENT = 16384;

    @TempDir
    static Path tmp;

    /** A capture's frames, their times, and where each session's upload begins. */
    private record Capture(List<byte[]> frames, List<Long> times, int firstUpload) {
        static Capture of(Path file) throws IOException {
            List<byte[]> frames = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            try (PacketSource in = PcapFileSource.open(file, 1 << 20)) {
                Frame f = new Frame();
                while (in.next(f)) {
                    frames.add(Arrays.copyOf(f.data, f.length));
                    times.add(f.tsNanos);
                }
            }
            int first = -1;
            for (int i = 0; i < frames.size() && first < 0; i++) {
                if (isUpload(frames.get(i))) {
                    first = i;
                }
            }
            assertTrue(first > 10, "the upload follows the banners and the key exchange: " + first);
            return new Capture(frames, times, first);
        }

        /**
         * Whether frame {@code i} comes at or after the first upload segment of its own session (sessions are
         * told apart by the client port): what a capture that began after each key exchange holds.
         */
        boolean afterKeyExchange(int i) {
            int client = clientPort(frames.get(i));
            for (int k = 0; k <= i; k++) {
                if (isUpload(frames.get(k)) && clientPort(frames.get(k)) == client) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Capture chacha;

    @BeforeAll
    static void read() throws IOException {
        chacha = Capture.of(CAPTURE);
    }

    private static boolean isUpload(byte[] f) {
        return toPort(f) != clientPort(f) && payload(f) >= UPLOAD_SEGMENT && (toPort(f) == 22 || toPort(f) == 2222);
    }

    private static int clientPort(byte[] f) {
        int tcp = 14 + (f[14] & 0x0F) * 4;
        int from = (f[tcp] & 0xFF) << 8 | f[tcp + 1] & 0xFF;
        return from == 22 || from == 2222 ? toPort(f) : from;
    }

    /** TCP payload length of an Ethernet/IPv4/TCP frame. */
    private static int payload(byte[] f) {
        int ip = 14;
        int ipHeader = (f[ip] & 0x0F) * 4;
        int total = (f[ip + 2] & 0xFF) << 8 | f[ip + 3] & 0xFF;
        int tcpHeader = (f[ip + ipHeader + 12] >>> 4 & 0x0F) * 4;
        return total - ipHeader - tcpHeader;
    }

    private static int toPort(byte[] f) {
        int tcp = 14 + (f[14] & 0x0F) * 4;
        return (f[tcp + 2] & 0xFF) << 8 | f[tcp + 3] & 0xFF;
    }

    /** The sensor's records for the capture's frames that {@code keep} accepts (by index), with more settings. */
    private static SensorRun read(Capture c, String name, IntPredicate keep, String... sets) throws IOException {
        Path edited = tmp.resolve(name + ".pcap");
        try (PcapWriter w = PcapWriter.create(edited, Frames.DLT_EN10MB)) {
            for (int i = 0; i < c.frames().size(); i++) {
                if (keep.test(i)) {
                    w.write(c.times().get(i), c.frames().get(i));
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("--read", edited.toString(), "--set", HOME));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        SensorRun run = SensorRun.of(tmp, args.toArray(String[]::new));
        assertEquals(0, run.exitCode);
        return run;
    }

    private static List<JsonNode> clientObjects(SensorRun run) {
        return run.objects().stream().filter(o -> o.at("/network/direction").asText().equals("outbound")).toList();
    }

    private static void assertSshUpload(JsonNode o) {
        assertEquals("outbound", o.at("/network/direction").asText(), o.toString());
        assertEquals("ssh", o.at("/network/protocol").asText(), o.toString());
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
    }

    @Test
    void theWholeSessionIsSshByItsBanner() throws IOException {
        SensorRun run = read(chacha, "whole", i -> true);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
    }

    @Test
    void pickedUpAfterTheKeyExchangeItIsSshByItsPort() throws IOException {
        SensorRun run = read(chacha, "midstream", i -> i >= chacha.firstUpload());
        List<JsonNode> objects = clientObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertTrue(objects.get(0).at("/dlp/truncated").asBoolean());
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
        // the client's upload, and the server's replies to it (a few hundred bytes of sftp status packets)
        assertEquals(2, run.counter("inspect.ssh_by_port"));
    }

    @Test
    void pickedUpMidStreamOnAPortNotListedItIsAnEncryptedUpload() throws IOException {
        SensorRun run = read(chacha, "unlisted", i -> i >= chacha.firstUpload(), "inspect.midstream_ssh_ports=[2222]");
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.encrypted_upload", alerts.get(0).at("/dlp/objects/0/rule/id").asText(), alerts.toString());
    }

    @Test
    void aLostSegmentDoesNotTurnTheRestIntoAnUpload() throws IOException {
        int lost = chacha.firstUpload() + 3;
        byte[] segment = chacha.frames().get(lost);
        assertTrue(isUpload(segment), "a segment of the upload");
        SensorRun run = read(chacha, "gap", i -> i != lost);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(2, objects.size(), objects.toString());
        objects.forEach(RealSshCaptureTest::assertSshUpload);
        assertEquals(payload(segment), objects.get(0).at("/dlp/missed_bytes").asLong(), objects.toString());
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
        assertEquals(1, run.counter("inspect.protocol_continued"));
    }

    @Test
    void clearLengthModesPickedUpMidStreamAreSshByTheirPacketsOnAnyPort() throws IOException {
        Capture modes = Capture.of(Repo.pcap("real/ssh-modes-lo.pcap"));
        // port 2222 is not listed: only the packets' clear lengths say SSH
        SensorRun run = read(modes, "modes", modes::afterKeyExchange);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(2, objects.size(), "aes128-gcm and aes128-ctr with hmac-sha2-256-etm: " + objects);
        objects.forEach(RealSshCaptureTest::assertSshUpload);
        assertEquals(2222, objects.get(0).at("/destination/port").asInt());
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
        assertEquals(0, run.counter("inspect.ssh_by_port"));
        // the two uploads; the server's replies (a few hundred bytes of sftp status packets each, whose clear lengths
        // are most of their bias) are called compressed by the statistics, and only what they call encrypted is
        // named SSH by its framing
        assertEquals(2, run.counter("inspect.ssh_by_framing"));
    }
}
