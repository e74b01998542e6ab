package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertArchiveUpload;
import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static io.packwatch.testkit.EvasionPcaps.ZIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.testkit.EvasionPcaps;
import io.packwatch.testkit.InspectionSamples;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * pcaps/evasion/: each capture hides the same zip (EvasionPcaps.ZIP) from a passive sensor in another way; the
 * verdicts and counters asserted here are the ones pcaps/evasion/README.md gives, with its reasons.
 */
class EvasionSuiteTest {
    private static final byte[] NOTHING = new byte[0];
    /** Where the zip's second local header ("passwords.txt") starts: what is left when the first is spoiled. */
    private static final int SECOND_ENTRY = 1311;

    @TempDir
    Path tmp;

    private Scenario run(String file, String... sets) {
        Scenario s = Scenario.of(tmp, "evasion/" + file, sets);
        assertEquals(0, s.run.exitCode, file);
        return s;
    }

    /** The flow carried exactly {@code stream} from the client, closed cleanly, and it is an alerted zip upload. */
    private static JsonNode assertZipUpload(Scenario s, int port, byte[] stream, long offset, String first) {
        JsonNode flow = s.flowFrom(port);
        assertEquals("SF", flow.at("/dlp/flow/state").asText());
        s.assertStreams(flow, stream, NOTHING);
        JsonNode o = s.objects().get(port);
        assertDetected(o, "zip", offset, "none", "zip");
        assertWhole(o, stream);
        assertTrue(o.at("/dlp/detail").asText().startsWith("first=" + first + " "), o.toString());
        assertArchiveUpload(s.alerts().get(port), o);
        return o;
    }

    @Test
    void oneByteSegments() {
        Scenario s = run("tcp-1byte-segments.pcap");
        s.assertCompleteTcp(s.flowFrom(49001), ZIP, NOTHING);
        assertZipUpload(s, 49001, ZIP, 0, "q3-accounts.csv");
        assertEquals(ZIP.length, s.counter("reassembly.segments"));
        assertEquals(ZIP.length, s.counter("reassembly.in_order"));
        assertEquals(0, s.counter("reassembly.out_of_order"));
    }

    @Test
    void segmentsInReverseOrder() {
        Scenario s = run("tcp-out-of-order.pcap");
        s.assertCompleteTcp(s.flowFrom(49002), ZIP, NOTHING);
        assertZipUpload(s, 49002, ZIP, 0, "q3-accounts.csv");
        assertEquals(4, s.counter("reassembly.segments"));
        assertEquals(3, s.counter("reassembly.out_of_order"));
        assertEquals(ZIP.length, s.counter("reassembly.memory_peak_bytes"), "the whole zip waited for its head");
    }

