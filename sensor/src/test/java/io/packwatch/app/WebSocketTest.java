package io.packwatch.app;

import static io.packwatch.app.HttpCapturesTest.assertObject;
import static io.packwatch.app.HttpCapturesTest.sha256;
import static io.packwatch.testkit.HttpSamples.GZ;
import static io.packwatch.testkit.HttpSamples.ZIP;
import static io.packwatch.testkit.Payloads.ascii;
import static io.packwatch.testkit.WebSocketFrames.BINARY;
import static io.packwatch.testkit.WebSocketFrames.CONTINUATION;
import static io.packwatch.testkit.WebSocketFrames.PING;
import static io.packwatch.testkit.WebSocketFrames.PONG;
import static io.packwatch.testkit.WebSocketFrames.TEXT;
import static io.packwatch.testkit.WebSocketFrames.compress;
import static io.packwatch.testkit.WebSocketFrames.deflater;
import static io.packwatch.testkit.WebSocketFrames.frame;
import static io.packwatch.testkit.WebSocketFrames.header;
import static io.packwatch.testkit.WebSocketFrames.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.Bytes;
import io.packwatch.testkit.GeneratePcaps;
import io.packwatch.testkit.HttpSamples;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.TcpSession;
import io.packwatch.testkit.WebSocketFrames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket after an HTTP upgrade, end to end: captures written at test time from 10.1.0.5 (a home network) to
 * 203.0.113.30:80, so uploads are outbound and alert. Each message is one {@code websocket} object.
 */
class WebSocketTest {
    private static final int PORT = 40001;
    private static final String PATH = "/ws/upload?room=7";
    /** RFC 6455 §5.7's example key, and others whose bytes differ, so a wrong key or phase garbles the payload. */
    private static final int K1 = 0x37fa213d;
    private static final int K2 = 0x9c01e4b5;
    private static final int K3 = 0x5a5aa5a5;
    private static final int K4 = 0x01020304;

    @TempDir
    Path tmp;

    /** One upgraded connection: the upgrade and its 101, then what each side sends, in capture order. */
    private final class Connection {
        final TcpSession t = new TcpSession(LinkLayer.ethernet(), PacketBuilder.ip("10.1.0.5"), PORT,
                PacketBuilder.ip("203.0.113.30"), 80, 0x11111111L, 0x22222222L, GeneratePcaps.T0)
                .stepNanos(10_000).mss(1448).ackEvery(32);

        /** An upgrade offering permessage-deflate, answered with {@code answer} (null: no extension). */
        Connection(String answer) {
            this(WebSocketFrames.upgradeRequest(PATH, "permessage-deflate; client_max_window_bits"),
                    WebSocketFrames.switchingProtocols(answer));
        }

        Connection(byte[] request, byte[] response) {
            t.handshake();
            t.sendClient(request);
            t.sendServer(response);
        }

        int[] client(byte[]... frames) {
            return t.sendClient(Bytes.concat(frames));
        }

        int[] server(byte[]... frames) {
            return t.sendServer(Bytes.concat(frames));
        }

        SensorRun run(String... settings) throws Exception {
            t.closeFromClient();
            return SensorRun.read(tmp, t.packets(), settings);
        }
    }

    /** The objects a port sent of one kind, in the order they ended. */
    private static List<JsonNode> objects(SensorRun r, int port, String kind) {
        return r.objectsFrom(port).stream().filter(o -> kind.equals(o.at("/dlp/object/kind").asText())).toList();
    }

    /** The one object of a kind and layer a port sent. */
    private static JsonNode only(SensorRun r, int port, String kind, String layer) {
        List<JsonNode> found = objects(r, port, kind).stream()
                .filter(o -> layer == null || layer.equals(o.at("/dlp/object/layer").asText())).toList();
        assertEquals(1, found.size(), kind + "/" + layer + " objects of " + port + ": " + r.objectsFrom(port));
        return found.get(0);
    }

    /** A websocket message object: its layer, the encoding it was sent with, and the upgrade request's fields. */
    private static void assertMessage(JsonNode o, String layer, String contentEncoding) {
        assertEquals("websocket", o.at("/dlp/object/kind").asText(), o.toString());
        assertEquals("websocket", o.at("/network/protocol").asText(), o.toString());
        assertEquals(layer, o.at("/dlp/object/layer").asText(), o.toString());
        if (contentEncoding == null) {
            assertTrue(o.at("/dlp/object/content_encoding").isMissingNode(), o.toString());
        } else {
            assertEquals(contentEncoding, o.at("/dlp/object/content_encoding").asText(), o.toString());
        }
        assertEquals(PATH, o.at("/url/original").asText(), o.toString());
        assertEquals(HttpSamples.UA, o.at("/user_agent/original").asText(), o.toString());
    }

