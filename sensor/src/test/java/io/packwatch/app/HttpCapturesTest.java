package io.packwatch.app;

import static io.packwatch.testkit.HttpSamples.GZ;
import static io.packwatch.testkit.HttpSamples.GZ_CSV;
import static io.packwatch.testkit.HttpSamples.GZ_ZIP;
import static io.packwatch.testkit.HttpSamples.SMALL_GZ;
import static io.packwatch.testkit.HttpSamples.TAR_GZ;
import static io.packwatch.testkit.HttpSamples.ZIP;
import static io.packwatch.testkit.HttpSamples.ZLIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.HttpSamples;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcaps/http.pcap, http-evasions.pcap and tls.pcap end to end: the objects each case must produce. */
class HttpCapturesTest {
    @TempDir
    Path tmp;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private SensorRun run(String pcap, String... extra) {
        String[] args = new String[2 + extra.length];
        args[0] = "--read";
        args[1] = Repo.pcap(pcap).toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        SensorRun r = SensorRun.of(tmp, args);
        assertEquals(0, r.exitCode);
        assertEquals(0, r.counter("pipeline.internal_errors"));
        return r;
    }

    /** Object records sent from {@code port}: a client port for uploads, the server port for downloads. */
    static List<JsonNode> objects(SensorRun run, int port) {
        return run.objectsFrom(port);
    }

    /** The one object of a port with this URL, layer and kind. */
    /** The objects of one layer of the messages sent to {@code url} from a client port, in the order they ended. */
    static List<JsonNode> objects(SensorRun run, int port, String url, String layer) {
        return objects(run, port).stream().filter(o -> url.equals(o.at("/url/original").asText()))
                .filter(o -> layer.equals(o.at("/dlp/object/layer").asText())).toList();
    }

    static JsonNode object(SensorRun run, int port, String url, String layer) {
        List<JsonNode> found = objects(run, port, url, layer);
        assertEquals(1, found.size(), "objects of " + port + " " + url + " " + layer + ": " + objects(run, port));
        return found.get(0);
    }

    static void assertObject(JsonNode o, String format, byte[] content) throws Exception {
        assertEquals(format, o.at("/dlp/format").asText(), o.toString());
        assertEquals(content.length, o.at("/file/size").asLong(), o.toString());
        assertEquals(sha256(content), o.at("/file/hash/sha256").asText(), o.toString());
        assertFalse(o.at("/dlp/truncated").asBoolean(), o.toString());
    }

    @Test
    void uploadsAndDownloads() throws Exception {
        SensorRun r = run("http.pcap");
        JsonNode post = object(r, 62001, "/upload?id=7", "wire");
        assertObject(post, "zip", ZIP);
        assertEquals("POST", post.at("/http/request/method").asText());
        assertEquals(ZIP.length, post.at("/http/request/body/bytes").asLong());
        assertEquals("http", post.at("/network/protocol").asText());
        assertEquals("files.example.net", post.at("/url/domain").asText());
        assertEquals(HttpSamples.UA, post.at("/user_agent/original").asText());
        assertEquals("application/octet-stream", post.at("/http/request/mime_type").asText());
        assertEquals("http_body", post.at("/dlp/object/kind").asText());

        JsonNode put = object(r, 62002, "/files/db.tar.gz", "wire");
        assertObject(put, "tar", TAR_GZ);
        assertEquals("PUT", put.at("/http/request/method").asText());
        assertEquals("db.tar.gz", put.at("/file/name").asText());

        List<JsonNode> parts = objects(r, 62003);
        assertEquals(2, parts.size(), "the zip and the tar.gz parts; the text part carries nothing");
        assertEquals("backup.zip", parts.get(0).at("/file/name").asText());
        assertObject(parts.get(0), "zip", ZIP);
        assertEquals("db.tar.gz", parts.get(1).at("/file/name").asText());
        assertObject(parts.get(1), "tar", TAR_GZ);
        for (JsonNode p : parts) {
            assertEquals("http_part", p.at("/dlp/object/kind").asText());
            assertEquals("10.9.8.7", p.at("/http/request/headers/x_forwarded_for").asText());
            assertEquals("/form", p.at("/url/original").asText());
        }
        assertEquals("application/zip", parts.get(0).at("/http/request/mime_type").asText());

        assertObject(object(r, 62004, "/stream", "wire"), "gzip", GZ);

        JsonNode wire = object(r, 62005, "/api/v1/sync", "wire");
        assertObject(wire, "zip", GZ_ZIP);
        assertEquals("gzip", wire.at("/dlp/object/content_encoding").asText());
        JsonNode decoded = object(r, 62005, "/api/v1/sync", "decoded");
        assertObject(decoded, "zip", ZIP);
        assertTrue(decoded.at("/dlp/detail").asText().contains("notes.txt"), decoded.toString());

        JsonNode download = object(r, 80, "/export.csv", "wire");
        assertObject(download, "gzip", GZ_CSV);
        assertEquals(200, download.at("/http/response/status_code").asInt());
        assertEquals("GET", download.at("/http/request/method").asText());
        assertEquals("text/csv", download.at("/http/response/mime_type").asText());
        assertEquals("inbound", download.at("/network/direction").asText());
        assertEquals(2, r.counter("http.decoded_bodies"));
    }