    /**
     * Four overlap episodes; in each the real bytes are in the copy a Linux receiver keeps, the other copy
     * carries '#'. {@code newWins}: per episode, whether the policy lets the later copy win (OverlapPolicy).
     * Only linux rebuilds ZIP; first and solaris spoil the first entry's header, so the zip is found at its
     * second entry. first also spoils the central directory's first entry, so only the second entry is listed
     * (from its local header); the others list both. Whatever the policy, the upload alerts.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"first, 0000, 1", "last, 1111, 2", "bsd, 1001, 2", "windows, 1001, 2", "linux, 1101, 2",
            "solaris, 0001, 2"})
    void overlapsFollowTheConfiguredPolicy(String policy, String newWins, int listed) {
        boolean[] wins = new boolean[4];
        for (int k = 0; k < 4; k++) {
            wins[k] = newWins.charAt(k) == '1';
        }
        byte[] expected = EvasionPcaps.overlapStream(wins);
        assertEquals(policy.equals("linux"), Arrays.equals(ZIP, expected), "only linux keeps every real byte");
        Scenario s = run("tcp-overlap-linux-target.pcap", "reassembly.policy=" + policy);
        boolean headerIntact = wins[0] == EvasionPcaps.OVERLAP_REAL_IS_NEW[0];
        JsonNode o = assertZipUpload(s, 49003, expected, headerIntact ? 0 : SECOND_ENTRY,
                headerIntact ? "q3-accounts.csv" : "passwords.txt");
        assertEquals(listed, o.at("/dlp/archive/entry_count").asInt());
        JsonNode flow = s.flowFrom(49003);
        assertEquals(20 + 40 + 20 + 40, flow.at("/dlp/flow/overlap_conflict_bytes").asLong());
        assertEquals(4, s.counter("reassembly.overlap_conflicts"));
        // the 4 conflicting inserts, and the hole fillers of episodes 1 and 4 over identical bytes
        assertEquals(6, s.counter("reassembly.overlaps"));
        assertEquals(8, s.counter("reassembly.out_of_order"));
    }

    /** 70 tiny 8-byte fragments, then 9 fragments last first; TCP header split over 4 fragments. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ip4-fragments.pcap, 49004, ipv4", "ip6-fragments.pcap, 49005, ipv6"})
    void tinyAndReorderedFragments(String file, int port, String type) {
        Scenario s = run(file);
        JsonNode flow = s.flowFrom(port);
        assertEquals(type, flow.at("/network/type").asText());
        s.assertCompleteTcp(flow, ZIP, NOTHING);
        assertZipUpload(s, port, ZIP, 0, "q3-accounts.csv");
        assertEquals(71 + 9, s.counter("defrag.fragments"));
        assertEquals(70, s.counter("defrag.tiny_fragments"));
        assertEquals(2, s.counter("defrag.reassembled"));
        assertEquals(0, s.counter("defrag.overlaps"));
        assertEquals(0, s.counter("defrag.timeouts"));
    }

    /**
     * A forged fragment over the zip's first 32 bytes arrives first; its checksum-neutral forgery keeps the TCP
     * checksum right, so the defragmenter's policy alone decides: every policy but first takes the later real
     * fragment, which starts before the forgery.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"first, true", "last, false", "bsd, false", "windows, false", "linux, false", "solaris, false"})
    void overlappingFragmentFollowsTheDefragPolicy(String policy, boolean forgeryWins) {
        byte[] expected = ZIP;
        if (forgeryWins) {
            expected = ZIP.clone();
            byte[] forged = EvasionPcaps.forgery(Arrays.copyOf(ZIP, EvasionPcaps.OVERLAP_FRAG_LEN));
            System.arraycopy(forged, 0, expected, 0, forged.length);
        }
        Scenario s = run("ip4-fragment-overlap.pcap", "defrag.policy=" + policy);
        assertZipUpload(s, 49006, expected, forgeryWins ? SECOND_ENTRY : 0,
                forgeryWins ? "passwords.txt" : "q3-accounts.csv");
        assertEquals(1, s.counter("defrag.overlaps"));
        assertEquals(1, s.counter("defrag.overlap_conflicts"));
        assertEquals(1, s.counter("defrag.tiny_fragments"), "the 32-byte forgery");
        assertEquals(0, s.counter("decode.checksum.tcp_bad"), "both copies pass the TCP checksum");
    }

    /**
     * The same forgery over IPv6: RFC 5722 has the server discard the datagram whatever defrag.policy says, so
     * does the sensor, and the unfragmented retransmission carries the real bytes.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"first", "bsd"})
    void overlappingIpv6FragmentsDiscardTheDatagram(String policy) {
        Scenario s = run("ip6-fragment-overlap.pcap", "defrag.policy=" + policy);
        JsonNode flow = s.flowFrom(49017);
        assertEquals("ipv6", flow.at("/network/type").asText());
        s.assertCompleteTcp(flow, ZIP, NOTHING);
        assertZipUpload(s, 49017, ZIP, 0, "q3-accounts.csv");
        assertEquals(1, s.counter("defrag.ipv6_overlap_discards"));
        assertEquals(0, s.counter("defrag.reassembled"));
        assertEquals(1, s.counter("defrag.timeouts"), "the fragments after the discard never complete");
        assertEquals(0, s.counter("reassembly.retransmissions"), "the retransmission is the first copy taken");
    }

    @Test
    void insertionsWithBadChecksumsNeverEnterTheStream() {
        Scenario s = run("insertion-bad-checksum.pcap");
        JsonNode flow = s.flowFrom(49007);
        s.assertCompleteTcp(flow, ZIP, NOTHING);
        assertTrue(flow.at("/dlp/flow/history").asText().contains("C"), flow.toString());
        assertZipUpload(s, 49007, ZIP, 0, "q3-accounts.csv");
        assertEquals(4, s.counter("decode.checksum.tcp_bad"));
        assertEquals(4, s.counter("flow.bad_checksum_payloads_ignored"));
        assertEquals(0, s.counter("reassembly.retransmissions"));
    }

    @Test
    void insertionsWithLowTtlNeverEnterTheStream() {
        Scenario s = run("insertion-low-ttl.pcap");
        JsonNode flow = s.flowFrom(49008);
        s.assertCompleteTcp(flow, ZIP, NOTHING);
        assertTrue(flow.at("/dlp/flow/history").asText().contains("L"), flow.toString());
        assertZipUpload(s, 49008, ZIP, 0, "q3-accounts.csv");
        assertEquals(4, s.counter("reassembly.low_ttl_ignored"));
        assertEquals(0, s.counter("reassembly.retransmissions"));
    }

    /** Without the TTL check the decoys come first, the real segments look like retransmissions: nothing found. */
    @Test
    void withoutTheTtlCheckTheDecoyWins() {
        Scenario s = run("insertion-low-ttl.pcap", "reassembly.max_ttl_drop=0");
        JsonNode flow = s.flowFrom(49008);
        s.assertStreams(flow, InspectionSamples.text(44, ZIP.length), NOTHING);
        assertEquals(4, s.counter("reassembly.retransmissions"));
        assertEquals(0, s.counter("reassembly.low_ttl_ignored"));
        assertFalse(s.objects().containsKey(49008), "text carries nothing");
        assertTrue(s.alerts().isEmpty());
    }

