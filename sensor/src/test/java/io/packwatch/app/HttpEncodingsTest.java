package io.packwatch.app;

import static io.packwatch.app.HttpCapturesTest.assertObject;
import static io.packwatch.app.HttpCapturesTest.object;
import static io.packwatch.testkit.HttpSamples.ZIP;
import static io.packwatch.testkit.HttpSamples.request;
import static io.packwatch.testkit.HttpSamples.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.GeneratePcaps;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.TcpSession;
import io.packwatch.testkit.HttpSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content-Encodings made by the real encoders (brotli4j, zstd-jni), and the decoding limits: captures written at
 * test time, one upload each, since the checked-in generator is JDK only.
 */
class HttpEncodingsTest {
    @TempDir
    Path tmp;

    private SensorRun upload(String encoding, byte[] body, String... settings) throws Exception {
        return send(request("POST", "/up", "Content-Type: application/zip\r\nContent-Encoding: " + encoding + "\r\n",
                body), 1448, settings);
    }

    private SensorRun send(byte[] request, int mss, String... settings) throws Exception {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), PacketBuilder.ip("10.1.0.5"), 40001,
                PacketBuilder.ip("203.0.113.30"), 80, 0x11111111L, 0x22222222L, GeneratePcaps.T0).stepNanos(10_000)
                .mss(mss).ackEvery(32);
        t.handshake();
        t.sendClient(request);
        t.mss(1448);
        t.sendServer(ok("ok\n"));
        t.closeFromClient();
        return SensorRun.read(tmp, t.packets(), settings);
    }

    @Test
    void multipartInSevenByteSegmentsWithBareLineFeeds() throws Exception {
        byte[] body = new String(HttpSamples.multipart(HttpSamples.MULTIPART_FILES), StandardCharsets.ISO_8859_1)
                .replace("\r\n--", "\n--").replace("\r\n\r\n", "\n\n").getBytes(StandardCharsets.ISO_8859_1);
        SensorRun r = send(request("POST", "/mp", "Content-Type: multipart/form-data; boundary=\"" + HttpSamples.BOUNDARY
                + "\"\r\n", body), 7);
        java.util.List<JsonNode> parts = HttpCapturesTest.objects(r, 40001);
        assertEquals(2, parts.size(), parts.toString());
        assertEquals("backup.zip", parts.get(0).at("/file/name").asText());
        assertObject(parts.get(0), "zip", ZIP);
        assertObject(parts.get(1), "tar", HttpSamples.TAR_GZ);
        assertEquals(4, r.counter("http.parts"));
    }

    @Test
    void brotli() throws Exception {
        Brotli4jLoader.ensureAvailability();
        SensorRun r = upload("br", Encoder.compress(ZIP));
        assertObject(object(r, 40001, "/up", "decoded"), "zip", ZIP);
        assertEquals(0, r.counter("http.decode_errors"));
    }

    @Test
    void zstd() throws Exception {
        byte[] z = Zstd.compress(ZIP);
        SensorRun r = upload("zstd", z);
        assertObject(object(r, 40001, "/up", "wire"), "zip", z);
        assertObject(object(r, 40001, "/up", "decoded"), "zip", ZIP);
    }

    @Test
    void brotliOverGzip() throws Exception {
        Brotli4jLoader.ensureAvailability();
        SensorRun r = upload("gzip, br", Encoder.compress(InspectionSamples.gzip(ZIP)));
        assertObject(object(r, 40001, "/up", "decoded"), "zip", ZIP);
    }

    @Test
    void decompressionBombStopsAtTheDecodedLimit() throws Exception {
        byte[] bomb = InspectionSamples.gzip(new byte[40 << 20]);
        SensorRun r = upload("gzip", bomb, "http.max_decoded_bytes=4MiB", "http.max_decode_ratio=100000",
                "inspect.report_min_bytes=1MiB");
        JsonNode decoded = object(r, 40001, "/up", "decoded");
        assertTrue(decoded.at("/dlp/truncated").asBoolean(), decoded.toString());
        assertTrue(decoded.at("/file/size").asLong() <= 4 << 20, decoded.toString());
        assertEquals(1, r.counter("http.limit.decoded_bytes"));
    }

    @Test
    void decompressionBombStopsAtTheRatio() throws Exception {
        byte[] bomb = InspectionSamples.gzip(new byte[40 << 20]);
        SensorRun r = upload("gzip", bomb, "http.max_decode_ratio=100");
        assertEquals(1, r.counter("http.limit.decode_ratio"));
        assertEquals(0, r.counter("http.limit.decoded_bytes"));
    }

    @Test
    void tooManyLayersAreNotDecoded() throws Exception {
        byte[] four = InspectionSamples.gzip(InspectionSamples.gzip(InspectionSamples.gzip(InspectionSamples.gzip(ZIP))));
        SensorRun r = upload("gzip, gzip, gzip, gzip", four);
        assertEquals(1, r.counter("http.limit.encoding_layers"));
        assertObject(object(r, 40001, "/up", "wire"), "zip", four);
        assertEquals(0, r.counter("http.decoded_bodies"));
    }

    @Test
    void corruptEncodingIsCountedAndTheWireObjectKept() throws Exception {
        byte[] gz = InspectionSamples.gzip(ZIP);
        for (int i = 40; i < 400; i++) {
            gz[i] ^= 0x5A;
        }
        SensorRun r = upload("gzip", gz);
        assertEquals(1, r.counter("http.decode_errors"));
        assertEquals(gz.length, object(r, 40001, "/up", "wire").at("/file/size").asLong());
    }
}
