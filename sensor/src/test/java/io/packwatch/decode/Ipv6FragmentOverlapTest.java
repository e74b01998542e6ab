package io.packwatch.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.packwatch.stats.Counters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 5722: IPv6 fragments never overlap; IPv4 overlaps are still resolved by defrag.policy. */
class Ipv6FragmentOverlapTest {
    private static final byte[] HEADER = new byte[] {9, 9, 9, 9};
    private final Counters counters = new Counters();
    private final Defragmenter defrag = new Defragmenter(new DefragConfig(OverlapPolicy.LAST, 30_000_000_000L, 16,
            1 << 20), counters);

    private byte[] offer(int version, int offset, boolean more, char fill, int length) {
        Packet p = new Packet();
        p.ipVersion = version;
        p.srcLo = 1;
        p.dstLo = 2;
        p.protocol = Packet.PROTO_UDP;
        p.buf = new byte[length];
        Arrays.fill(p.buf, (byte) fill);
        p.wireLength = length + 62;
        return defrag.offer(p, HEADER, 77, offset, more, 0, length);
    }

    private static byte[] datagram(String payload) {
        byte[] d = Arrays.copyOf(HEADER, HEADER.length + payload.length());
        for (int i = 0; i < payload.length(); i++) {
            d[HEADER.length + i] = (byte) payload.charAt(i);
        }
        return d;
    }

    @Test
    void aDuplicateIsIgnoredAndTheFirstCopyKept() {
        assertNull(offer(6, 0, true, 'a', 16));
        assertNull(offer(6, 8, true, 'b', 8));
        assertArrayEquals(datagram("a".repeat(16) + "c".repeat(8)), offer(6, 16, false, 'c', 8));
        assertEquals(1, counters.get("defrag.ipv6_duplicates"));
        assertEquals(0, counters.get("defrag.ipv6_overlap_discards"));
    }

    @Test
    void aPartialOverlapDiscardsTheDatagram() {
        assertNull(offer(6, 0, true, 'a', 16));
        assertNull(offer(6, 8, true, 'b', 16));
        assertNull(offer(6, 24, false, 'c', 8), "the datagram is gone, its first fragment with it");
        assertEquals(1, counters.get("defrag.ipv6_overlap_discards"));
        assertEquals(0, counters.get("defrag.reassembled"));
        // the last fragment started a new datagram; the sender's retransmitted head completes it
        assertArrayEquals(datagram("a".repeat(24) + "c".repeat(8)), offer(6, 0, true, 'a', 24));
    }

    @Test
    void ipv4OverlapsFollowThePolicy() {
        assertNull(offer(4, 0, true, 'a', 16));
        assertNull(offer(4, 8, true, 'b', 16));
        assertArrayEquals(datagram("a".repeat(8) + "b".repeat(16) + "c".repeat(8)), offer(4, 24, false, 'c', 8));
        assertEquals(0, counters.get("defrag.ipv6_overlap_discards"));
        assertEquals(1, counters.get("defrag.overlap_conflicts"));
    }
}
