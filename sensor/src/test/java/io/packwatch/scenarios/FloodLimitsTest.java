package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.Bombs;
import io.packwatch.testkit.FloodPcaps;
import io.packwatch.testkit.FloodPcaps.Kind;
import io.packwatch.testkit.SyslogFlooder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each flood of FloodPcaps at a small count, with its limit lowered so that it bites: the limit's counter says so,
 * what it cost is accounted, nothing fails inside the sensor, and the ordinary upload after the flood (the
 * canary) is still reported. The full-scale runs, with memory measured, are {@code sensor/bin/bench floods}.
 */
class FloodLimitsTest {
    @TempDir
    Path tmp;

    /**
     * Writes the flood, runs the sensor on it with the given --set overrides, checks the run is healthy and the
     * canary's upload is reported as its HTTP body.
     */
    private SensorRun run(Kind kind, long count, long bombSize, String... sets) throws IOException {
        SensorRun r = runHealthy(kind, count, bombSize, sets);
        assertCanaryReported(r);
        return r;
    }

    /** {@link #run} without the canary check, for floods that leave the canary no HTTP parser. */
    private SensorRun runHealthy(Kind kind, long count, long bombSize, String... sets) throws IOException {
        Path pcap = tmp.resolve(kind.cliName() + ".pcap");
        FloodPcaps.write(kind, pcap, count, bombSize);
        List<String> args = new ArrayList<>(List.of("--read", pcap.toString()));
        for (String s : sets) {
            if (s.startsWith("--")) {
                args.add(s);
                continue;
            }
            args.add("--set");
            args.add(s);
        }
        SensorRun r = SensorRun.of(tmp, args.toArray(new String[0]));
        assertEquals(0, r.exitCode);
        assertEquals(0, r.counter("pipeline.internal_errors"));
        assertEquals(0, r.counter("inspect.detector_errors"));
        return r;
    }

    /** The object records of the flood itself. */
    private static List<JsonNode> allButTheCanary(SensorRun r) {
        return r.objects().stream().filter(o -> o.at("/source/port").asInt() != FloodPcaps.CANARY_PORT).toList();
    }

    /** The upload after the flood: its HTTP body is found to be the canary's gzip. */
    private static void assertCanaryReported(SensorRun r) {
        List<JsonNode> canary = r.objectsFrom(FloodPcaps.CANARY_PORT);
        assertEquals(1, canary.size(), "the canary's object");
        JsonNode o = canary.get(0);
        assertEquals(FloodPcaps.CANARY_CLIENT, o.at("/source/ip").asText());
        assertEquals("gzip", o.at("/dlp/format").asText());
        assertEquals(FloodPcaps.CANARY_BODY.length, o.at("/file/size").asLong());
    }

    @Test
    void synFloodEvictsTheIdlestFlowsAndWritesARecordForEach() throws IOException {
        SensorRun r = run(Kind.SYN, 3000, 0, "flow.max_flows=1000");
        assertEquals(1000, r.counter("flow.max_flows_effective"));
        assertEquals(1000, r.counter("flow.active_peak"));
        // 3000 SYNs and the canary: 2001 evictions, each flow still gets its record.
        assertEquals(3001, r.counter("flow.created"));
        assertEquals(2001, r.counter("flow.evicted"));
        assertEquals(3001, r.flows().size());
    }

    @Test
    void outOfOrderBombHitsTheMemcap() throws IOException {
        SensorRun r = run(Kind.OOO, 200, 0, "reassembly.memcap=1MiB");
        // 100 flows try to buffer 32 x 1400 bytes each, 16 flows 2100 segments: megabytes against 1 MiB.
        assertTrue(r.counter("reassembly.memcap_hits") > 1000);
        assertTrue(r.counter("reassembly.memcap_dropped_bytes") > 1 << 20);
        assertEquals(1 << 20, r.counter("reassembly.memory_peak_bytes"), "peak at the memcap, not beyond");
        assertEquals(201, r.flows().size());
        // Every flow declares its holes (and what the memcap dropped) as gaps when it ends.
        assertTrue(r.counter("reassembly.gaps") >= 200);
    }

