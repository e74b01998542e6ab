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

    private static List<byte[]> frames;
    private static List<Long> times;
    /** Index of the first client segment of the file's bytes. */
    private static int firstUpload;

    @BeforeAll
    static void read() throws IOException {
        frames = new ArrayList<>();
        times = new ArrayList<>();
        try (PacketSource in = PcapFileSource.open(CAPTURE, 1 << 20)) {
            Frame f = new Frame();
            while (in.next(f)) {
                frames.add(Arrays.copyOf(f.data, f.length));
                times.add(f.tsNanos);
            }
        }
        firstUpload = -1;
        for (int i = 0; i < frames.size() && firstUpload < 0; i++) {
            if (toPort(frames.get(i)) == 22 && payload(frames.get(i)) >= UPLOAD_SEGMENT) {
                firstUpload = i;
            }
        }
        assertTrue(firstUpload > 10, "the upload follows the banners and the key exchange: " + firstUpload);
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
    private static SensorRun read(String name, IntPredicate keep, String... sets) throws IOException {
        Path edited = tmp.resolve(name + ".pcap");
        try (PcapWriter w = PcapWriter.create(edited, Frames.DLT_EN10MB)) {
            for (int i = 0; i < frames.size(); i++) {
                if (keep.test(i)) {
                    w.write(times.get(i), frames.get(i));
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
        return run.objects().stream().filter(o -> o.at("/destination/port").asInt() == 22).toList();
    }

    private static void assertSshUpload(JsonNode o) {
        assertEquals("outbound", o.at("/network/direction").asText(), o.toString());
        assertEquals("ssh", o.at("/network/protocol").asText(), o.toString());
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("protocol", o.at("/dlp/class_basis").asText(), o.toString());
    }

    @Test
    void theWholeSessionIsSshByItsBanner() throws IOException {
        SensorRun run = read("whole", i -> true);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
    }

    @Test
    void pickedUpAfterTheKeyExchangeItIsSshByItsPort() throws IOException {
        SensorRun run = read("midstream", i -> i >= firstUpload);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertSshUpload(objects.get(0));
        assertTrue(objects.get(0).at("/dlp/truncated").asBoolean());
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
        // the client's upload, and the server's replies to it (504 bytes of sftp status packets)
        assertEquals(2, run.counter("inspect.ssh_by_port"));
    }

    @Test
    void pickedUpMidStreamOnAPortNotListedItIsAnEncryptedUpload() throws IOException {
        SensorRun run = read("unlisted", i -> i >= firstUpload, "inspect.midstream_ssh_ports=[2222]");
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.encrypted_upload", alerts.get(0).at("/dlp/objects/0/rule/id").asText(), alerts.toString());
    }

    @Test
    void aLostSegmentDoesNotTurnTheRestIntoAnUpload() throws IOException {
        int lost = firstUpload + 3;
        assertTrue(toPort(frames.get(lost)) == 22 && payload(frames.get(lost)) >= UPLOAD_SEGMENT, "a data segment");
        SensorRun run = read("gap", i -> i != lost);
        List<JsonNode> objects = clientObjects(run);
        assertEquals(2, objects.size(), objects.toString());
        objects.forEach(RealSshCaptureTest::assertSshUpload);
        assertEquals(payload(frames.get(lost)), objects.get(0).at("/dlp/missed_bytes").asLong(), objects.toString());
        assertTrue(run.dataset("packwatch.alert").isEmpty(), run.dataset("packwatch.alert").toString());
        assertEquals(1, run.counter("inspect.protocol_continued"));
    }
}
