package io.packwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/real/udp-lo.pcap (pcaps/capture/capture-udp.sh; the files and their SHA-256 are in pcaps/real/udp.txt), from
 * 127.0.0.1 to 127.0.0.2: a zip sent by Python's socket.sendto in 1400-byte datagrams, each acknowledged; a tar.gz
 * uploaded by tftp-hpa to tftpd-hpa (the request to port 69, the blocks to the server's port 50069); and an HTTP/3
 * POST of 100 KB of CSV over QUIC v1 (ngtcp2).
 */
class RealUdpCaptureTest {
    private static final Path CAPTURE = Repo.pcap("real/udp-lo.pcap");

    @TempDir
    Path tmp;

    private SensorRun read(String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "--read";
        args[1] = CAPTURE.toString();
        args[2] = "--set";
        args[3] = "sensor.home_networks=127.0.0.1/32";
        System.arraycopy(more, 0, args, 4, more.length);
        SensorRun run = SensorRun.of(tmp, args);
        assertEquals(0, run.exitCode);
        return run;
    }

    @Test
    void theArchivesAreTheFilesSentAndQuicCarriesNothing() {
        SensorRun run = read();
        List<JsonNode> objects = run.objects();
        assertEquals(2, objects.size(), objects.toString());

        JsonNode zip = run.objectsFrom(40999).get(0);
        assertEquals("datagrams", zip.at("/dlp/object/kind").asText());
        assertEquals("zip", zip.at("/dlp/format").asText());
        assertEquals(20_913, zip.at("/file/size").asLong());
        assertEquals("80f11fd7c7047f4d21e937f002093d70217572443fae2beae4ae3250393ce26c",
                zip.at("/file/hash/sha256").asText());
        assertEquals("export.csv", zip.at("/dlp/archive/entries/0/name").asText());
        assertTrue(zip.at("/dlp/archive/complete").asBoolean());

        // the blocks without their headers: the file itself, listed whole
        JsonNode tftp = run.objectsFrom(40069).get(0);
        assertEquals("tftp", tftp.at("/dlp/object/kind").asText());
        assertEquals("tftp", tftp.at("/network/protocol").asText());
        assertEquals(50069, tftp.at("/destination/port").asInt());
        assertEquals(7_826, tftp.at("/file/size").asLong());
        assertEquals("0e38c8e573f32702101ae4f02d28684534bc004b61237c573004a61051b2a472",
                tftp.at("/file/hash/sha256").asText());
        assertEquals("[\"gzip\",\"tar\"]", tftp.at("/dlp/layers").toString());
        assertEquals("backup/ledger.txt", tftp.at("/dlp/archive/entries/0/name").asText());
        assertTrue(tftp.at("/dlp/archive/complete").asBoolean(), tftp.toString());
        assertEquals(1, run.counter("udp.tftp_transfers"));
        assertEquals(0, run.counter("udp.tftp_irregular"));

        // QUIC: both directions inspected, neither reported, no alert for them
        assertTrue(run.objectsFrom(4433).isEmpty());
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.net.archive_upload", alerts.get(0).at("/rule/id").asText());
        assertEquals(2, alerts.get(0).at("/dlp/objects").size());
    }

    @Test
    void withUdpInspectionOffNothingIsSeen() {
        SensorRun run = read("--set", "inspect.udp=false");
        assertTrue(run.objects().isEmpty(), run.objects().toString());
        assertTrue(run.dataset("packwatch.alert").isEmpty());
    }
}