    /** A raw stream object that found a zip {@code offset} bytes in (behind a frame header). */
    private static void assertStreamZip(SensorRun r, long offset) {
        JsonNode s = only(r, PORT, "stream", null);
        assertEquals("zip", s.at("/dlp/format").asText(), s.toString());
        assertEquals(offset, s.at("/dlp/offset").asLong(), s.toString());
        assertTrue(s.at("/dlp/validated").asBoolean(), s.toString());
    }

    /** ZIP in three masked frames with a ping among them. */
    private static byte[][] zipFragments() {
        // fragment boundaries off the 4-byte mask period, so each frame's key must restart at its own payload
        return new byte[][] {frame(BINARY, false, false, K1, Arrays.copyOfRange(ZIP, 0, 1001)),
            frame(PING, true, false, K2, ascii("keepalive")),
            frame(CONTINUATION, false, false, K3, Arrays.copyOfRange(ZIP, 1001, 2503)),
            frame(CONTINUATION, true, false, K4, Arrays.copyOfRange(ZIP, 2503, ZIP.length))};
    }

    /** The upload of the first tests: the fragments, then a pong and a text reply back. */
    private Connection fragmentedZipUpload() {
        Connection c = new Connection((String) null);
        c.client(zipFragments());
        c.server(frame(PONG, true, false, null, ascii("keepalive")),
                message(TEXT, null, ascii("{\"status\":\"stored\"}")));
        return c;
    }

    @Test
    void fragmentedMaskedZipWithPingBetweenFragmentsIsOneMessageAndAlerts() throws Exception {
        SensorRun r = fragmentedZipUpload().run();
        JsonNode zip = only(r, PORT, "websocket", null);
        assertMessage(zip, "wire", null);
        assertObject(zip, "zip", ZIP);
        assertEquals(0, zip.at("/dlp/offset").asLong());
        assertEquals("outbound", zip.at("/network/direction").asText());
        assertTrue(objects(r, PORT, "stream").isEmpty(), r.objectsFrom(PORT).toString());

        List<JsonNode> alerts = r.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode alert = alerts.get(0);
        assertEquals("pw.net.archive_upload", alert.at("/rule/id").asText(), alert.toString());
        JsonNode listed = alert.at("/dlp/objects/0");
        assertEquals("pw.net.archive_upload", listed.at("/rule/id").asText(), alert.toString());
        assertEquals(sha256(ZIP), listed.at("/file/hash/sha256").asText());

        assertEquals(1, r.counter("http.tunnels"));
        assertEquals(1, r.counter("websocket.connections"));
        assertEquals(2, r.counter("websocket.messages"), "the zip and the reply");
        assertEquals(6, r.counter("websocket.frames"), "three fragments, ping, pong, reply");
        assertEquals(2, r.counter("websocket.control_frames"));
        assertEquals(2 * "keepalive".length(), r.counter("websocket.control_bytes"));
        assertEquals(0, r.counter("websocket.compressed_messages"));
        assertEquals(0, r.counter("websocket.framing_errors"));
        assertEquals(0, r.counter("websocket.protocol_errors"));
    }

    @Test
    void withWebSocketOffTheUpgradedConnectionIsARawStream() throws Exception {
        SensorRun r = fragmentedZipUpload().run("http.websocket=false");
        assertTrue(objects(r, PORT, "websocket").isEmpty(), r.objectsFrom(PORT).toString());
        // the masked frames as sent: headers, the ping and the keys' XOR hide the zip, which no object shows
        JsonNode s = only(r, PORT, "stream", null);
        byte[] sent = Bytes.concat(zipFragments());
        assertEquals(sent.length, s.at("/file/size").asLong(), s.toString());
        assertEquals(sha256(sent), s.at("/file/hash/sha256").asText(), s.toString());
        assertTrue(r.objects().stream().noneMatch(o -> o.at("/dlp/format").asText().equals("zip")),
                r.objects().toString());
        assertTrue(r.dataset("packwatch.alert").isEmpty(), r.dataset("packwatch.alert").toString());
        assertEquals(1, r.counter("http.tunnels"));
        assertEquals(0, r.counterOrZero("websocket.messages"));
    }

