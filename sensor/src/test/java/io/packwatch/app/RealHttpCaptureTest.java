package io.packwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients on loopback (pcaps/capture/capture-http-clients.sh): curl, wget, python urllib and a pipelining
 * python socket uploading to upload_server.py, and curl over HTTPS. The uploaded files' hashes are in
 * pcaps/real/http-clients.sha256.
 */
class RealHttpCaptureTest {
    @TempDir
    static java.nio.file.Path tmp;

    static SensorRun http;
    static Map<String, String> sha = new HashMap<>();

    @BeforeAll
    static void run() throws Exception {
        http = SensorRun.of(tmp, "--read", Repo.pcap("real/http-clients-lo.pcap").toString());
        assertEquals(0, http.exitCode);
        for (String line : Files.readAllLines(Repo.pcap("real/http-clients.sha256"))) {
            String[] f = line.split("\\s+");
            sha.put(f[1], f[0]);
        }
    }

    private static List<JsonNode> objects(Predicate<JsonNode> p) {
        return http.objects().stream().filter(p).toList();
    }

    private static JsonNode upload(String url, String layer) {
        List<JsonNode> found = objects(o -> url.equals(o.at("/url/original").asText())
                && layer.equals(o.at("/dlp/object/layer").asText()));
        assertEquals(1, found.size(), url + " " + layer);
        return found.get(0);
    }

    private static void assertFile(JsonNode o, String file, String format) {
        assertEquals(sha.get(file), o.at("/file/hash/sha256").asText(), o.toString());
        assertEquals(format, o.at("/dlp/format").asText(), o.toString());
        assertFalse(o.at("/dlp/truncated").asBoolean());
    }

    @Test
    void everyClientsUploadIsAnObjectWithItsHash() {
        JsonNode post = upload("/post", "wire");
        assertFile(post, "upload.zip", "zip");
        assertEquals("packwatch-curl", post.at("/user_agent/original").asText());
        assertEquals("POST", post.at("/http/request/method").asText());
        JsonNode put = upload("/put/data.tar.gz", "wire");
        assertFile(put, "data.tar.gz", "tar");
        assertEquals("PUT", put.at("/http/request/method").asText());
        assertFile(upload("/chunked", "wire"), "data.tar.gz", "tar");
        assertFile(upload("/gzip-body", "wire"), "upload.zip.gz", "zip");
        assertFile(upload("/gzip-body", "decoded"), "upload.zip", "zip");
        JsonNode wget = upload("/wget", "wire");
        assertFile(wget, "upload.zip", "zip");
        assertEquals("packwatch-wget", wget.at("/user_agent/original").asText());
        JsonNode urllib = upload("/urllib", "wire");
        assertFile(urllib, "data.tar.gz", "tar");
        assertEquals("packwatch-urllib", urllib.at("/user_agent/original").asText());
        assertFile(upload("/pipelined", "wire"), "upload.zip.gz", "zip");
    }

    @Test
    void curlMultipartPartsKeepTheirFileNames() {
        List<JsonNode> parts = objects(o -> o.at("/dlp/object/kind").asText().equals("http_part"));
        assertEquals(2, parts.size());
        assertEquals("upload.zip", parts.get(0).at("/file/name").asText());
        assertFile(parts.get(0), "upload.zip", "zip");
        assertEquals("application/zip", parts.get(0).at("/http/request/mime_type").asText());
        assertEquals("data.tar.gz", parts.get(1).at("/file/name").asText());
        assertFile(parts.get(1), "data.tar.gz", "tar");
        assertEquals(4, http.counter("http.parts"), "comment, zip, tar.gz, text");
    }

    @Test
    void downloadsHeadKeepAliveAndCounters() {
        JsonNode gz = upload("/gz/50000", "wire");
        assertEquals("gzip", gz.at("/dlp/format").asText());
        assertEquals(200, gz.at("/http/response/status_code").asInt());
        assertEquals(50000, upload("/gz/50000", "decoded").at("/file/size").asLong());
        // keep-alive: two GETs on one connection, the second gzip-encoded
        assertEquals(3000, upload("/blob/3000", "wire").at("/file/size").asLong());
        assertEquals(4000, upload("/gz/4000", "decoded").at("/file/size").asLong());
        // HEAD /blob/70000 declares 70000 bytes and sends none: nothing is read as its body
        assertTrue(objects(o -> o.at("/url/original").asText().equals("/blob/70000")).isEmpty());
        assertEquals(14, http.counter("http.requests"));
        assertEquals(14, http.counter("http.responses") - 1, "curl's Expect: 100-continue adds one interim 100");
        assertEquals(0, http.counter("http.parse_errors"));
        assertEquals(0, http.counter("http.unpaired_responses"));
        assertEquals(0, http.counter("http.junk_bytes"));
    }

    @Test
    void curlOverTlsIsLabelledWithItsServerName() {
        SensorRun tls = SensorRun.of(tmp, "--read", Repo.pcap("real/https-curl-lo.pcap").toString());
        List<JsonNode> objs = tls.objects();
        assertEquals(2, objs.size());
        for (JsonNode o : objs) {
            assertEquals("tls", o.at("/network/protocol").asText());
            assertEquals("exfil.packwatch.test", o.at("/tls/client/server_name").asText());
            assertEquals("1.3", o.at("/tls/version").asText());
            assertEquals("TLS_AES_256_GCM_SHA384", o.at("/tls/cipher").asText());
        }
        JsonNode up = objs.stream().filter(o -> o.at("/dlp/stream").asText().equals("client")).findFirst().orElseThrow();
        assertTrue(up.at("/file/size").asLong() > 6782, "the zip went out inside: " + up);
        assertEquals(0, tls.records.stream().filter(r -> r.at("/event/kind").asText().equals("alert")).count());
    }
}