    /**
     * A client RST far behind the stream: the server drops it and keeps reading. The sensor used to end both
     * streams there, report a 536-byte zip head (below alert.min_bytes: no alert) and drop the rest.
     */
    @Test
    void resetBehindTheStreamIsIgnored() {
        Scenario s = run("insertion-rst-out-of-window.pcap");
        JsonNode flow = s.flowFrom(49016);
        s.assertCompleteTcp(flow, ZIP, NOTHING);
        assertFalse(flow.at("/dlp/flow/history").asText().contains("R"), flow.toString());
        assertZipUpload(s, 49016, ZIP, 0, "q3-accounts.csv");
        assertEquals(1, s.counter("reassembly.resets_behind_stream"));
    }

    /**
     * The urgent byte 'X' sits inside the first local header's magic. A Linux receiver takes it out of band and
     * reads ZIP; the sensor keeps it inline (no urgent-data handling), so the first header is spoiled and the zip
     * is found at its second entry, one byte later than in ZIP. Still a zip upload: the alert stands.
     */
    @Test
    void urgentByteInTheMagicStaysInline() {
        Scenario s = run("urgent-byte-in-magic.pcap");
        byte[] seen = EvasionPcaps.zipWithUrgentByte();
        JsonNode o = assertZipUpload(s, 49009, seen, SECOND_ENTRY + 1, "passwords.txt");
        assertEquals(ZIP.length + 1, o.at("/file/size").asLong());
        assertEquals(1, s.counter("reassembly.urgent_segments"));
    }

    @Test
    void magicSplitAcrossThreeSegments() {
        Scenario s = run("zip-magic-split.pcap");
        s.assertCompleteTcp(s.flowFrom(49010), ZIP, NOTHING);
        assertZipUpload(s, 49010, ZIP, 0, "q3-accounts.csv");
        assertEquals(6, s.counter("reassembly.segments"));
    }

    @Test
    void zipAfterJunkPrefix() {
        Scenario s = run("zip-after-junk.pcap");
        assertZipUpload(s, 49011, EvasionPcaps.zipAfterJunk(), EvasionPcaps.JUNK_PREFIX, "q3-accounts.csv");
    }

    @Test
    void base64OfGzipOfZip() {
        Scenario s = run("base64-gzip-zip.pcap");
        byte[] wire = EvasionPcaps.base64GzipZip();
        s.assertCompleteTcp(s.flowFrom(49012), wire, NOTHING);
        JsonNode o = s.objects().get(49012);
        assertDetected(o, "zip", 0, "base64", "base64", "gzip", "zip");
        assertWhole(o, wire);
        assertEquals(2, s.counter("inspect.nested.layers_decoded"));
        assertArchiveUpload(s.alerts().get(49012), o);
    }

    /** The part says report.txt and text/plain; the bytes say zip, and the bytes decide. */
    @Test
    void zipUnderATextNameAndType() {
        Scenario s = run("http-zip-as-text.pcap");
        JsonNode o = s.objects().get(49013);
        assertEquals("http", o.at("/network/protocol").asText());
        assertEquals("report.txt", o.at("/file/name").asText());
        assertEquals("text/plain", o.at("/http/request/mime_type").asText());
        assertEquals("application/zip", o.at("/file/mime_type").asText());
        assertDetected(o, "zip", 0, "none", "zip");
        assertWhole(o, ZIP);
        assertArchiveUpload(s.alerts().get(49013), o);
    }

    /** A real ClientHello, then the zip in the clear: the port does not matter, the window is searched past it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls-prefix-4444.pcap, 49014", "tls-prefix-443.pcap, 49015"})
    void zipBehindATlsHello(String file, int port) {
        Scenario s = run(file);
        byte[] stream = EvasionPcaps.tlsPrefixed();
        JsonNode o = assertZipUpload(s, port, stream, EvasionPcaps.tlsHello().length, "q3-accounts.csv");
        assertEquals("tls", o.at("/network/protocol").asText());
        assertEquals("cdn.example.com", o.at("/tls/client/server_name").asText());
        assertEquals(1, s.counter("tls.client_hellos"));
    }

    /**
     * Five bytes of a TLS record header in front of ciphertext with no records after it: not TLS, since the next
     * header is not where the first record ends, so it is encrypted data leaving, and alerted as such.
     */
    @Test
    void ciphertextBehindATlsHeader() {
        Scenario s = run("tls-header-ciphertext.pcap");
        byte[] stream = EvasionPcaps.tlsHeaderCiphertext();
        JsonNode o = s.objects().get(49018);
        assertEquals("encrypted", o.at("/dlp/class").asText(), o.toString());
        assertEquals("statistics", o.at("/dlp/class_basis").asText(), o.toString());
        assertTrue(o.at("/network/protocol").isMissingNode(), o.toString());
        assertWhole(o, stream);
        assertEquals("pw.net.encrypted_upload", s.alerts().get(49018).at("/rule/id").asText());
        assertEquals(0, s.counter("tls.client_hellos"));
    }
}