    @Test
    void permessageDeflateWithContextTakeover() throws Exception {
        Connection c = new Connection("permessage-deflate");
        Deflater d = deflater();
        byte[] first = compress(d, ZIP);
        byte[] second = compress(d, ZIP);
        // the repeat is back-references into the first message: it only inflates with the shared window
        assertTrue(second.length < 64, "second message " + second.length + " bytes");
        c.client(frame(BINARY, true, true, K1, first), frame(BINARY, true, true, K2, second));
        Deflater s = deflater();
        c.server(message(BINARY, null, new byte[0]), frame(BINARY, true, true, null, compress(s, GZ)),
                frame(BINARY, true, true, null, compress(s, GZ)));
        SensorRun r = c.run();

        List<JsonNode> up = objects(r, PORT, "websocket");
        assertEquals(2, up.size(), up.toString());
        for (JsonNode o : up) {
            assertMessage(o, "decoded", "permessage-deflate");
            assertObject(o, "zip", ZIP);
        }
        List<JsonNode> down = objects(r, 80, "websocket");
        assertEquals(2, down.size(), down.toString());
        for (JsonNode o : down) {
            assertMessage(o, "decoded", "permessage-deflate");
            assertObject(o, "gzip", GZ);
            assertEquals("inbound", o.at("/network/direction").asText());
        }
        assertEquals(4, r.counter("websocket.compressed_messages"));
        assertEquals(5, r.counter("websocket.messages"), "and one empty uncompressed one");
        assertEquals(0, r.counter("websocket.undecodable_messages"));
        assertEquals(0, r.counter("websocket.decode_errors"));
    }

    @Test
    void permessageDeflateWithoutClientContextTakeover() throws Exception {
        Connection c = new Connection("permessage-deflate; Client_No_Context_Takeover");
        byte[] first = compress(deflater(), ZIP);
        byte[] second = compress(deflater(), ZIP);
        assertArrayEquals(first, second, "each message compressed on its own");
        c.client(frame(BINARY, true, true, K1, first), frame(BINARY, true, true, K2, second));
        // only the client agreed: the server's messages still share one context
        Deflater s = deflater();
        c.server(frame(BINARY, true, true, null, compress(s, GZ)), frame(BINARY, true, true, null, compress(s, GZ)));
        SensorRun r = c.run();
        List<JsonNode> up = objects(r, PORT, "websocket");
        assertEquals(2, up.size(), up.toString());
        for (JsonNode o : up) {
            assertMessage(o, "decoded", "permessage-deflate");
            assertObject(o, "zip", ZIP);
        }
        List<JsonNode> down = objects(r, 80, "websocket");
        assertEquals(2, down.size(), down.toString());
        for (JsonNode o : down) {
            assertObject(o, "gzip", GZ);
        }
        assertEquals(0, r.counter("websocket.undecodable_messages"));
        assertEquals(0, r.counter("websocket.decode_errors"));
    }

    @Test
    void gzipInsideACompressedMessage() throws Exception {
        // the server's first message comes in the 101's segment: what follows the 101's head is frames already
        Connection c = new Connection(WebSocketFrames.upgradeRequest(PATH, "permessage-deflate"),
                Bytes.concat(WebSocketFrames.switchingProtocols("permessage-deflate"),
                        frame(BINARY, true, true, null, compress(deflater(), GZ))));
        c.client(frame(BINARY, true, true, K1, compress(deflater(), GZ)));
        SensorRun r = c.run();
        JsonNode o = only(r, PORT, "websocket", null);
        assertMessage(o, "decoded", "permessage-deflate");
        assertObject(o, "gzip", GZ);
        JsonNode down = only(r, 80, "websocket", null);
        assertMessage(down, "decoded", "permessage-deflate");
        assertObject(down, "gzip", GZ);
        assertEquals(2, r.counter("websocket.compressed_messages"));
    }

    /** GZ then zeros: the gzip at the start makes the stopped message worth reporting. */
    private static byte[] gzipThenZeros(int zeros) {
        return Arrays.copyOf(GZ, GZ.length + zeros);
    }

    /** A message stopped at the limit: truncated, holding up to 1 MiB (the chunk that crossed it is not kept). */
    private static void assertStoppedNear1MiB(JsonNode o) {
        assertMessage(o, "decoded", "permessage-deflate");
        assertEquals("gzip", o.at("/dlp/format").asText(), o.toString());
        assertTrue(o.at("/dlp/truncated").asBoolean(), o.toString());
        long size = o.at("/file/size").asLong();
        assertTrue(size <= 1 << 20 && size > (1 << 20) - (32 << 10), o.toString());
    }

