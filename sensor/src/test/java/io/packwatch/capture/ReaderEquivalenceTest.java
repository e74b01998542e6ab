package io.packwatch.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sensor's own readers ({@link PcapFileSource#open}) and libpcap (through pcap4j) give the
 * same frames for every capture file under pcaps/.
 */
class ReaderEquivalenceTest {
    /** Files libpcap refuses: mixed link types in one pcapng (see pcaps/README.md). */
    private static final Set<String> LIBPCAP_REFUSES = Set.of("pcapng-multi.pcapng");
    /** Files that end in the middle of a record: both readers stop there. */
    private static final Map<String, Integer> TRUNCATED = Map.of("truncated.pcap", 9);

    /** A frame's contents, compared between readers. */
    private record Rec(byte[] data, int length, int wireLength, long tsNanos, int linkType) {
        static Rec of(Frame f) {
            return new Rec(Arrays.copyOf(f.data, f.length), f.length, f.wireLength, f.tsNanos, normalize(f.linkType));
        }
    }

    /** LINKTYPE_RAW is DLT_RAW (12 or 14) in libpcap's vocabulary. */
    static int normalize(int linkType) {
        return linkType == LinkType.DLT_RAW_BSD || linkType == LinkType.DLT_RAW_OPENBSD ? LinkType.RAW : linkType;
    }

    private static List<Rec> readAll(PacketSource src) throws IOException {
        List<Rec> out = new ArrayList<>();
        Frame f = new Frame();
        try (src) {
            while (src.next(f)) {
                out.add(Rec.of(f));
            }
            assertTrue(src.finished());
        }
        return out;
    }

    @Test
    void ownReadersAndLibpcapGiveIdenticalFrames() throws Exception {
        Assumptions.assumeTrue(Libpcap.available(), "libpcap is not installed");
        Path root = Repo.root().resolve("pcaps");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 22, "capture files: " + files);
        Set<String> refused = new TreeSet<>();
        Map<String, Integer> compared = new TreeMap<>();
        for (Path path : files) {
            String name = root.relativize(path).toString().replace('\\', '/');
            PacketSource own = PcapFileSource.open(path, 262144);
            List<Rec> mine = readAll(own);
            if (TRUNCATED.containsKey(name)) {
                assertNotNull(own.problem(), name);
                assertTrue(own.problem().contains("truncated"), own.problem());
            } else {
                assertNull(own.problem(), name + ": " + own.problem());
            }
            List<Rec> theirs;
            try {
                theirs = readAll(new Pcap4jFileSource(path.toString()));
            } catch (CaptureException e) {
                theirs = null;
            }
            // Pcap4jFileSource ends quietly on a libpcap error: a file it refuses at the first
            // record gives no frames at all (every file here has frames).
            if (theirs == null || theirs.isEmpty()) {
                refused.add(name);
                assertFalse(mine.isEmpty(), name + ": our reader must read what libpcap refuses");
                continue;
            }
            assertEquals(theirs.size(), mine.size(), name + ": frame count");
            for (int i = 0; i < mine.size(); i++) {
                Rec a = mine.get(i);
                Rec b = theirs.get(i);
                String where = name + " frame " + i;
                assertEquals(b.length, a.length, where + " length");
                assertEquals(b.wireLength, a.wireLength, where + " wireLength");
                assertEquals(b.tsNanos, a.tsNanos, where + " tsNanos");
                assertEquals(b.linkType, a.linkType, where + " linkType");
                assertArrayEquals(b.data, a.data, where + " bytes");
            }
            compared.put(name, mine.size());
        }
        assertEquals(LIBPCAP_REFUSES, refused, "files libpcap refused");
        // Frame counts the README documents.
        assertEquals(26, compared.get("vlan-qinq.pcap"));
        assertEquals(12, compared.get("sll.pcap"));
        assertEquals(12, compared.get("sll2.pcap"));
        assertEquals(22, compared.get("null-loopback.pcap"));
        assertEquals(12, compared.get("raw-ip.pcap"));
        assertEquals(15, compared.get("ipv6.pcap"));
        assertEquals(29, compared.get("ipv4-frag.pcap"));
        assertEquals(46, compared.get("tcp-ooo.pcap"));
        assertEquals(27, compared.get("tcp-gap.pcap"));
        assertEquals(16, compared.get("tcp-midstream.pcap"));
        assertEquals(32, compared.get("tcp-port-reuse.pcap"));
        assertEquals(48, compared.get("tcp-seq-wrap.pcap"));
        assertEquals(14, compared.get("pcapng-le.pcapng"));
        assertEquals(22, compared.get("malformed.pcap"));
        assertEquals(9, compared.get("truncated.pcap"));
        for (String v : List.of("micro-le", "micro-be", "nano-le", "nano-be")) {
            assertEquals(10, compared.get("pcap-variants/" + v + ".pcap"));
        }
    }

    @Test
    void pcapngMultiHasItsDocumentedFrames() throws Exception {
        List<Rec> frames = readAll(PcapFileSource.open(Repo.pcap("pcapng-multi.pcapng"), 262144));
        assertEquals(24, frames.size());
        Map<Integer, Integer> byLinkType = new TreeMap<>();
        frames.forEach(r -> byLinkType.merge(r.linkType, 1, Integer::sum));
        // eth0: 10 TCP + SPB + OPB; any (SLL): 10 TCP; tun0 (raw IP): 2 UDP.
        assertEquals(Map.of(LinkType.ETHERNET, 12, LinkType.LINUX_SLL, 10, LinkType.RAW, 2), byLinkType);
    }

    @Test
    void allFourPcapVariantsGiveTheSameFrames() throws Exception {
        List<Rec> nanoLe = readAll(PcapFileSource.open(Repo.pcap("pcap-variants/nano-le.pcap"), 262144));
        List<Rec> nanoBe = readAll(PcapFileSource.open(Repo.pcap("pcap-variants/nano-be.pcap"), 262144));
        List<Rec> microLe = readAll(PcapFileSource.open(Repo.pcap("pcap-variants/micro-le.pcap"), 262144));
        List<Rec> microBe = readAll(PcapFileSource.open(Repo.pcap("pcap-variants/micro-be.pcap"), 262144));
        long t0 = 1767225600L * 1_000_000_000L;
        for (int k = 0; k < 10; k++) {
            long ts = t0 + 123_456_789L + k * 250_123L;
            assertEquals(ts, nanoLe.get(k).tsNanos);
            assertEquals(ts, nanoBe.get(k).tsNanos);
            assertEquals(ts - ts % 1000, microLe.get(k).tsNanos);
            assertEquals(ts - ts % 1000, microBe.get(k).tsNanos);
            for (List<Rec> other : List.of(nanoBe, microLe, microBe)) {
                assertArrayEquals(nanoLe.get(k).data, other.get(k).data);
                assertEquals(nanoLe.get(k).wireLength, other.get(k).wireLength);
            }
        }
    }
}