    @Test
    void outOfOrderBombHitsThePerDirectionSegmentLimit() throws IOException {
        SensorRun r = run(Kind.OOO, 200, 0);
        // The 16 deep flows send 2100 segments behind a hole, past max_ooo_segments (2048): the first hole is
        // declared a gap, then each next one as the following segments arrive.
        assertTrue(r.counter("reassembly.ooo_limit_gaps") >= FloodPcaps.OOO_DEEP_FLOWS);
        assertEquals(0, r.counter("reassembly.memcap_hits"));
        assertTrue(r.counter("reassembly.memory_peak_bytes") < 256 << 20);
    }

    @Test
    void fragmentFloodEvictsTheOldestDatagramsAndCountsOverlaps() throws IOException {
        SensorRun r = run(Kind.FRAG, 2000, 0, "defrag.max_datagrams=100", "defrag.memcap=64KiB");
        // 2000 first fragments, 2000 overlapping ones, 500 tiny ones.
        assertEquals(4500, r.counter("defrag.fragments"));
        assertEquals(500, r.counter("defrag.tiny_fragments"));
        assertTrue(r.counter("defrag.overlap_conflicts") > 0);
        assertEquals(r.counter("defrag.overlaps"), r.counter("defrag.overlap_conflicts"));
        assertTrue(r.counter("defrag.memcap_drops") > 0);
        assertEquals(0, r.counter("defrag.reassembled"), "no flood datagram ever completes");
        // Every datagram is accounted: pushed out by a newer one, or timed out at the end of the capture.
        assertEquals(1900, r.counter("defrag.max_trackers_evictions"));
        assertEquals(100, r.counter("defrag.timeouts"));
        assertTrue(r.counter("defrag.memory_peak_bytes") <= 64 << 10, "peak within the memcap");
        assertTrue(r.counter("defrag.active_peak") <= 100);
    }

    @Test
    void idleHttpHeadsAreBoundedByTheHttpMemcap() throws IOException {
        // 500 connections that each leave a 600-byte request head unfinished, and stay open (slowloris)
        SensorRun r = runHealthy(Kind.HTTP_IDLE, 500, 0, "http.memcap=128KiB");
        assertTrue(r.counter("http.memory_peak_bytes") <= 128 << 10, "peak " + r.counter("http.memory_peak_bytes"));
        // A parser holds its decoder and the head it is reading: about 80 fit, the rest are raw streams.
        long hits = r.counter("http.memcap_hits");
        assertTrue(hits > 400 && hits < 500, "hits " + hits);
        assertEquals(0, r.counter("http.requests"), "no head was finished");
        // The upload after the flood found no memory left for a parser: its stream is inspected raw, whole, and
        // the gzip is found behind the request head.
        List<JsonNode> canary = r.objectsFrom(FloodPcaps.CANARY_PORT);
        assertEquals(1, canary.size(), "the canary's object");
        assertEquals("stream", canary.get(0).at("/dlp/object/kind").asText(), canary.get(0).toString());
        assertEquals("gzip", canary.get(0).at("/dlp/format").asText(), canary.get(0).toString());
        assertTrue(canary.get(0).at("/dlp/offset").asLong() > 0, "behind the request head");
    }

    @Test
    void idleConnectionsCannotStarveInspectionOfTheUploadAfterThem() throws IOException {
        // The same 500 idle connections, now with room for only 16 window chunks: each idle raw stream holds
        // one, so the upload after them would find none. The idlest are judged on what they hold instead.
        SensorRun r = runHealthy(Kind.HTTP_IDLE, 500, 0, "http.memcap=128KiB", "inspect.memcap=64KiB");
        assertTrue(r.counter("inspect.memory_peak_bytes") <= 64 << 10);
        assertTrue(r.counter("inspect.memcap_reclaims") > 400, "reclaims " + r.counter("inspect.memcap_reclaims"));
        List<JsonNode> canary = r.objectsFrom(FloodPcaps.CANARY_PORT);
        assertEquals(1, canary.size(), "the canary's object");
        assertEquals("gzip", canary.get(0).at("/dlp/format").asText(), canary.get(0).toString());
        assertTrue(r.dataset("packwatch.alert").stream().anyMatch(a -> a.toString().contains(FloodPcaps.CANARY_CLIENT)),
                "the canary's upload still raises its alert");
    }

