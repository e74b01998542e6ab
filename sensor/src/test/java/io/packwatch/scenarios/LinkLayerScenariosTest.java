package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.HOST;
import static io.packwatch.scenarios.Scenario.T0;
import static io.packwatch.scenarios.Scenario.assertCounts;
import static io.packwatch.scenarios.Scenario.assertEndpoints;
import static io.packwatch.scenarios.Scenario.iso;
import static io.packwatch.testkit.Payloads.ascii;
import static io.packwatch.testkit.Payloads.httpGet;
import static io.packwatch.testkit.Payloads.httpResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Link layers and capture formats: every flow of each file as pcaps/README.md documents it. */
class LinkLayerScenariosTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    private static void assertNoDecodeErrors(Scenario s) {
        assertEquals(0, s.counter("decode.malformed.link_truncated") + s.counter("decode.malformed.unsupported_link_type")
                + s.counter("decode.malformed.ipv4_truncated") + s.counter("decode.malformed.ipv6_truncated")
                + s.counter("decode.malformed.ipv6_bad_extension_header") + s.counter("decode.malformed.tcp_truncated")
                + s.counter("decode.malformed.udp_bad_length"), "malformed counters");
        assertEquals(0, s.counter("decode.non_ip"));
        assertEquals(0, s.counter("decode.checksum.ipv4_bad") + s.counter("decode.checksum.tcp_bad")
                + s.counter("decode.checksum.udp_bad"), "bad checksums");
        assertEquals(0, s.counter("pipeline.internal_errors"));
        assertEquals(0, s.run.exitCode);
    }

    @Test
    void vlanAndQinq() {
        Scenario s = Scenario.of(tmp, "vlan-qinq.pcap");
        assertNoDecodeErrors(s);
        assertEquals(26, s.counter("capture.packets"));
        assertEquals(26, s.counter("decode.vlan_tagged"));
        assertEquals(2, s.flows().size());
        JsonNode a = s.flowFrom(51000);
        assertEndpoints(a, "tcp", "ipv4", "10.0.0.1", 51000, "192.0.2.10", 80);
        assertEquals("100", a.at("/network/vlan/id").asText());
        s.assertHttpSession(a, 20, httpGet(HOST, "/vlan100"), httpResponse(1, 2000), T0);
        assertEquals(91, httpGet(HOST, "/vlan100").length);
        JsonNode b = s.flowFrom(51001);
        assertEndpoints(b, "tcp", "ipv4", "10.0.0.2", 51001, "192.0.2.11", 80);
        // The outer (802.1ad) VLAN id, and the inner one as ECS network.inner.vlan.id.
        assertEquals("200", b.at("/network/vlan/id").asText());
        assertEquals("300", b.at("/network/inner/vlan/id").asText());
        assertTrue(a.at("/network/inner").isMissingNode());
        s.assertHttpSession(b, 20, httpGet(HOST, "/qinq"), httpResponse(2, 3000), T0 + S);
        assertEquals(3067, httpResponse(2, 3000).length);
        assertEquals("outbound", a.at("/network/direction").asText());
    }

    @Test
    void linuxCookedV1() {
        Scenario s = Scenario.of(tmp, "sll.pcap");
        assertNoDecodeErrors(s);
        assertEquals(12, s.counter("capture.packets"));
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(52000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.1.1", 52000, "192.0.2.20", 80);
        assertTrue(f.at("/network/vlan").isMissingNode());
        s.assertHttpSession(f, 20, httpGet(HOST, "/sll"), httpResponse(3, 1500), T0);
    }

    @Test
    void linuxCookedV2() {
        Scenario s = Scenario.of(tmp, "sll2.pcap");
        assertNoDecodeErrors(s);
        assertEquals(12, s.counter("capture.packets"));
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(52001);
        assertEndpoints(f, "tcp", "ipv4", "10.0.2.1", 52001, "192.0.2.21", 80);
        s.assertHttpSession(f, 20, httpGet(HOST, "/sll2"), httpResponse(4, 1500), T0);
    }

    @Test
    void nullLoopbackWithAllThreeAddressFamilies() {
        Scenario s = Scenario.of(tmp, "null-loopback.pcap");
        assertNoDecodeErrors(s);
        assertEquals(22, s.counter("capture.packets"));
        assertEquals(3, s.flows().size());
        JsonNode v4 = s.flowFrom(53000);
        assertEndpoints(v4, "tcp", "ipv4", "127.0.0.1", 53000, "127.0.0.1", 8080);
        s.assertHttpSession(v4, 20, httpGet(HOST, "/loop4"), httpResponse(5, 1000), T0);
        JsonNode v6 = s.flowFrom(53001);
        assertEndpoints(v6, "tcp", "ipv6", "::1", 53001, "::1", 8080);
        s.assertHttpSession(v6, 40, httpGet(HOST, "/loop6"), httpResponse(6, 1000), T0 + S);
        JsonNode udp = s.flowFrom(53002);
        assertEndpoints(udp, "udp", "ipv6", "::1", 53002, "::1", 9999);
        assertCounts(udp, 1, 40 + 8 + 9, 9, 1, 40 + 8 + 9, 9);
        assertEquals(iso(T0 + 2 * S), udp.at("/event/start").asText());
        assertEquals(iso(T0 + 2 * S + MS), udp.at("/event/end").asText());
        assertTrue(udp.at("/dlp/flow/state").isMissingNode(), "no TCP fields on a UDP flow");
        assertEquals("external", v4.at("/network/direction").asText());
        assertEquals(20, s.counter("decode.tcp"));
        assertEquals(2, s.counter("decode.udp"));
        assertEquals(10, s.counter("decode.ipv4"));
        assertEquals(12, s.counter("decode.ipv6"));
    }

    @Test
    void rawIp() {
        Scenario s = Scenario.of(tmp, "raw-ip.pcap");
        assertNoDecodeErrors(s);
        assertEquals(12, s.counter("capture.packets"));
        assertEquals(2, s.flows().size());
        JsonNode tcp = s.flowFrom(54000);
        assertEndpoints(tcp, "tcp", "ipv4", "10.0.3.1", 54000, "192.0.2.30", 80);
        s.assertHttpSession(tcp, 20, httpGet(HOST, "/raw"), httpResponse(7, 1000), T0);
        JsonNode udp = s.flowFrom(54001);
        assertEndpoints(udp, "udp", "ipv6", "2001:db8::3", 54001, "2001:db8::53", 7777);
        assertEquals(18, ascii("raw-ip udp request").length);
        assertCounts(udp, 1, 48 + 18, 18, 1, 48 + 19, 19);
        assertEquals(iso(T0 + S), udp.at("/event/start").asText());
        assertEquals(iso(T0 + S + MS), udp.at("/event/end").asText());
    }

    @Test
    void ipv6ExtensionHeadersAndFragments() {
        Scenario s = Scenario.of(tmp, "ipv6.pcap");
        assertNoDecodeErrors(s);
        assertEquals(15, s.counter("capture.packets"));
        assertEquals(15, s.counter("decode.ipv6"));
        assertEquals(2, s.flows().size());
        JsonNode tcp = s.flowFrom(55000);
        assertEndpoints(tcp, "tcp", "ipv6", "2001:db8::10", 55000, "2001:db8::20", 80);
        // 40-byte fixed header + 8-byte hop-by-hop + 16-byte destination options on every packet.
        s.assertHttpSession(tcp, 40 + 8 + 16, httpGet(HOST, "/ipv6"), httpResponse(8, 2000), T0);
        JsonNode udp = s.flowFrom(55001);
        assertEndpoints(udp, "udp", "ipv6", "2001:db8::10", 55001, "2001:db8::20", 6000);
        // One datagram rebuilt from three fragments (captured last one first).
        assertCounts(udp, 1, 40 + 8 + 3000, 3000, 0, 0, 0);
        assertEquals(3, s.counter("defrag.fragments"));
        assertEquals(1, s.counter("defrag.reassembled"));
        assertEquals(0, s.counter("defrag.timeouts"));
        assertEquals(0, s.counter("defrag.overlaps"));
        assertEquals(0, s.counter("defrag.tiny_fragments"));
        assertEquals(1, s.counter("decode.udp"));
        // The rebuilt datagram's UDP checksum verifies: its 3000 bytes are pattern(9, 3000) in order.
        assertEquals(0, s.counter("decode.checksum.udp_bad"));
    }

    @Test
    void pcapngWithThreeLinkTypesAndEveryPacketBlockKind() {
        Scenario s = Scenario.of(tmp, "pcapng-multi.pcapng");
        assertNoDecodeErrors(s);
        assertEquals(24, s.counter("capture.packets"));
        assertEquals(5, s.flows().size());
        JsonNode eth = s.flowFrom(62000);
        assertEndpoints(eth, "tcp", "ipv4", "10.0.11.1", 62000, "192.0.2.110", 80);
        s.assertHttpSession(eth, 20, httpGet(HOST, "/ng0"), httpResponse(81, 800), T0);
        JsonNode sll = s.flowFrom(62001);
        assertEndpoints(sll, "tcp", "ipv4", "10.0.11.2", 62001, "192.0.2.111", 80);
        s.assertCompleteTcp(sll, httpGet(HOST, "/ng1"), httpResponse(82, 900));
        assertCounts(sll, 6, 60 + 52 * 5 + 87, 87, 4, 60 + 52 * 3 + 966, 966);
        // if_tsresol 9: the nanoseconds survive, packet k at T0 + 250037 ns + k * 1000111 ns.
        assertEquals(iso(T0 + 250_037), sll.at("/event/start").asText());
        assertEquals("2026-01-01T00:00:00.000250037Z", sll.at("/event/start").asText());
        assertEquals(iso(T0 + 250_037 + 9 * 1_000_111L), sll.at("/event/end").asText());
        assertEquals(9 * 1_000_111L, sll.at("/event/duration").asLong());
        JsonNode raw = s.flowFrom(62002);
        assertEndpoints(raw, "udp", "ipv4", "10.0.11.3", 62002, "192.0.2.112", 7500);
        assertCounts(raw, 1, 28 + 15, 15, 1, 28 + 16, 16);
        assertEquals(iso(T0 + 2_500_000), raw.at("/event/start").asText());
        assertEquals(iso(T0 + 3_500_000), raw.at("/event/end").asText());
        JsonNode spb = s.flowFrom(62003);
        assertEndpoints(spb, "udp", "ipv4", "10.0.11.4", 62003, "192.0.2.113", 7501);
        assertCounts(spb, 1, 28 + 3, 3, 0, 0, 0);
        JsonNode opb = s.flowFrom(62004);
        assertEndpoints(opb, "udp", "ipv4", "10.0.11.5", 62004, "192.0.2.114", 7502);
        assertCounts(opb, 1, 28 + 3, 3, 0, 0, 0);
        assertEquals(iso(T0 + 2_260_000), opb.at("/event/start").asText());
    }

    @Test
    void pcapngWithTwoSectionsIsOneContinuousFlow() {
        Scenario s = Scenario.of(tmp, "pcapng-le.pcapng");
        assertNoDecodeErrors(s);
        assertEquals(14, s.counter("capture.packets"));
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(63000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.12.1", 63000, "192.0.2.120", 80);
        // Section 2 switches to nanosecond resolution: the end must still be T0 + 13 ms.
        s.assertHttpSession(f, 20, httpGet(HOST, "/ngle"), httpResponse(91, 3000), T0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"micro-le", "micro-be", "nano-le", "nano-be"})
    void pcapVariants(String variant) {
        Scenario s = Scenario.of(tmp, "pcap-variants/" + variant + ".pcap");
        assertNoDecodeErrors(s);
        assertEquals(10, s.counter("capture.packets"));
        assertEquals(1, s.flows().size());
        JsonNode f = s.flowFrom(61000);
        assertEndpoints(f, "tcp", "ipv4", "10.0.10.1", 61000, "192.0.2.100", 80);
        s.assertCompleteTcp(f, httpGet(HOST, "/variant"), httpResponse(71, 500));
        assertEquals("ShADadFf", f.at("/dlp/flow/history").asText());
        assertCounts(f, 6, 60 + 52 * 5 + 91, 91, 4, 60 + 52 * 3 + 566, 566);
        boolean nano = variant.startsWith("nano");
        long first = T0 + 123_456_789L;
        long last = T0 + 123_456_789L + 9 * 250_123L;
        if (!nano) {
            first -= first % 1000;
            last -= last % 1000;
        }
        assertEquals(nano ? "2026-01-01T00:00:00.123456789Z" : "2026-01-01T00:00:00.123456Z",
                f.at("/event/start").asText());
        assertEquals(nano ? "2026-01-01T00:00:00.125707896Z" : "2026-01-01T00:00:00.125707Z",
                f.at("/event/end").asText());
        assertEquals(iso(last), f.at("/event/end").asText());
        assertEquals(last - first, f.at("/event/duration").asLong());
        assertEquals(iso(last), s.run.stats().at("/@timestamp").asText(), "stats at the last packet's time");
    }
}