    /**
     * A message made of stored blocks (level 0 on the same deflater): the zip sits in it as is, 5 bytes in, so the
     * message is found even when it cannot be inflated.
     */
    private static byte[] storedZip(Deflater d) {
        d.setLevel(Deflater.NO_COMPRESSION);
        // with no input pending the level changes alone; with input set, zlib would deflate it at the old level
        assertEquals(0, d.deflate(new byte[64], 0, 64, Deflater.SYNC_FLUSH));
        byte[] m = compress(d, ZIP);
        assertArrayEquals(ZIP, Arrays.copyOfRange(m, 5, 5 + ZIP.length));
        return m;
    }

    @Test
    void decompressionBombStopsAtTheDecodedLimitAndLosesTheSharedContext() throws Exception {
        Connection c = new Connection("permessage-deflate");
        Deflater d = deflater();
        byte[] bomb = compress(d, gzipThenZeros(8 << 20));
        byte[] next = storedZip(d);
        c.client(frame(BINARY, true, true, K1, bomb), frame(BINARY, true, true, K2, next));
        SensorRun r = c.run("http.max_decoded_bytes=1MiB");

        assertStoppedNear1MiB(only(r, PORT, "websocket", "decoded"));
        assertEquals(1, r.counter("websocket.limit.decoded_bytes"));
        assertEquals(0, r.counter("websocket.limit.decode_ratio"));
        // the window the next message refers to was never filled: it is inspected as sent
        JsonNode wire = only(r, PORT, "websocket", "wire");
        assertMessage(wire, "wire", "permessage-deflate");
        assertEquals("zip", wire.at("/dlp/format").asText(), wire.toString());
        assertEquals(5, wire.at("/dlp/offset").asLong());
        assertEquals(next.length, wire.at("/file/size").asLong());
        assertEquals(sha256(next), wire.at("/file/hash/sha256").asText());
        assertEquals(1, r.counter("websocket.undecodable_messages"));
        assertEquals(2, r.counter("websocket.compressed_messages"));
    }

    @Test
    void withoutContextTakeoverTheMessageAfterABombStillInflates() throws Exception {
        Connection c = new Connection("permessage-deflate; client_no_context_takeover");
        byte[] bomb = compress(deflater(), gzipThenZeros(8 << 20));
        c.client(frame(BINARY, true, true, K1, bomb), frame(BINARY, true, true, K2, compress(deflater(), ZIP)));
        SensorRun r = c.run("http.max_decoded_bytes=1MiB");
        List<JsonNode> up = objects(r, PORT, "websocket");
        assertEquals(2, up.size(), up.toString());
        assertStoppedNear1MiB(up.get(0));
        assertMessage(up.get(1), "decoded", "permessage-deflate");
        assertObject(up.get(1), "zip", ZIP);
        assertEquals(1, r.counter("websocket.limit.decoded_bytes"));
        assertEquals(0, r.counter("websocket.undecodable_messages"));
        assertEquals(0, r.counter("websocket.decode_errors"));
    }

    @Test
    void withoutContextTakeoverACorruptMessageCostsOnlyItself() throws Exception {
        Connection c = new Connection("permessage-deflate; client_no_context_takeover");
        // 0x06: a first block of the reserved type 11, which zlib rejects at once and stays broken after
        byte[] corrupt = {0x06, 0x11, 0x22, 0x33, 0x44, 0x55};
        c.client(frame(BINARY, true, true, K1, corrupt), frame(BINARY, true, true, K2, compress(deflater(), ZIP)));
        SensorRun r = c.run();
        JsonNode o = only(r, PORT, "websocket", null);
        assertMessage(o, "decoded", "permessage-deflate");
        assertObject(o, "zip", ZIP);
        assertEquals(1, r.counter("websocket.decode_errors"));
        assertEquals(0, r.counter("websocket.undecodable_messages"));
    }

