package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.HOST;
import static io.packwatch.scenarios.Scenario.assertCounts;
import static io.packwatch.scenarios.Scenario.assertEndpoints;
import static io.packwatch.testkit.Payloads.httpGet;
import static io.packwatch.testkit.Payloads.httpResponse;
import static io.packwatch.testkit.Payloads.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.cli.SensorMain;
import io.packwatch.decode.DecodeError;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** malformed.pcap, truncated.pcap, and hostile files made here. */
class MalformedInputTest {
    @TempDir
    Path tmp;

    /** Every malformed reason malformed.pcap exercises, with its count; all others stay 0. */
    private static final Map<DecodeError, Integer> EXPECTED = Map.of(
            DecodeError.LINK_TRUNCATED, 1,          // bad 1: 10-byte runt
            DecodeError.IPV4_BAD_HEADER_LENGTH, 1,  // bad 3: IHL 3
            DecodeError.IPV4_BAD_TOTAL_LENGTH, 1,   // bad 4: total length 248, 48 captured
            DecodeError.IPV4_TRUNCATED, 1,          // bad 5: 12 bytes of IPv4 header
            DecodeError.TCP_BAD_DATA_OFFSET, 1,     // bad 6: data offset 4
            DecodeError.TCP_TRUNCATED, 1,           // bad 7: 10 bytes of TCP header
            DecodeError.UDP_BAD_LENGTH, 1,          // bad 8: UDP length 200 in a 58-byte datagram
            DecodeError.IPV6_BAD_PAYLOAD_LENGTH, 1); // bad 9: payload length 335, 35 captured

    @Test
    void malformedPacketsAreCountedAndTheGoodSessionIsIntact() {
        Scenario s = Scenario.of(tmp, "malformed.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(22, s.counter("capture.packets"));
        assertEquals(22, s.counter("decode.frames"));
        for (DecodeError e : DecodeError.values()) {
            assertEquals(EXPECTED.getOrDefault(e, 0).longValue(), s.counter(e.counterName()), e.counterName());
        }
        assertEquals(1, s.counter("decode.non_ip"), "bad 2: ethertype 0x88B5");
        assertEquals(1, s.counter("decode.checksum.ipv4_bad"), "bad 10");
        assertEquals(1, s.counter("decode.checksum.tcp_bad"), "bad 11");
        assertEquals(0, s.counter("decode.checksum.udp_bad"));
        assertEquals(1, s.counter("decode.snaplen_truncated"), "bad 12");
        assertEquals(0, s.counter("decode.checksum.offload_detected"));
        assertEquals(0, s.counter("pipeline.internal_errors"));

        JsonNode good = s.flowFrom(64000);
        assertEndpoints(good, "tcp", "ipv4", "10.0.13.1", 64000, "192.0.2.130", 80);
        s.assertHttpSession(good, 20, httpGet(HOST, "/good"), httpResponse(101, 1000), Scenario.T0);
        assertEquals("client close 88\nserver close 1067\n", s.events(good));

        // bad 11: the segment with the wrong checksum never enters a stream.
        JsonNode badSum = s.flowFrom(64011);
        assertEndpoints(badSum, "tcp", "ipv4", "10.0.13.11", 64011, "192.0.2.131", 7611);
        assertEquals(0, badSum.at("/dlp/flow/client_stream_bytes").asLong());
        assertTrue(badSum.at("/dlp/flow/history").asText().contains("C"), badSum.toString());
        assertEquals(1, s.counter("flow.bad_checksum_payloads_ignored"));
        assertEquals(0, s.client(badSum).length);

        // bad 12: caplen 128 of a 1454-byte frame: 74 payload bytes, then a 1326-byte gap.
        JsonNode cut = s.flowFrom(64012);
        assertEndpoints(cut, "tcp", "ipv4", "10.0.13.12", 64012, "192.0.2.131", 7612);
        assertEquals(1326, cut.at("/dlp/flow/missed_bytes").asLong());
        assertEquals(74, cut.at("/dlp/flow/client_stream_bytes").asLong());
        assertEquals(Scenario.text(pattern(112, 74)), Scenario.text(s.client(cut)));
        assertCounts(cut, 1, 1440, 1400, 0, 0, 0);
        assertEquals("client gap 1326 at 74\nclient close 74\n", s.events(cut));
        assertEquals(1, s.counter("reassembly.snaplen_gaps"));

        // Nothing of bad 1-9 reached the flow table.
        for (int port = 64003; port <= 64009; port++) {
            assertEquals(0, s.flowsFrom(port).size(), "flow from malformed packet port " + port);
        }
        assertEquals(4, s.flows().size(), "the good session, bad 10 (UDP), bad 11, bad 12: " + s.flows());
        assertEquals(1229, s.counter("reassembly.delivered_bytes"), "88 + 1067 + 74");
    }

    @Test
    void truncatedFileGivesItsNineCompletePacketsAndExit3() {
        Scenario s = Scenario.of(tmp, "truncated.pcap");
        assertEquals(3, s.run.exitCode);
        assertEquals(9, s.counter("capture.packets"));
        String problem = s.run.stats().at("/packwatch/input_problem").asText();
        assertTrue(problem.contains("truncated.pcap") && problem.contains("truncated"), problem);
        assertTrue(problem.contains("66"), "names the 66 bytes the record claims: " + problem);
        JsonNode f = s.flowFrom(65000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.14.1", 65000, "192.0.2.140", 80);
        // Everything but the final client ACK: both FINs were seen.
        s.assertCompleteTcp(f, httpGet(HOST, "/trunc"), httpResponse(121, 1000));
        assertCounts(f, 5, 60 + 52 * 4 + 89, 89, 4, 60 + 52 * 3 + 1067, 1067);
        assertEquals(1, s.flows().size());
    }

    // ---- hostile files

    /** Runs the CLI on one file, capturing stderr; no stack trace may show. */
    private record Outcome(int exitCode, String stderr, SensorRun run) {
    }

    private Outcome runOn(Path file) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SensorRun run;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            run = SensorRun.of(tmp, "--read", file.toString(), "--set", "pipeline.workers=0");
        } finally {
            System.setErr(oldErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "a stack trace on stderr: " + text);
        return new Outcome(run.exitCode, text, run);
    }

    private static byte[] pcapHeader() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        return b.array();
    }