    @Test
    void keepAlivePipeliningHeadNoContentAndConnect() throws Exception {
        SensorRun r = run("http.pcap");
        assertObject(object(r, 62007, "/a", "wire"), "gzip", GZ);
        assertObject(object(r, 62007, "/b", "wire"), "zlib", ZLIB);
        assertObject(object(r, 62008, "/p2", "wire"), "gzip", SMALL_GZ);
        JsonNode p3 = object(r, 80, "/p3.zip", "wire");
        assertObject(p3, "zip", ZIP);
        assertEquals("GET", p3.at("/http/request/method").asText());
        // After a HEAD whose response declares 50000 bytes, the next response is still read right.
        assertObject(object(r, 80, "/small.gz", "wire"), "gzip", SMALL_GZ);
        // 204 and 304 (with a Content-Length) carry no body either.
        assertObject(object(r, 62010, "/beacon", "wire"), "gzip", GZ);
        assertObject(object(r, 80, "/fresh.gz", "wire"), "gzip", SMALL_GZ);
        // CONNECT 200: the rest of both directions is a raw stream, labelled by its TLS records.
        List<JsonNode> tunnel = objects(r, 62011);
        assertEquals(1, tunnel.size());
        assertEquals("stream", tunnel.get(0).at("/dlp/object/kind").asText());
        assertEquals("tls", tunnel.get(0).at("/network/protocol").asText());
        assertEquals(1, r.counter("http.tunnels"));
        assertEquals(20, r.counter("http.requests"));
        assertEquals(20, r.counter("http.responses"));
        assertEquals(0, r.counter("http.parse_errors"));
        assertEquals(0, r.counter("http.unpaired_responses"));
        assertEquals(4, r.counter("http.parts"));
    }

    @Test
    void textEncodedArchivesInFormsAndJson() throws Exception {
        SensorRun r = run("http.pcap");
        JsonNode form = object(r, 62012, "/login", "decoded");
        assertEquals("gzip", form.at("/dlp/format").asText());
        assertEquals("base64", form.at("/dlp/encoding").asText());
        assertEquals("application/x-www-form-urlencoded", form.at("/http/request/mime_type").asText());
        JsonNode json = object(r, 62013, "/api/telemetry", "wire");
        assertEquals("gzip", json.at("/dlp/format").asText());
        assertEquals("base64", json.at("/dlp/encoding").asText());
    }