    @Test
    void decompressionBombStopsAtTheRatio() throws Exception {
        Connection c = new Connection("permessage-deflate");
        byte[] bomb = compress(deflater(), gzipThenZeros(4 << 20));
        // about 4 KiB of zeros per compressed byte, far past 50 once the first MiB is out
        assertTrue(bomb.length < 16 << 10, "bomb " + bomb.length);
        c.client(frame(BINARY, true, true, K1, bomb));
        SensorRun r = c.run("http.max_decode_ratio=50");
        assertStoppedNear1MiB(only(r, PORT, "websocket", null));
        assertEquals(1, r.counter("websocket.limit.decode_ratio"));
        assertEquals(0, r.counter("websocket.limit.decoded_bytes"));
    }

    @Test
    void withoutMemoryForAnInflaterCompressedMessagesAreInspectedAsSent() throws Exception {
        // no room for a 48 KiB inflater
        Connection c = new Connection("permessage-deflate");
        byte[] stored = compress(deflater(), ZIP);
        c.client(frame(BINARY, true, true, K1, stored));
        SensorRun r = c.run("http.websocket_memcap=40KiB", "inspect.report_min_bytes=1");
        JsonNode o = only(r, PORT, "websocket", "wire");
        assertEquals("permessage-deflate", o.at("/dlp/object/content_encoding").asText(), o.toString());
        assertEquals(stored.length, o.at("/file/size").asLong(), o.toString());
        assertEquals(1, r.counter("websocket.undecodable_messages"));
        assertEquals(1, r.counter("websocket.memcap_hits"));
        assertEquals(0, r.counter("http.memcap_hits"));
    }

    /**
     * A good gzip message, then {@code bad} (a frame header no endpoint sends) with a zip right behind it: the
     * gzip is its own object, the rest of the direction a raw stream that starts with the bad header.
     */
    private void assertFramingError(String answer, byte[] bad) throws Exception {
        Connection c = new Connection(answer);
        c.client(message(BINARY, K1, GZ), bad, ZIP);
        SensorRun r = c.run();
        JsonNode gz = only(r, PORT, "websocket", null);
        assertObject(gz, "gzip", GZ);
        assertStreamZip(r, bad.length);
        assertEquals(bad.length + ZIP.length, only(r, PORT, "stream", null).at("/file/size").asLong());
        assertEquals(1, r.counter("websocket.framing_errors"));
        assertEquals(1, r.counter("websocket.messages"));
    }

    @Test
    void reservedOpcodeEndsFraming() throws Exception {
        assertFramingError(null, header(3, true, false, K2, ZIP.length));
    }

    @Test
    void controlFrameOf126BytesEndsFraming() throws Exception {
        byte[] bad = header(PING, true, false, K2, 126);
        assertEquals(8, bad.length, "the 16-bit length form");
        assertFramingError(null, bad);
    }

    @Test
    void continuationOfNothingEndsFraming() throws Exception {
        assertFramingError(null, header(CONTINUATION, true, false, K2, ZIP.length));
    }

    @Test
    void rsv1WithoutPermessageDeflateEndsFraming() throws Exception {
        assertFramingError(null, header(BINARY, true, true, K2, ZIP.length));
    }

    @Test
    void unmaskedClientFrameIsAProtocolErrorButStillRead() throws Exception {
        Connection c = new Connection((String) null);
        c.client(message(BINARY, null, ZIP));
        SensorRun r = c.run();
        JsonNode o = only(r, PORT, "websocket", null);
        assertMessage(o, "wire", null);
        assertObject(o, "zip", ZIP);
        assertEquals(1, r.counter("websocket.protocol_errors"));
        assertEquals(0, r.counter("websocket.framing_errors"));
    }

    @Test
    void everyByteItsOwnSegment() throws Exception {
        Connection c = new Connection("permessage-deflate");
        byte[] text = InspectionSamples.text(21, 300); // a 16-bit length, nothing to report
        c.t.mss(1);
        c.client(frame(BINARY, false, false, K1, Arrays.copyOfRange(ZIP, 0, 777)),
                frame(CONTINUATION, true, false, K2, Arrays.copyOfRange(ZIP, 777, ZIP.length)),
                frame(BINARY, true, true, K3, compress(deflater(), GZ)),
                message(TEXT, K4, text));
        c.t.mss(1448);
        SensorRun r = c.run();
        assertObject(only(r, PORT, "websocket", "wire"), "zip", ZIP);
        assertObject(only(r, PORT, "websocket", "decoded"), "gzip", GZ);
        assertEquals(3, r.counter("websocket.messages"));
        assertEquals(4, r.counter("websocket.frames"));
        assertEquals(0, r.counter("websocket.framing_errors"));
        assertEquals(0, r.counter("websocket.gaps_bridged"));
    }