    @Test
    void emptyFile() throws Exception {
        Path f = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
        Outcome o = runOn(f);
        assertEquals(2, o.exitCode);
        assertTrue(o.stderr.contains("not a pcap or pcapng file"), o.stderr);
        assertTrue(o.stderr.contains("empty.pcap"), o.stderr);
    }

    @Test
    void randomBytes() throws Exception {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[0] = 0x42; // surely no magic number
        Path f = Files.write(tmp.resolve("junk.pcap"), junk);
        Outcome o = runOn(f);
        assertEquals(2, o.exitCode);
        assertTrue(o.stderr.contains("not a pcap or pcapng file"), o.stderr);
    }

    @Test
    void headerOnlyPcapIsAnEmptyCapture() throws Exception {
        Path f = Files.write(tmp.resolve("header-only.pcap"), pcapHeader());
        Outcome o = runOn(f);
        assertEquals(0, o.exitCode);
        assertEquals(0, o.run.flows().size());
        assertEquals(0, o.run.counter("capture.packets"));
    }

    @Test
    void pcapHeaderCutShort() throws Exception {
        Path f = Files.write(tmp.resolve("short.pcap"), java.util.Arrays.copyOf(pcapHeader(), 10));
        Outcome o = runOn(f);
        assertEquals(2, o.exitCode);
        assertTrue(o.stderr.contains("too short"), o.stderr);
    }

    @Test
    void recordClaiming2To31Bytes() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(pcapHeader()).putInt(1767225600).putInt(0).putInt(0x80000000).putInt(0x80000000);
        Path f = Files.write(tmp.resolve("huge-record.pcap"), b.array());
        Outcome o = runOn(f);
        assertEquals(3, o.exitCode);
        String problem = o.run.stats().at("/packwatch/input_problem").asText();
        assertTrue(problem.contains("corrupt") && problem.contains("2147483648"), problem);
        assertEquals(0, o.run.counter("capture.packets"));
    }

    @Test
    void recordLargerThanMaxFrameBytes() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(pcapHeader()).putInt(1767225600).putInt(0).putInt(0x7FFFFFFF).putInt(0x7FFFFFFF);
        Path f = Files.write(tmp.resolve("big-record.pcap"), b.array());
        Outcome o = runOn(f);
        assertEquals(3, o.exitCode);
        assertTrue(o.run.stats().at("/packwatch/input_problem").asText().contains("2147483647"));
    }

    /** A little-endian pcapng SHB (28 bytes) and an Ethernet IDB (20 bytes). */
    private static ByteBuffer pcapngStart(int extra) {
        ByteBuffer b = ByteBuffer.allocate(28 + 20 + extra).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L).putInt(28);
        b.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(262144).putInt(20);
        return b;
    }

    @Test
    void pcapngBlockWithBadLength() throws Exception {
        ByteBuffer b = pcapngStart(16);
        b.putInt(6).putInt(13).putInt(0).putInt(13); // an EPB whose length is no multiple of 4
        Path f = Files.write(tmp.resolve("bad-block.pcapng"), b.array());
        Outcome o = runOn(f);
        assertEquals(3, o.exitCode);
        String problem = o.run.stats().at("/packwatch/input_problem").asText();
        assertTrue(problem.contains("corrupt") && problem.contains("length 13"), problem);
    }

    @Test
    void pcapngBlockLongerThanTheFile() throws Exception {
        ByteBuffer b = pcapngStart(16);
        b.putInt(6).putInt(0x7FFFFFF0).putInt(0).putInt(0);
        Path f = Files.write(tmp.resolve("long-block.pcapng"), b.array());
        Outcome o = runOn(f);
        assertEquals(3, o.exitCode);
        assertTrue(o.run.stats().at("/packwatch/input_problem").asText().contains("truncated"));
    }

    @Test
    void pcapngPacketNamingAnUndeclaredInterface() throws Exception {
        ByteBuffer b = pcapngStart(36);
        b.putInt(6).putInt(36).putInt(7).putInt(0).putInt(0).putInt(4).putInt(4).putInt(0x01020304).putInt(36);
        Path f = Files.write(tmp.resolve("no-interface.pcapng"), b.array());
        Outcome o = runOn(f);
        assertEquals(3, o.exitCode);
        assertTrue(o.run.stats().at("/packwatch/input_problem").asText().contains("interface 7"));
    }

    @Test
    void aDirectoryIsRefusedClearly() {
        Outcome o = runOn(Repo.pcap("pcap-variants"));
        assertEquals(2, o.exitCode);
        assertTrue(o.stderr.contains("is a directory"), o.stderr);
    }

    @Test
    void theCliReturnsInsteadOfThrowingForAMissingFile() {
        int rc = SensorMain.run("--read", tmp.resolve("nope.pcap").toString(), "--quiet", "--output",
                tmp.resolve("x.ndjson").toString());
        assertEquals(2, rc);
    }
}