    @Test
    void evasions() throws Exception {
        SensorRun r = run("http-evasions.pcap");
        JsonNode folded = objects(r, 62101).get(0);
        assertEquals("folded.zip", folded.at("/file/name").asText());
        assertObject(folded, "zip", ZIP);
        assertTrue(folded.at("/http/request/headers/x_forwarded_for").asText().contains("172.16.0.1"), folded.toString());
        assertObject(object(r, 62102, "/dup", "wire"), "gzip", GZ);
        assertObject(object(r, 62103, "/smuggle", "wire"), "gzip", GZ);
        assertEquals(1, r.counter("http.suspicious.chunked_with_content_length"));
        assertObject(object(r, 62104, "/layers", "decoded"), "zip", ZIP);
        assertObject(object(r, 62105, "/bytes", "wire"), "gzip", SMALL_GZ);
        assertObject(object(r, 62106, "/ooo", "wire"), "gzip", GZ);
        assertObject(object(r, 62107, "/q1", "wire"), "gzip", SMALL_GZ);
        assertObject(object(r, 62107, "/q2", "wire"), "zlib", ZLIB);
        assertObject(object(r, 62108, "/lf", "wire"), "gzip", GZ);
        // A lost body segment: the wire object ends at the gap (truncated, missed 1000, no hash), what follows is a
        // second wire object whose start was not seen, and the next request is parsed.
        List<JsonNode> cut = objects(r, 62109, "/gap-body", "wire");
        assertEquals(2, cut.size(), cut.toString());
        JsonNode before = cut.get(0);
        JsonNode after = cut.get(1);
        assertEquals(1000, before.at("/dlp/missed_bytes").asLong());
        assertEquals(0, after.at("/dlp/missed_bytes").asLong());
        for (JsonNode o : cut) {
            assertTrue(o.at("/dlp/truncated").asBoolean(), o.toString());
            assertTrue(o.at("/file/hash").isMissingNode(), o.toString());
        }
        assertEquals("gzip", before.at("/dlp/format").asText());
        assertEquals(GZ_CSV.length - 1000, before.at("/file/size").asLong() + after.at("/file/size").asLong());
        assertObject(object(r, 62109, "/after-gap", "wire"), "gzip", SMALL_GZ);
        // A segment lost in the text before a zip: the zip, past the gap, is found in the body's second object (the
        // text before the gap carries nothing and is not reported).
        List<JsonNode> split = objects(r, 62111, "/gap-then-zip", "wire");
        assertEquals(1, split.size(), split.toString());
        JsonNode zip = split.get(0);
        assertEquals(0, zip.at("/dlp/missed_bytes").asLong());
        assertEquals("zip", zip.at("/dlp/format").asText(), zip.toString());
        assertTrue(zip.at("/dlp/validated").asBoolean());
        assertTrue(zip.at("/dlp/truncated").asBoolean());
        assertEquals(zip.at("/file/size").asLong() - ZIP.length, zip.at("/dlp/offset").asLong(), "the zip ends the body");
        assertObject(object(r, 62110, "/resync", "wire"), "gzip", SMALL_GZ);
        assertEquals(2, r.counter("http.gaps_bridged"));
        assertEquals(1, r.counter("http.resyncs"));
        assertEquals(0, r.counter("http.parse_errors"));
    }

    @Test
    void tlsHelloSpanningRecordsAndSegments() {
        SensorRun r = run("tls.pcap");
        List<JsonNode> objs = objects(r, 62201);
        assertEquals(1, objs.size());
        JsonNode up = objs.get(0);
        assertEquals("tls", up.at("/network/protocol").asText());
        assertEquals("exfil.example.net", up.at("/tls/client/server_name").asText());
        assertEquals("1.3", up.at("/tls/version").asText());
        assertEquals("TLS_AES_128_GCM_SHA256", up.at("/tls/cipher").asText());
        assertTrue(up.at("/tls/next_protocol").isMissingNode(), "the server chose no ALPN protocol");
        assertTrue(up.at("/file/size").asLong() > 60000, "the outbound volume: " + up);
        assertEquals(1, r.counter("tls.client_hellos"));
        assertEquals(1, r.counter("tls.server_hellos"));
        assertEquals(0, r.counter("tls.parse_errors"));
        assertTrue(r.records.stream().noneMatch(x -> x.at("/event/kind").asText().equals("alert")),
                "TLS is encrypted by design, not an encrypted upload");
    }

    @Test
    void withHttpOffEachDirectionIsOneRawObject() {
        SensorRun r = run("http.pcap", "--set", "http.enabled=false");
        assertEquals(0, r.counterOrZero("http.requests"));
        JsonNode up = objects(r, 62001).get(0);
        assertEquals("stream", up.at("/dlp/object/kind").asText());
        assertEquals("zip", up.at("/dlp/format").asText());
        assertTrue(up.at("/dlp/offset").asLong() > 0, "the zip sits behind the request headers");
    }

    /** Inspection off drops the objects but not the parsing: HTTP and TLS are still counted, nothing is inspected. */
    @Test
    void withInspectionOffHttpAndTlsAreStillParsed() {
        SensorRun http = run("http.pcap", "--set", "inspect.enabled=false");
        assertEquals(20, http.counter("http.requests"));
        assertEquals(20, http.counter("http.responses"));
        assertEquals(0, http.counter("http.decoded_bodies"), "no body is decoded for nobody");
        assertEquals(0, http.counterOrZero("inspect.objects"));
        assertTrue(http.objects().isEmpty());
        SensorRun tls = run("tls.pcap", "--set", "inspect.enabled=false");
        assertEquals(1, tls.counter("tls.client_hellos"));
        assertEquals(0, tls.counterOrZero("inspect.objects"));
    }
}