    @Test
    void lostSegmentInsideAMessageIsBridged() throws Exception {
        Connection c = new Connection((String) null);
        byte[] payload = Bytes.concat(ZIP, InspectionSamples.text(22, 20000));
        byte[] first = message(BINARY, K1, payload);
        int head = first.length - payload.length;
        int[] segments = c.client(first, message(BINARY, K2, GZ));
        // a segment wholly inside the text after the zip
        int lost = (head + ZIP.length) / 1448 + 3;
        assertTrue((lost + 1) * 1448 < first.length);
        c.t.drop(segments[lost]);
        SensorRun r = c.run();

        List<JsonNode> up = objects(r, PORT, "websocket");
        assertEquals(2, up.size(), up.toString());
        JsonNode cut = up.get(0);
        assertMessage(cut, "wire", null);
        assertEquals("zip", cut.at("/dlp/format").asText(), cut.toString());
        assertEquals(0, cut.at("/dlp/offset").asLong());
        assertEquals(1448, cut.at("/dlp/missed_bytes").asLong(), cut.toString());
        assertEquals(payload.length - 1448, cut.at("/file/size").asLong(), cut.toString());
        assertTrue(cut.at("/dlp/truncated").asBoolean(), cut.toString());
        assertObject(up.get(1), "gzip", GZ);
        assertEquals(1, r.counter("websocket.gaps_bridged"));
        assertEquals(0, r.counter("websocket.framing_errors"));
        assertTrue(objects(r, PORT, "stream").isEmpty(), r.objectsFrom(PORT).toString());
    }

    @Test
    void unknownExtensionLeavesARawStream() throws Exception {
        Connection c = new Connection("x-webkit-deflate-frame");
        // a zero key leaves the payload as is, so the raw stream shows the zip behind the 8-byte header
        c.client(message(BINARY, 0, ZIP));
        SensorRun r = c.run();
        assertStreamZip(r, 8);
        assertTrue(objects(r, PORT, "websocket").isEmpty());
        assertEquals(1, r.counter("websocket.unknown_extensions"));
        assertEquals(0, r.counter("websocket.connections"));
        assertEquals(0, r.counter("websocket.frames"));
        assertEquals(1, r.counter("http.tunnels"));
    }

    @Test
    void upgradeToH2cIsNotWebSocket() throws Exception {
        byte[] request = HttpSamples.request("GET", PATH, "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n", null);
        Connection c = new Connection(request, WebSocketFrames.switchingProtocols("h2c", null));
        byte[] preface = ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        c.client(preface, ZIP);
        SensorRun r = c.run();
        assertStreamZip(r, preface.length);
        assertTrue(objects(r, PORT, "websocket").isEmpty());
        assertEquals(1, r.counter("http.tunnels"));
        for (String name : List.of("connections", "frames", "messages", "unknown_extensions", "framing_errors")) {
            assertEquals(0, r.counter("websocket." + name), name);
        }
    }

    @Test
    void sixtyFourBitPayloadLength() throws Exception {
        byte[] noise = new byte[70_000];
        new Random(23).nextBytes(noise);
        byte[] zip = InspectionSamples.zip("noise.bin", noise);
        byte[] f = message(BINARY, K1, zip);
        assertEquals(127, f[1] & 0x7f, "the 64-bit length form");
        assertEquals(14, f.length - zip.length);
        Connection c = new Connection((String) null);
        c.client(f);
        SensorRun r = c.run();
        JsonNode o = only(r, PORT, "websocket", null);
        assertMessage(o, "wire", null);
        assertObject(o, "zip", zip);
        assertEquals(1, r.counter("websocket.frames"));
    }

    /** The kit against the RFCs' own examples, so the captures above are what real peers send. */
    @Test
    void kitMatchesTheRfcExamples() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketFrames.accept(WebSocketFrames.KEY)); // RFC 6455 §1.3
        HexFormat hex = HexFormat.of();
        // RFC 6455 §5.7: a masked "Hello"
        assertEquals("818537fa213d7f9f4d5158", hex.formatHex(message(TEXT, K1, ascii("Hello"))));
        // RFC 7692 §7.2.3.2: "Hello" twice with one context, the second as a back-reference
        Deflater d = deflater();
        assertEquals("f248cdc9c90700", hex.formatHex(compress(d, ascii("Hello"))));
        assertEquals("f200110000", hex.formatHex(compress(d, ascii("Hello"))));
    }
}