    @Test
    void webSocketInflatersAreBoundedByTheirMemcap() throws IOException {
        // 200 open WebSocket connections, each holding a shared permessage-deflate context: 48 KiB of inflater apiece
        SensorRun r = runHealthy(Kind.WS_DEFLATE, 200, 0, "http.websocket_memcap=1MiB", "http.memcap=256KiB");
        assertEquals(200, r.counter("websocket.connections"));
        assertEquals(200, r.counter("websocket.compressed_messages"));
        long peak = r.counter("websocket.memory_peak_bytes");
        assertEquals(21 * 48 << 10, peak, "21 inflaters of 48 KiB fit in 1 MiB");
        // the other connections' messages are inspected as sent
        assertEquals(179, r.counter("websocket.undecodable_messages"));
        assertEquals(179, r.counter("websocket.memcap_hits"));
        // Each parser gave its memory back when its connection turned to WebSocket: 256 KiB held them all in turn.
        assertEquals(0, r.counter("http.memcap_hits"));
        assertTrue(r.counter("http.memory_peak_bytes") < 16 << 10, "peak " + r.counter("http.memory_peak_bytes"));
        assertEquals(0, r.counter("websocket.decode_errors"));
        List<JsonNode> canary = r.objectsFrom(FloodPcaps.CANARY_PORT);
        assertEquals(1, canary.size(), "the canary's object");
        assertEquals("gzip", canary.get(0).at("/dlp/format").asText(), canary.get(0).toString());
    }

    @Test
    void headerBombsHitTheHeaderAndLineLimits() throws IOException {
        SensorRun r = run(Kind.HTTP_HEADERS, 8, 0);
        // In turn: a 1 MiB header line, 100,000 headers, 1 MiB of chunk extensions, a 1 MiB request line.
        assertEquals(4, r.counter("http.limit.header_bytes"));
        assertEquals(2, r.counter("http.limit.initial_line"), "a chunk-size line longer than max_initial_line");
        assertEquals(6, r.counter("http.parse_errors"));
        // What the parser skipped after each error, and the request lines too long to be taken for HTTP.
        assertTrue(r.counter("http.junk_bytes") >= 6L * FloodPcaps.HEADER_BOMB_BYTES, "junk " + r.counter("http.junk_bytes"));
    }

    @Test
    void gzipBombsAreCaughtAtTheDecodeLimits() throws IOException {
        SensorRun r = run(Kind.GZIP_BOMB, 4, 8 << 20);
        // Two raw uploads and two HTTP bodies whose Content-Encoding the HTTP layer undoes.
        assertEquals(4, r.counter("inspect.bombs"));
        assertEquals(4, r.counter("inspect.nested.decode_limit_hits"));
        assertEquals(2, r.counter("http.limit.decode_ratio"));
        assertTrue(r.counter("inspect.memory_peak_bytes") <= 128 << 10, "two windows at most");
    }

    @Test
    void nestedGzipStopsAtMaxLayers() throws IOException {
        SensorRun r = run(Kind.GZIP_NESTED, 4, 8 << 20);
        // Five gzip layers: inspection stops after max_layers (4) on the raw uploads and the HTTP wire bodies;
        // the HTTP-decoded bodies reach the zeros within their four layers and are bombs.
        assertEquals(4, r.counter("inspect.max_layers_hits"));
        assertEquals(2, r.counter("inspect.bombs"));
    }

    @Test
    void zipTreesAndChainsAreListedOneLevelDeep() throws IOException {
        SensorRun tree = run(Kind.ZIP_TREE, 2, 8 << 20);
        assertEquals(2, tree.counter("inspect.archive.listings"), "one listing per upload, none inside");
        SensorRun chain = run(Kind.ZIP_CHAIN, 2, 0);
        assertEquals(2, chain.counter("inspect.archive.listings"));
        assertTrue(chain.counter("inspect.memory_peak_bytes") <= 64 << 10);
    }

