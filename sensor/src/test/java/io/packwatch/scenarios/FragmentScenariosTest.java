package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.HOST;
import static io.packwatch.scenarios.Scenario.T0;
import static io.packwatch.scenarios.Scenario.assertCounts;
import static io.packwatch.scenarios.Scenario.assertEndpoints;
import static io.packwatch.scenarios.Scenario.iso;
import static io.packwatch.scenarios.Scenario.text;
import static io.packwatch.testkit.Payloads.ascii;
import static io.packwatch.testkit.Payloads.fill;
import static io.packwatch.testkit.Payloads.httpPost;
import static io.packwatch.testkit.Payloads.httpResponse;
import static io.packwatch.testkit.Payloads.overwrite;
import static io.packwatch.testkit.Payloads.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.DefragConfig;
import io.packwatch.decode.Defragmenter;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ipv4-frag.pcap: datagrams (a) to (g) of pcaps/README.md. */
class FragmentScenariosTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path tmp;

    @Test
    void everyDatagramWithTheDefaultPolicy() {
        Scenario s = Scenario.of(tmp, "ipv4-frag.pcap");
        assertEquals(0, s.run.exitCode);
        assertEquals(29, s.counter("capture.packets"));
        // (a) in order and (b) in reverse: one 4000-byte datagram each, rebuilt at its last fragment.
        JsonNode a = s.flowFrom(56001);
        assertEndpoints(a, "udp", "ipv4", "10.0.4.1", 56001, "192.0.2.40", 7001);
        assertCounts(a, 1, 20 + 8 + 4000, 4000, 0, 0, 0);
        assertEquals(iso(T0 + 3 * MS), a.at("/event/end").asText());
        JsonNode b = s.flowFrom(56002);
        assertEndpoints(b, "udp", "ipv4", "10.0.4.1", 56002, "192.0.2.40", 7002);
        assertCounts(b, 1, 20 + 8 + 4000, 4000, 0, 0, 0);
        assertEquals(iso(T0 + S + 3 * MS), b.at("/event/end").asText());
        // (c) the overlap datagram: 2392 bytes of UDP payload.
        JsonNode c = s.flowFrom(56003);
        assertEndpoints(c, "udp", "ipv4", "10.0.4.1", 56003, "192.0.2.40", 7003);
        assertCounts(c, 1, 20 + 2400, 2392, 0, 0, 0);
        // (d) a TCP session whose one data segment came in two fragments.
        JsonNode d = s.flowFrom(56004);
        assertEndpoints(d, "tcp", "ipv4", "10.0.4.1", 56004, "192.0.2.40", 80);
        byte[] post = httpPost(HOST, "/frag", 14, 2000);
        assertEquals(2107, post.length);
        s.assertCompleteTcp(d, post, httpResponse(15, 100));
        assertEquals(166, httpResponse(15, 100).length);
        assertEquals("ShADadFf", d.at("/dlp/flow/history").asText());
        assertEquals(2107, d.at("/source/payload_bytes").asLong());
        assertEquals(166, d.at("/destination/payload_bytes").asLong());
        assertEquals(10, d.at("/network/packets").asLong(), "11 frames, two of them one segment");
        // (e) never completes: no flow at all.
        assertEquals(0, s.flowsFrom(56005).size());
        // (f) the tiny first fragment rebuilds a valid SYN: 20-byte IP + 40-byte TCP header.
        JsonNode f = s.flowFrom(56006);
        assertEndpoints(f, "tcp", "ipv4", "10.0.4.1", 56006, "192.0.2.40", 22);
        assertCounts(f, 1, 60, 0, 0, 0, 0);
        assertEquals("S0", f.at("/dlp/flow/state").asText());
        assertEquals("S", f.at("/dlp/flow/history").asText());
        // (g) the tick.
        JsonNode g = s.flowFrom(56007);
        assertEndpoints(g, "udp", "ipv4", "10.0.4.1", 56007, "192.0.2.40", 7007);
        assertCounts(g, 1, 20 + 8 + 4, 4, 0, 0, 0);
        assertEquals(iso(T0 + 125 * S), g.at("/event/start").asText());
        assertEquals(6, s.flows().size());
        // (g) at T0+125s is past the 60 s UDP timeout of (a)-(c) and the 30 s tcp_new timeout of (f).
        assertEquals("timeout", a.at("/event/reason").asText());
        assertEquals("timeout", b.at("/event/reason").asText());
        assertEquals("timeout", c.at("/event/reason").asText());
        assertEquals("timeout", f.at("/event/reason").asText());

        // Fragments: 4 + 4 + 5 + 2 + 2 + 2; rebuilt: a, b, c, d, f; (e) timed out.
        assertEquals(19, s.counter("defrag.fragments"));
        assertEquals(5, s.counter("defrag.reassembled"));
        assertEquals(1, s.counter("defrag.timeouts"));
        assertEquals(1, s.counter("defrag.tiny_fragments"));
        // X overlaps A and B (one insert), Y overlaps C: two overlapping, conflicting inserts.
        assertEquals(2, s.counter("defrag.overlaps"));
        assertEquals(2, s.counter("defrag.overlap_conflicts"));
        assertEquals(0, s.counter("defrag.oversized"));
        assertEquals(4, s.counter("decode.udp"), "a, b, c, g");
        assertEquals(11, s.counter("decode.tcp"), "10 of (d), 1 of (f)");
        assertEquals(0, s.counter("decode.checksum.ipv4_bad"));
        assertEquals(0, s.counter("decode.checksum.tcp_bad"));
    }

    /**
     * The policy shows in the rebuilt (c): only a datagram equal to the original has a valid UDP
     * checksum. first keeps every old byte; solaris lets no new fragment win here (X and Y start
     * after or with the old one); the others take some of X or Y.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"first, 0", "last, 1", "bsd, 1", "windows, 1", "linux, 1", "solaris, 0"})
    void overlapPolicyDecidesWhetherTheOverlapDatagramVerifies(String policy, int badUdpChecksums) {
        Scenario s = Scenario.of(tmp, "ipv4-frag.pcap", "defrag.policy=" + policy);
        assertEquals(0, s.run.exitCode);
        assertEquals(badUdpChecksums, s.counter("decode.checksum.udp_bad"));
        assertEquals(2, s.counter("defrag.overlaps"));
        assertEquals(2, s.counter("defrag.overlap_conflicts"));
        assertEquals(5, s.counter("defrag.reassembled"));
        assertCounts(s.flowFrom(56003), 1, 20 + 2400, 2392, 0, 0, 0);
        // The TCP segment of (d) has no overlap: the same bytes under every policy.
        JsonNode d = s.flowFrom(56004);
        s.assertCompleteTcp(d, httpPost(HOST, "/frag", 14, 2000), httpResponse(15, 100));
    }

    /** Expected UDP payload of (c) under a policy, from the README's table (windows = bsd; solaris: all P). */
    static byte[] overlapPayload(String policy) {
        byte[] p = pattern(13, 2392);
        byte[] bang = fill('!', 200);
        switch (policy) {
            case "first":
            case "solaris":
                return p;
            case "last":
                return overwrite(overwrite(overwrite(p, 592, bang), 792, bang), 1592, fill('#', 400));
            case "bsd":
            case "windows":
                return overwrite(p, 792, bang);
            case "linux":
                return overwrite(overwrite(p, 792, bang), 1592, fill('#', 400));
            default:
                throw new IllegalArgumentException(policy);
        }
    }

    /** The rebuilt datagrams byte for byte, through the decoder the sensor uses. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first", "last", "bsd", "windows", "linux", "solaris"})
    void rebuiltDatagramsByteForByte(String policy) throws Exception {
        Counters counters = new Counters();
        Defragmenter defrag = new Defragmenter(new DefragConfig(OverlapPolicy.parse(policy), 30 * S, 65536,
                32L << 20), counters);
        PacketDecoder decoder = new PacketDecoder(ChecksumMode.YES, defrag, counters);
        Map<Integer, byte[]> udpByPort = new HashMap<>();
        Map<Integer, Integer> reassembledTcpByPort = new HashMap<>();
        byte[] tcpData = null;
        byte[] syn = null;
        try (PacketSource src = PcapFileSource.open(Repo.pcap("ipv4-frag.pcap"), 262144)) {
            Frame frame = new Frame();
            Packet p = new Packet();
            while (src.next(frame)) {
                if (!decoder.decode(frame, p)) {
                    continue;
                }
                byte[] payload = Arrays.copyOfRange(p.buf, p.payloadOffset, p.payloadOffset + p.payloadLength);
                if (p.protocol == Packet.PROTO_UDP) {
                    udpByPort.put(p.srcPort, payload);
                } else if (p.reassembled) {
                    reassembledTcpByPort.merge(p.srcPort, 1, Integer::sum);
                    if (p.srcPort == 56004) {
                        tcpData = payload;
                    } else if (p.srcPort == 56006) {
                        syn = payload;
                        assertEquals(Packet.SYN, p.tcpFlags);
                        assertEquals(0x31337000, p.seq);
                        assertEquals(60, p.ipLength);
                    }
                }
            }
        }
        assertEquals(text(pattern(11, 4000)), text(udpByPort.get(56001)));
        assertEquals(text(pattern(12, 4000)), text(udpByPort.get(56002)));
        assertEquals(text(overlapPayload(policy)), text(udpByPort.get(56003)), "(c) under " + policy);
        assertEquals(null, udpByPort.get(56005), "(e) never completes");
        assertEquals(text(ascii("tick")), text(udpByPort.get(56007)));
        assertEquals(4, udpByPort.size());
        assertNotNull(tcpData);
        assertEquals(text(httpPost(HOST, "/frag", 14, 2000)), text(tcpData));
        assertNotNull(syn);
        assertEquals(0, syn.length);
        assertEquals(Map.of(56004, 1, 56006, 1), reassembledTcpByPort);
        assertEquals(policy.equals("first") || policy.equals("solaris") ? 0 : 1,
                counters.get("decode.checksum.udp_bad"));
        defrag.flush();
        assertEquals(1, counters.get("defrag.timeouts"));
    }
}
