package io.packwatch.decode;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds IPv4 and IPv6 datagrams from their fragments. Memory is bounded three ways: a byte
 * memcap over all buffered fragments, a maximum number of datagrams in progress (the oldest is
 * dropped for a new one) and a timeout in packet time. IPv4 overlaps are resolved by policy; an IPv6
 * overlap discards the datagram, as RFC 5722 has every IPv6 receiver do.
 */
public final class Defragmenter {
    private static final int MAX_DATAGRAM = 65535;
    /** A non-final fragment this small has no honest reason to exist (RFC 1858 tiny-fragment attack). */
    private static final int TINY_FRAGMENT = 64;

    /** Identifies one datagram: addresses, IP id and (for IPv4) protocol. */
    private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {
    }

    /** A datagram being rebuilt. */
    private static final class Tracker {
        final long firstSeen;
        final ByteRangeBuffer data;
        byte[] header;
        int totalLength = -1;
        int wireBytes;

        Tracker(long firstSeen, Memcap memcap) {
            this.firstSeen = firstSeen;
            this.data = new ByteRangeBuffer(memcap);
        }
    }

    private final DefragConfig config;
    private final Memcap memcap;
    private final Map<Key, Tracker> trackers = new LinkedHashMap<>();
    private final ByteRangeBuffer.Overlap overlap = new ByteRangeBuffer.Overlap();
    private final Counter fragments;
    private final Counter reassembled;
    private final Counter timeouts;
    private final Counter evicted;
    private final Counter overlaps;
    private final Counter conflicts;
    private final Counter tiny;
    private final Counter tooLarge;
    private final Counter memcapDrops;
    private final Counter active;
    private final Counter ipv6OverlapDiscards;
    private final Counter ipv6Duplicates;

    public Defragmenter(DefragConfig config, Counters counters) {
        this.config = config;
        this.memcap = new Memcap(config.memcapBytes(), counters.counter("defrag.memcap_hits"),
                counters.counter("defrag.memory_peak_bytes"));
        fragments = counters.counter("defrag.fragments");
        reassembled = counters.counter("defrag.reassembled");
        timeouts = counters.counter("defrag.timeouts");
        evicted = counters.counter("defrag.max_trackers_evictions");
        overlaps = counters.counter("defrag.overlaps");
        conflicts = counters.counter("defrag.overlap_conflicts");
        tiny = counters.counter("defrag.tiny_fragments");
        tooLarge = counters.counter("defrag.oversized");
        memcapDrops = counters.counter("defrag.memcap_drops");
        active = counters.counter("defrag.active_peak");
        ipv6OverlapDiscards = counters.counter("defrag.ipv6_overlap_discards");
        ipv6Duplicates = counters.counter("defrag.ipv6_duplicates");
    }

    /**
     * Offers one fragment.
     *
     * @param p the fragment, decoded up to its IP header (addresses, version, protocol, time)
     * @param header the bytes to put in front of the rebuilt payload: the IPv4 header, or the
     *     IPv6 fixed header; copied from the fragment at offset 0
     * @param id the IP identification
     * @param offset the fragment's byte offset in the datagram's payload
     * @param more the more-fragments flag
     * @return the rebuilt datagram (IP header followed by the whole payload), or null for now
     */
    public byte[] offer(Packet p, byte[] header, long id, int offset, boolean more, int payloadOffset, int payloadLength) {
        fragments.inc();
        expire(p.tsNanos);
        if (offset + payloadLength > MAX_DATAGRAM) {
            tooLarge.inc();
            return null;
        }
        if (more && payloadLength < TINY_FRAGMENT) {
            tiny.inc();
        }
        Key key = new Key(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, id, p.protocol);
        Tracker t = trackers.get(key);
        if (t == null) {
            if (trackers.size() >= config.maxTrackers()) {
                Iterator<Tracker> oldest = trackers.values().iterator();
                oldest.next().data.clear();
                oldest.remove();
                evicted.inc();
            }
            t = new Tracker(p.tsNanos, memcap);
            trackers.put(key, t);
            active.max(trackers.size());
        }
        if (p.ipVersion == 6 && t.data.coveredBytes(offset, payloadLength) > 0) {
            dropIpv6Overlap(key, t, offset, payloadLength);
            return null;
        }
        t.wireBytes += p.wireLength;
        if (offset == 0 && t.header == null) {
            t.header = header;
        }
        if (!more) {
            t.totalLength = offset + payloadLength;
        }
        t.data.insert(offset, p.buf, payloadOffset, payloadLength, config.policy(), overlap);
        if (overlap.overlappingBytes > 0) {
            overlaps.inc();
        }
        if (overlap.conflictingBytes > 0) {
            conflicts.inc();
        }
        if (overlap.refused) {
            memcapDrops.inc();
        }
        if (t.header == null || t.totalLength < 0 || t.data.firstStart() != 0
                || t.data.contiguousEnd() < t.totalLength) {
            return null;
        }
        trackers.remove(key);
        byte[] datagram = Arrays.copyOf(t.header, t.header.length + t.totalLength);
        t.data.copyRange(0, datagram, t.header.length, t.totalLength);
        t.data.clear();
        reassembled.inc();
        p.wireLength = t.wireBytes;
        return datagram;
    }

    /**
     * IPv6 receivers resolve no overlaps (RFC 5722, errata 3089): a fragment inside data already held is a
     * duplicate and ignored; one that overlaps partly discards the whole datagram, so the sensor must too.
     */
    private void dropIpv6Overlap(Key key, Tracker t, int offset, int length) {
        overlaps.inc();
        if (t.data.coveredBytes(offset, length) == length) {
            ipv6Duplicates.inc();
            return;
        }
        ipv6OverlapDiscards.inc();
        trackers.remove(key);
        t.data.clear();
    }

    /** Drops datagrams whose first fragment is older than the timeout. */
    public void expire(long nowNanos) {
        Iterator<Tracker> it = trackers.values().iterator();
        while (it.hasNext()) {
            Tracker t = it.next();
            if (nowNanos - t.firstSeen < config.timeoutNanos()) {
                break;
            }
            t.data.clear();
            it.remove();
            timeouts.inc();
        }
    }

    /** Datagrams still incomplete at the end of the input count as timed out. */
    public void flush() {
        timeouts.add(trackers.size());
        trackers.values().forEach(t -> t.data.clear());
        trackers.clear();
    }
}
