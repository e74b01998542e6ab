package io.packwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SessionCapture;
import io.packwatch.support.SysmonEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/real/websocket-lo.pcap (pcaps/capture/capture-websocket.sh; every message, its size and SHA-256 are listed in
 * pcaps/real/websocket.txt): three WebSocket sessions from 127.0.0.1 to 127.0.0.2, made by the real libraries.
 * <ul>
 *   <li>8765, Python websockets 10.4 at both ends, permessage-deflate with context takeover: a zip of a CSV export,
 *       JSON holding a base64 gzip, chat messages, and a gzip the server sends back;</li>
 *   <li>8766, websocket-client 1.2.3 without compression: a tar.gz as one message in four masked frames, a ping
 *       between the second and third;</li>
 *   <li>8767, websockets with no context takeover either way: a bzip2, then the same CSV twice.</li>
 * </ul>
 * Read as a raw stream, as before WebSocket was parsed, the masking and the transport compression hid every one of
 * these archives.
 */
class RealWebSocketCaptureTest {
    private static final Path CAPTURE = Repo.pcap("real/websocket-lo.pcap");
    private static final String ZIP = "52b3a10ba25f3e1e7d672b48e1654b74f7c20b2cf55e5f7c887e995c89fda3be";
    private static final String JSON_GZIP = "663b0edfd1ed7bea3dc9c2980222c91908b9c942f2a1447df27b2ce66ea189fd";
    private static final String DOWNLOAD = "148112dfafcb1280d8b6fc6f695108ef32fbdaaf1c123be49977226923ee7f33";
    private static final String TAR_GZ = "1265fe11e1e243e3d128ad106357dc4668e3ba1dea9e5390e655b22b1c4b6f67";
    private static final String BZIP2 = "330ab4c7966d2df8ccd5f2de45e64ed5f84f7a4a73389c5a6ae35b036e515fb5";
    /** Frame 10 is the second of the three segments of the zip's compressed message. */
    private static final int ZIP_MIDDLE_SEGMENT = 10;
    /** Frame 41 is the second fragment of the tar.gz message, header and all. */
    private static final int TAR_SECOND_FRAGMENT = 41;

