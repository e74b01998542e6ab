package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.InspectionSamples;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-uploads.pcap end to end: raw TCP transfers from 10.1.0.5 (home) of archives,
 * compressed and encrypted data, each on its own client port (see pcaps/README.md).
 */
class InspectionPipelineTest {
    @TempDir
    Path tmp;

    private SensorRun run;
    /** Object records by the sender's port. */
    private final Map<Integer, JsonNode> objects = new TreeMap<>();
    /** The objects that raised a network rule, as their alert lists them, by source port. */
    private final Map<Integer, JsonNode> alerts = new TreeMap<>();
    private final List<JsonNode> episodes = new java.util.ArrayList<>();

    @BeforeEach
    void run() {
        run = SensorRun.of(tmp, "--read", Repo.pcap("inspect-uploads.pcap").toString());
        assertEquals(0, run.exitCode);
        for (JsonNode r : run.records) {
            String ds = r.at("/event/dataset").asText();
            if (ds.equals("packwatch.object")) {
                objects.put(r.at("/source/port").asInt(), r);
            } else if (ds.equals("packwatch.alert")) {
                episodes.add(r);
                for (JsonNode listed : r.at("/dlp/objects")) {
                    if (!listed.at("/rule/id").isMissingNode()) {
                        alerts.put(listed.at("/source/port").asInt(), listed);
                    }
                }
            }
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void gzipUploadIsFoundHashedAndAlerted() throws Exception {
        byte[] gzip = InspectionSamples.gzip(InspectionSamples.text(1, 20000));
        JsonNode o = objects.get(61001);
        assertEquals("gzip", o.at("/dlp/format").asText());
        assertEquals(0, o.at("/dlp/offset").asLong());
        assertTrue(o.at("/dlp/validated").asBoolean());
        assertEquals("compressed", o.at("/dlp/class").asText());
        assertEquals("format", o.at("/dlp/class_basis").asText());
        assertTrue(o.at("/dlp/class_decoder").isMissingNode());
        assertEquals(gzip.length, o.at("/file/size").asLong());
        assertEquals("application/gzip", o.at("/file/mime_type").asText());
        assertEquals(sha256(gzip), o.at("/file/hash/sha256").asText());
        assertEquals("outbound", o.at("/network/direction").asText());
        assertEquals("203.0.113.10", o.at("/destination/ip").asText());
        assertEquals(4444, o.at("/destination/port").asInt());
        assertEquals("client", o.at("/dlp/stream").asText());
        JsonNode listed = alerts.get(61001);
        assertEquals("pw.net.archive_upload", listed.at("/rule/id").asText());
        assertEquals(sha256(gzip), listed.at("/file/hash/sha256").asText());
        // One episode: every upload from the workstation to 203.0.113.10 is one alert.
        assertEquals(1, episodes.size());
        JsonNode a = episodes.get(0);
        assertEquals("alert", a.at("/event/kind").asText());
        assertEquals("pw.net.archive_upload", a.at("/rule/id").asText());
        assertEquals(List.of("T1560.002", "T1048"),
                List.of(a.at("/threat/technique/id/0").asText(), a.at("/threat/technique/id/1").asText()));
        assertEquals("10.1.0.5", a.at("/source/ip").asText());
        assertEquals("203.0.113.10", a.at("/destination/ip").asText());
    }

    @Test
    void eachFormatOfTheUploadsIsRecognized() throws Exception {
        assertEquals("zlib", objects.get(61002).at("/dlp/format").asText());
        assertEquals("zip", objects.get(61003).at("/dlp/format").asText());
        assertTrue(objects.get(61003).at("/dlp/detail").asText().contains("notes.txt"));
        // the tar.gz: dlp.format is the innermost format, the layers say how it travelled
        JsonNode tgz = objects.get(61004);
        assertEquals("tar", tgz.at("/dlp/format").asText());
        assertEquals("gzip", tgz.at("/dlp/layers/0").asText());
        assertEquals("tar", tgz.at("/dlp/layers/1").asText());
        assertEquals("application/gzip", tgz.at("/file/mime_type").asText());
        assertEquals("loot/report.txt", tgz.at("/dlp/archive/entries/0/name").asText());
        assertEquals(20000, tgz.at("/dlp/archive/entries/0/size").asLong());
        for (int port : new int[] {61002, 61003, 61004}) {
            assertEquals("pw.net.archive_upload", alerts.get(port).at("/rule/id").asText(), "port " + port);
        }
    }

    @Test
    void ciphertextWithoutMagicIsClassifiedEncryptedAndAlerted() throws Exception {
        byte[] aes = InspectionSamples.aesCtr(InspectionSamples.text(1, 20000));
        JsonNode o = objects.get(61005);
        assertEquals("none", o.at("/dlp/format").asText());
        assertEquals("encrypted", o.at("/dlp/class").asText());
        assertEquals("statistics", o.at("/dlp/class_basis").asText());
        assertTrue(o.at("/dlp/entropy").asDouble() > 7.9, o.toString());
        assertEquals(sha256(aes), o.at("/file/hash/sha256").asText());
        assertEquals("pw.net.encrypted_upload", alerts.get(61005).at("/rule/id").asText());
    }

    @Test
    void archiveAfterAPrefixAndInTinySegmentsIsFound() throws Exception {
        JsonNode prefixed = objects.get(61006);
        assertEquals("gzip", prefixed.at("/dlp/format").asText());
        assertEquals(40, prefixed.at("/dlp/offset").asLong());
        JsonNode tiny = objects.get(61007);
        assertEquals("gzip", tiny.at("/dlp/format").asText());
        assertEquals(sha256(InspectionSamples.gzip(InspectionSamples.text(2, 4000))), tiny.at("/file/hash/sha256").asText());
    }

    @Test
    void headerlessDeflateIsConfirmedByDecodingAndAlertedAsAnArchiveUpload() {
        JsonNode o = objects.get(61012);
        assertEquals("none", o.at("/dlp/format").asText(), o.toString());
        assertEquals("compressed", o.at("/dlp/class").asText());
        assertEquals("decoded", o.at("/dlp/class_basis").asText());
        assertEquals("deflate", o.at("/dlp/class_decoder").asText());
        assertEquals(InspectionSamples.rawDeflate(InspectionSamples.text(1, 20000)).length,
                o.at("/file/size").asLong());
        JsonNode listed = alerts.get(61012);
        assertEquals("pw.net.archive_upload", listed.at("/rule/id").asText(), "no container, but a decoder confirmed it");
        assertEquals("compressed", listed.at("/dlp/class").asText());
    }

    @Test
    void downloadsInternalCopiesAndTlsRaiseNoAlert() {
        JsonNode download = objects.get(4444);
        assertEquals("gzip", download.at("/dlp/format").asText());
        assertEquals("inbound", download.at("/network/direction").asText());
        assertEquals("server", download.at("/dlp/stream").asText());
        assertFalse(alerts.containsKey(4444));
        assertEquals("internal", objects.get(61011).at("/network/direction").asText());
        assertFalse(alerts.containsKey(61011));
        JsonNode tls = objects.get(61009);
        assertEquals("tls", tls.at("/network/protocol").asText());
        assertEquals("encrypted", tls.at("/dlp/class").asText());
        assertEquals("protocol", tls.at("/dlp/class_basis").asText());
        assertTrue(tls.at("/file/hash").isMissingNode(), "a TLS session's ciphertext is not hashed: " + tls);
        assertFalse(alerts.containsKey(61009));
    }

    @Test
    void plainTextIsNotReportedAndCountersAddUp() {
        assertFalse(objects.containsKey(61010));
        assertEquals(13, run.counter("inspect.objects"));
        assertEquals(8, run.counter("inspect.archives_found"));
        assertEquals(0, run.counter("inspect.detector_errors"));
        assertEquals(0, run.counter("inspect.memcap_early_verdicts"));
    }
}