    /**
     * A zip quine inflates to itself, so an unpacker that recursed into zip entries would never stop. The sensor
     * lists entries from the headers and never inflates them: each upload is one zip listing of one entry, the
     * quine's own name and size, and nothing is decoded.
     */
    @Test
    void zipQuinesAreListedOnceAndNeverUnpacked() throws IOException {
        byte[] quine = Bombs.zipQuine();
        SensorRun r = run(Kind.ZIP_QUINE, 4, 0);
        List<JsonNode> quines = allButTheCanary(r);
        assertEquals(4, quines.size(), "two raw uploads and two HTTP bodies");
        for (JsonNode o : quines) {
            assertEquals("zip", o.at("/dlp/format").asText());
            assertEquals(quine.length, o.at("/file/size").asLong());
            JsonNode a = o.at("/dlp/archive");
            assertEquals(1, a.at("/entry_count").asInt());
            assertEquals(1, a.at("/entries").size());
            assertEquals(Bombs.QUINE_NAME, a.at("/entries/0/name").asText());
            assertEquals(quine.length, a.at("/entries/0/size").asLong(), "it holds exactly itself");
            // the deflate stream: the file less its local header, central directory and end record
            assertEquals(quine.length - 30 - 46 - 22 - 2 * Bombs.QUINE_NAME.length(),
                    a.at("/entries/0/compressed_size").asLong());
            assertTrue(a.at("/complete").asBoolean());
            assertFalse(a.at("/bomb").asBoolean(), "a 1.3:1 entry is no bomb");
        }
        assertEquals(4, r.counter("inspect.archive.listings"), "one listing per upload, none inside");
        assertEquals(1, r.counter("inspect.nested.layers_decoded"),
                "the canary's gzip only: zip entries are never inflated");
        assertEquals(0, r.counter("inspect.max_layers_hits"));
        assertEquals(0, r.counter("inspect.bombs"));
    }

    /**
     * A gzip quine decompresses to itself, so the nested inspector, which does look inside what it decodes, finds
     * the same gzip at every layer: it must stop at inspect.max_layers (4) and say so.
     */
    @Test
    void gzipQuinesStopAtMaxLayers() throws IOException {
        byte[] quine = Bombs.gzipQuine();
        SensorRun r = run(Kind.GZIP_QUINE, 4, 0);
        List<JsonNode> quines = allButTheCanary(r);
        // two raw uploads, and two HTTP bodies each reported on the wire and with Content-Encoding undone
        assertEquals(6, quines.size());
        for (JsonNode o : quines) {
            assertEquals("gzip", o.at("/dlp/format").asText());
            assertEquals(quine.length, o.at("/file/size").asLong());
            assertEquals("[\"gzip\",\"gzip\",\"gzip\",\"gzip\",\"gzip\"]", o.at("/dlp/layers").toString());
            JsonNode a = o.at("/dlp/archive");
            assertEquals("max_layers", a.at("/reason").asText());
            assertFalse(a.at("/complete").asBoolean());
            assertEquals(quine.length, a.at("/decoded_bytes").asLong(), "each layer is the quine again");
            assertFalse(a.at("/bomb").asBoolean(), "1:1 is no bomb");
        }
        assertEquals(6, r.counter("inspect.max_layers_hits"));
        assertEquals(6 * 4 + 1, r.counter("inspect.nested.layers_decoded"), "4 layers each, and the canary's");
        assertEquals(0, r.counter("inspect.bombs"));
    }

    /**
     * A sender floods the TCP syslog receiver, queue of 64, while the sensor reads 10,000 SYNs (the sender retries every 5 ms, so it is in before the read ends): every message
     * read is parsed or counted as dropped, and the packet path loses nothing.
     */
    @Test
    void syslogFloodIsDroppedAtTheQueueAndThePacketPathKeepsGoing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SensorRun r;
        try (SyslogFlooder flooder = new SyslogFlooder(new InetSocketAddress("127.0.0.1", port), 1)) {
            r = run(Kind.SYN, 10_000, 0, "endpoint.queue=64", "--syslog-listen=tcp://127.0.0.1:" + port);
        }
        assertEquals(10_001, r.counter("flow.created"));
        assertEquals(10_001, r.flows().size());
        long received = r.counter("endpoint.received.tcp");
        assertTrue(received > 0, "the flood reached the receiver");
        assertEquals(received, r.counter("endpoint.messages") + r.counter("endpoint.dropped"),
                "every message read is parsed or counted as dropped");
    }
}