    private static SessionCapture capture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        capture = SessionCapture.of(CAPTURE, 16_000, 8765, 8766, 8767);
    }

    /** The run's WebSocket messages that carry something, by SHA-256. */
    private static Map<String, JsonNode> bySha(SensorRun run) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode o : run.objects()) {
            if (o.at("/dlp/object/kind").asText().equals("websocket") && o.has("file")
                    && o.at("/file/hash/sha256").isTextual()) {
                out.put(o.at("/file/hash/sha256").asText(), o);
            }
        }
        return out;
    }

    private static void assertMessage(JsonNode o, String direction, String format, long size, String layer,
                                      String path) {
        assertEquals("websocket", o.at("/network/protocol").asText(), o.toString());
        assertEquals(direction, o.at("/network/direction").asText(), o.toString());
        assertEquals(format, o.at("/dlp/format").asText(), o.toString());
        assertEquals(size, o.at("/file/size").asLong(), o.toString());
        assertEquals(layer, o.at("/dlp/object/layer").asText(), o.toString());
        assertEquals(path, o.at("/url/original").asText(), o.toString());
        assertEquals(layer.equals("decoded") ? "permessage-deflate" : "",
                o.at("/dlp/object/content_encoding").asText(), o.toString());
        assertTrue(o.at("/dlp/validated").asBoolean(), o.toString());
        assertEquals(false, o.at("/dlp/truncated").asBoolean(), o.toString());
    }

    @Test
    void everyMessageIsInspectedAsTheApplicationSentIt() throws IOException {
        SensorRun run = capture.read(tmp, "whole", i -> true);
        Map<String, JsonNode> messages = bySha(run);
        assertEquals(List.of(BZIP2, TAR_GZ, DOWNLOAD, ZIP, JSON_GZIP).stream().sorted().toList(),
                List.copyOf(messages.keySet()));
        assertMessage(messages.get(ZIP), "outbound", "zip", 102_053, "decoded", "/ws/chat");
        assertMessage(messages.get(JSON_GZIP), "outbound", "gzip", 27_769, "decoded", "/ws/chat");
        assertEquals("base64", messages.get(JSON_GZIP).at("/dlp/encoding").asText());
        assertMessage(messages.get(DOWNLOAD), "inbound", "gzip", 10_439, "decoded", "/ws/chat");
        assertMessage(messages.get(TAR_GZ), "outbound", "tar", 54_681, "wire", "/upload");
        assertEquals("[\"gzip\",\"tar\"]", messages.get(TAR_GZ).at("/dlp/layers").toString());
        assertMessage(messages.get(BZIP2), "outbound", "bzip2", 17_180, "decoded", "/sync");

        assertEquals(3, run.counter("websocket.connections"));
        assertEquals(22, run.counter("websocket.messages"));
        // a ping and its pong, and a close each way in each session
        assertEquals(8, run.counter("websocket.control_frames"));
        assertEquals(0, run.counter("websocket.framing_errors"));
        assertEquals(0, run.counter("websocket.protocol_errors"));
        assertEquals(0, run.counter("websocket.decode_errors"));
        assertEquals(0, run.counter("websocket.undecodable_messages"));

        // one episode: the four archives the client sent
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode alert = alerts.get(0);
        assertEquals("pw.net.archive_upload", alert.at("/rule/id").asText());
        assertEquals(ZIP, alert.at("/file/hash/sha256").asText());
        assertEquals("/ws/chat", alert.at("/url/original").asText());
        List<String> listed = new java.util.ArrayList<>();
        alert.at("/dlp/objects").forEach(o -> listed.add(o.at("/dlp/format").asText()));
        assertEquals(List.of("zip", "gzip", "tar", "bzip2"), listed);
    }

    @Test
    void anInterpreterCompressingOnTheSenderMakesItExfiltration() throws IOException {
        // a Python process writing a gzip on the client host (alice-pc) a minute before the capture begins
        long first;
        try (PacketSource in = PcapFileSource.open(CAPTURE, 1 << 20)) {
            Frame f = new Frame();
            assertTrue(in.next(f));
            first = f.tsNanos;
        }
        Instant before = Instant.ofEpochSecond(first / 1_000_000_000L - 60);
        Path events = tmp.resolve("endpoint.log");
        Files.writeString(events, before + " alice-pc sysmon: " + SysmonEvents.gzipProcessCreate(before) + "\n");
        SensorRun run = SensorRun.of(tmp, "--read", CAPTURE.toString(), "--endpoint-events", events.toString(),
                "--set", "sensor.home_networks=127.0.0.1/32", "--set", "correlate.hosts=alice-pc=127.0.0.1");
        assertEquals(0, run.exitCode);
        List<JsonNode> alerts = run.dataset("packwatch.alert");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("pw.corr.archive_exfil", alerts.get(0).at("/rule/id").asText(), alerts.get(0).toString());
        assertEquals(ZIP, alerts.get(0).at("/file/hash/sha256").asText());
    }

    @Test
    void withoutContextTakeoverEachMessageInflatesOnItsOwn() throws IOException {
        SensorRun run = capture.read(tmp, "sync", i -> true, "inspect.report_min_bytes=1KiB");
        // The two copies of the CSV compress alike (5,976 bytes each), and both inflate whole.
        List<JsonNode> copies = run.objects().stream()
                .filter(o -> o.at("/destination/port").asInt() == 8767 && o.at("/file/size").asLong() == 19_889)
                .toList();
        assertEquals(2, copies.size(), run.objects().toString());
        for (JsonNode c : copies) {
            assertEquals("plaintext", c.at("/dlp/class").asText(), c.toString());
            assertEquals("decoded", c.at("/dlp/object/layer").asText(), c.toString());
            assertEquals(false, c.at("/dlp/truncated").asBoolean(), c.toString());
        }
    }

    @Test
    void readAsRawStreamsTheArchivesAreHidden() throws IOException {
        SensorRun run = capture.read(tmp, "raw", i -> true, "http.websocket=false");
        assertTrue(bySha(run).isEmpty());
        assertEquals(0, run.counterOrZero("websocket.messages"));
        // only the server's unmasked download still shows a format
        List<String> formats = run.objects().stream().map(o -> o.at("/dlp/format").asText())
                .filter(f -> !f.equals("none")).toList();
        assertEquals(List.of("gzip"), formats, run.objects().toString());
        assertTrue(run.objects().stream().noneMatch(o -> o.at("/dlp/format").asText().equals("zip")));
    }

    @Test
    void aLostSegmentOfASharedContextLeavesLaterMessagesAsSent() throws IOException {
        assertTrue(capture.isUpload(ZIP_MIDDLE_SEGMENT));
        SensorRun run = capture.read(tmp, "lost-zip", i -> i != ZIP_MIDDLE_SEGMENT);
        assertEquals(1, run.counter("websocket.gaps_bridged"));
        // The zip's message stops inflating at the gap, but what came before it shows the archive.
        JsonNode zip = run.objects().stream().filter(o -> o.at("/dlp/format").asText().equals("zip")).findFirst()
                .orElseThrow(() -> new AssertionError(run.objects().toString()));
        assertTrue(zip.at("/dlp/truncated").asBoolean(), zip.toString());
        assertEquals("decoded", zip.at("/dlp/object/layer").asText());
        // Later compressed messages of that direction refer back past the hole: inspected as sent.
        long undecodable = run.counter("websocket.undecodable_messages");
        assertEquals(6, undecodable, "the JSON and the five small messages");
        // of those only the JSON is large enough to be reported: its deflate stream, as sent
        List<JsonNode> wire = run.objects().stream().filter(o -> o.at("/destination/port").asInt() == 8765
                && o.at("/dlp/object/layer").asText().equals("wire")).toList();
        assertEquals(1, wire.size(), wire.toString());
        assertEquals("permessage-deflate", wire.get(0).at("/dlp/object/content_encoding").asText());
        // the server's direction kept its own context: the download still inflates
        assertTrue(bySha(run).containsKey(DOWNLOAD), bySha(run).keySet().toString());
        assertTrue(run.dataset("packwatch.alert").size() >= 1);
    }

    @Test
    void aLostFrameHeaderEndsWebSocketForTheDirection() throws IOException {
        assertTrue(capture.isUpload(TAR_SECOND_FRAGMENT));
        SensorRun run = capture.read(tmp, "lost-header", i -> i != TAR_SECOND_FRAGMENT);
        assertEquals(1, run.counter("websocket.gaps_unbridged"));
        // The message before the gap keeps its tar.gz start; what follows the gap is a raw stream.
        JsonNode tar = run.objects().stream().filter(o -> o.at("/dlp/format").asText().equals("tar")).findFirst()
                .orElseThrow(() -> new AssertionError(run.objects().toString()));
        assertEquals("websocket", tar.at("/dlp/object/kind").asText());
        assertTrue(tar.at("/dlp/truncated").asBoolean());
        assertTrue(run.objects().stream().anyMatch(o -> o.at("/destination/port").asInt() == 8766
                && o.at("/dlp/object/kind").asText().equals("stream")), run.objects().toString());
    }
}
