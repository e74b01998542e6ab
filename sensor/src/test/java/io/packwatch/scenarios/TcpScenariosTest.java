package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.HOST;
import static io.packwatch.scenarios.Scenario.T0;
import static io.packwatch.scenarios.Scenario.assertCounts;
import static io.packwatch.scenarios.Scenario.assertEndpoints;
import static io.packwatch.testkit.Bytes.concat;
import static io.packwatch.scenarios.Scenario.iso;
import static io.packwatch.scenarios.Scenario.text;
import static io.packwatch.testkit.Payloads.ascii;
import static io.packwatch.testkit.Payloads.fill;
import static io.packwatch.testkit.Payloads.httpGet;
import static io.packwatch.testkit.Payloads.httpResponse;
import static io.packwatch.testkit.Payloads.overwrite;
import static io.packwatch.testkit.Payloads.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TCP reassembly scenarios of pcaps/README.md, byte for byte. */
class TcpScenariosTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    /**
     * tcp-ooo.pcap: the client stream is P = pattern(21, 14000) with the four conflict ranges
     * [5000,5500) '!', [7000,8000) '#', [10200,10800) '$', [12000,13000) '%' replaced where the
     * policy lets the new segment win (P = original kept).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"first, PPPP", "last, !#$%", "bsd, !PP%", "windows, !PP%", "linux, !#P%", "solaris, PPP%"})
    void outOfOrderOverlapsUnderEveryPolicy(String policy, String winners) {
        byte[] expected = pattern(21, 14000);
        int[][] ranges = {{5000, 5500}, {7000, 8000}, {10200, 10800}, {12000, 13000}};
        for (int i = 0; i < 4; i++) {
            char w = winners.charAt(i);
            if (w != 'P') {
                expected = overwrite(expected, ranges[i][0], fill(w, ranges[i][1] - ranges[i][0]));
            }
        }
        Scenario s = Scenario.of(tmp, "tcp-ooo.pcap", "reassembly.policy=" + policy);
        assertEquals(0, s.run.exitCode);
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(57000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.5.1", 57000, "192.0.2.50", 7350);
        s.assertStreams(f, expected, ascii("received 14000 bytes\n"));
        assertEquals("SF", f.at("/dlp/flow/state").asText());
        assertEquals(0, f.at("/dlp/flow/missed_bytes").asLong());
        // Bytes that differ between the two copies, whoever wins: 500 + 1000 + 600 + 1000.
        assertEquals(3100, f.at("/dlp/flow/overlap_conflict_bytes").asLong());
        assertEquals("ShADaTdFf", f.at("/dlp/flow/history").asText());
        // 19 client data segments (1+2+2+3+4+3+4) carrying 19500 bytes; 46 packets in all.
        assertEquals(19500, f.at("/source/payload_bytes").asLong());
        assertEquals(21, f.at("/destination/payload_bytes").asLong());
        assertEquals(46, f.at("/network/packets").asLong());
        assertEquals(4, s.counter("reassembly.overlap_conflicts"), "one conflicting insert per episode");
        // Overlapping inserts: the 4 conflicting ones, plus [4000,5000) over [4800,5000) and
        // [11000,12000) over [11500,12000), which carry identical bytes.
        assertEquals(6, s.counter("reassembly.overlaps"));
        // [3000,4000) again, and [8000,9000) / [13000,14000) whose fronts were delivered already.
        assertEquals(3, s.counter("reassembly.retransmissions"));
        assertEquals(9, s.counter("reassembly.out_of_order"));
        assertEquals(0, s.counter("reassembly.gaps"));
        assertEquals(14021, s.counter("reassembly.delivered_bytes"));
    }

    @Test
    void gapOfExactly1000BytesThenTheStreamResumes() {
        Scenario s = Scenario.of(tmp, "tcp-gap.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(1, s.flows().size());
        assertEquals(27, s.counter("capture.packets"));
        JsonNode f = s.flowFrom(58000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.6.1", 58000, "192.0.2.60", 7200);
        s.assertStreams(f, concat(pattern(31, 0, 4000), pattern(31, 5000, 5000)), ascii("received 10000 bytes\n"));
        assertEquals(1000, f.at("/dlp/flow/missed_bytes").asLong());
        assertEquals("SF", f.at("/dlp/flow/state").asText());
        assertEquals("ShADaGdFf", f.at("/dlp/flow/history").asText());
        assertEquals(9000, f.at("/source/payload_bytes").asLong());
        assertEquals(0, f.at("/dlp/flow/overlap_conflict_bytes").asLong());
        assertEquals("client gap 1000 at 4000\nclient close 9000\nserver close 21\n", s.events(f));
        assertEquals(1, s.counter("reassembly.gaps"));
        assertEquals(1000, s.counter("reassembly.gap_bytes"));
        assertEquals(1, s.counter("app.raw.gaps"));
        // the client's 4000 bytes before the gap, its 5000 after it (inspected as a new object), the server's 21
        assertEquals(3, s.counter("inspect.objects"));
        assertEquals(9021, s.counter("inspect.window_bytes"));
    }

    @Test
    void midstreamFlowsGetTheirClientFromThePorts() {
        Scenario s = Scenario.of(tmp, "tcp-midstream.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(16, s.counter("capture.packets"));
        assertEquals(2, s.flows().size());
        assertEquals(0, s.flowsFrom(80).size(), "port 80 is never the client");
        assertEquals(0, s.flowsFrom(5432).size(), "port 5432 is never the client");
        JsonNode web = s.flowFrom(51234);
        assertEndpoints(web, "tcp", "ipv4", "10.0.7.1", 51234, "192.0.2.70", 80);
        assertEquals(true, web.at("/dlp/flow/midstream").asBoolean());
        assertEquals("OTH", web.at("/dlp/flow/state").asText());
        assertEquals("dADaFf", web.at("/dlp/flow/history").asText());
        assertEquals(0, web.at("/dlp/flow/missed_bytes").asLong());
        s.assertStreams(web, httpGet(HOST, "/midstream"), pattern(41, 1000));
        assertEquals(93, httpGet(HOST, "/midstream").length);
        assertEquals(7, web.at("/network/packets").asLong());
        JsonNode db = s.flowFrom(40000);
        assertEndpoints(db, "tcp", "ipv4", "10.0.7.2", 40000, "10.0.7.3", 5432);
        assertEquals(true, db.at("/dlp/flow/midstream").asBoolean());
        assertEquals("OTH", db.at("/dlp/flow/state").asText());
        assertEquals(0, db.at("/dlp/flow/missed_bytes").asLong());
        s.assertStreams(db, pattern(43, 200), concat(pattern(42, 600), pattern(44, 400)));
        assertEquals(200, db.at("/source/payload_bytes").asLong());
        assertEquals(1000, db.at("/destination/payload_bytes").asLong());
        assertEquals(9, db.at("/network/packets").asLong());
        assertEquals("internal", db.at("/network/direction").asText());
        assertEquals(2, s.counter("flow.midstream_pickups"));
        assertEquals(0, s.counter("flow.direction_flipped"));
    }

    @Test
    void portReuseMakesASecondFlowAndAResetEndsTheThird() {
        Scenario s = Scenario.of(tmp, "tcp-port-reuse.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(32, s.counter("capture.packets"));
        assertEquals(3, s.flows().size());
        List<JsonNode> reused = s.flowsFrom(59000);
        assertEquals(2, reused.size());
        JsonNode first = reused.stream().filter(f -> f.at("/event/start").asText().equals(iso(T0)))
                .findFirst().orElseThrow();
        JsonNode second = reused.stream().filter(f -> f.at("/event/start").asText().equals(iso(T0 + 2_009_000_000L)))
                .findFirst().orElseThrow();
        for (JsonNode f : reused) {
            assertEndpoints(f, "tcp", "ipv4", "10.0.8.1", 59000, "192.0.2.80", 80);
            assertEquals("ShADadFf", f.at("/dlp/flow/history").asText());
        }
        s.assertCompleteTcp(first, httpGet(HOST, "/first"), httpResponse(51, 1000));
        assertEquals("port_reuse", first.at("/event/reason").asText());
        assertEquals(iso(T0 + 9_000_000), first.at("/event/end").asText());
        assertCounts(first, 6, 60 + 52 * 5 + 89, 89, 4, 60 + 52 * 3 + 1067, 1067);
        s.assertCompleteTcp(second, httpGet(HOST, "/second"), httpResponse(52, 1500));
        assertEquals("end_of_input", second.at("/event/reason").asText());
        assertCounts(second, 7, 60 + 52 * 6 + 90, 90, 5, 60 + 52 * 4 + 1567, 1567);
        JsonNode reset = s.flowFrom(59001);
        assertEndpoints(reset, "tcp", "ipv4", "10.0.8.2", 59001, "192.0.2.81", 7300);
        assertEquals("RSTR", reset.at("/dlp/flow/state").asText());
        assertEquals("ShADar", reset.at("/dlp/flow/history").asText());
        assertEquals(0, reset.at("/dlp/flow/missed_bytes").asLong());
        s.assertStreams(reset, pattern(53, 3000), new byte[0]);
        assertEquals(3000, reset.at("/source/payload_bytes").asLong());
        assertEquals(0, reset.at("/destination/payload_bytes").asLong());
        assertEquals(iso(T0 + 10 * S), reset.at("/event/start").asText());
        assertEquals(1, s.counter("flow.port_reuse"));
        assertEquals(3, s.counter("flow.created"));
    }

    @Test
    void sequenceNumbersWrapInBothDirections() {
        Scenario s = Scenario.of(tmp, "tcp-seq-wrap.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(48, s.counter("capture.packets"));
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(60000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.9.1", 60000, "192.0.2.90", 7400);
        byte[] reply = ascii("received 20000 bytes across the sequence wrap\n");
        assertEquals(46, reply.length);
        s.assertCompleteTcp(f, pattern(61, 20000), reply);
        assertEquals("ShADadFf", f.at("/dlp/flow/history").asText());
        assertEquals(20000, f.at("/source/payload_bytes").asLong());
        assertEquals(0, s.counter("reassembly.gaps"));
        assertEquals(0, s.counter("reassembly.out_of_window"));
        assertEquals(0, s.counter("reassembly.retransmissions"));
        assertEquals("server close 46\nclient close 20000\n".length(), s.events(f).length());
        assertEquals(Arrays.asList("client close 20000", "server close 46"),
                Arrays.stream(s.events(f).split("\n")).sorted().toList());
        assertEquals(20046, s.counter("reassembly.delivered_bytes"));
        assertEquals(text(pattern(61, 4090, 10)), text(Arrays.copyOfRange(s.client(f), 4090, 4100)),
                "bytes around sequence number 0");
    }
}
