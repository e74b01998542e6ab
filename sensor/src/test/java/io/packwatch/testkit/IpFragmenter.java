package io.packwatch.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a complete IPv4 or IPv6 packet into fragments. Offsets and lengths refer to the fragmentable part:
 * for IPv4 everything after the header; for IPv6 everything after the fixed header and a leading hop-by-hop
 * header (those stay in every fragment, as RFC 8200 requires). IPv4 options are copied into every fragment.
 */
public final class IpFragmenter {
    private final byte[] packet;
    private final boolean v6;
    private final int unfragmentableLength;
    private final int nextHeaderOffset; // IPv6: where the "next header" byte preceding the fragmentable part is
    private long ipv6Identification = 1;

    public IpFragmenter(byte[] packet) {
        this.packet = packet;
        this.v6 = (packet[0] >>> 4 & 0xF) == 6;
        if (v6) {
            boolean hbh = packet[6] == 0;
            this.nextHeaderOffset = hbh ? 40 : 6;
            this.unfragmentableLength = hbh ? 40 + ((packet[41] & 0xFF) + 1) * 8 : 40;
        } else {
            this.nextHeaderOffset = -1;
            this.unfragmentableLength = (packet[0] & 0xF) * 4;
        }
    }

    /** Identification for the IPv6 fragment header (IPv4 keeps the packet's own id). */
    public IpFragmenter ipv6Identification(long id) {
        this.ipv6Identification = id;
        return this;
    }

    public int fragmentableLength() {
        return packet.length - unfragmentableLength;
    }

    /** Fragments of the given sizes in order; any remainder becomes one more, final fragment. */
    public List<byte[]> split(int... sizes) {
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        int total = fragmentableLength();
        for (int size : sizes) {
            if (off + size > total) {
                throw new IllegalArgumentException("sizes exceed the fragmentable length " + total);
            }
            out.add(fragment(off, size, off + size < total, null));
            off += size;
        }
        if (off < total) {
            out.add(fragment(off, total - off, false, null));
        }
        return out;
    }

    /**
     * One fragment covering [offset, offset+length) of the fragmentable part. replacement (same length, may be
     * null) substitutes different bytes, producing an overlapping fragment that disagrees with the original.
     */
    public byte[] fragment(int offset, int length, boolean moreFragments, byte[] replacement) {
        if (offset % 8 != 0 || (moreFragments && length % 8 != 0)) {
            throw new IllegalArgumentException("fragment offset and non-final length must be 8-byte aligned");
        }
        if (replacement != null && replacement.length != length) {
            throw new IllegalArgumentException("replacement must have the fragment's length");
        }
        byte[] data = replacement != null ? replacement : java.util.Arrays.copyOfRange(packet,
                unfragmentableLength + offset, unfragmentableLength + offset + length);
        return v6 ? ipv6Fragment(offset, moreFragments, data) : ipv4Fragment(offset, moreFragments, data);
    }

    private byte[] ipv4Fragment(int offset, boolean more, byte[] data) {
        int hl = unfragmentableLength;
        byte[] f = new byte[hl + data.length];
        System.arraycopy(packet, 0, f, 0, hl);
        System.arraycopy(data, 0, f, hl, data.length);
        Bytes.put16(f, 2, f.length);
        Bytes.put16(f, 6, (more ? 0x2000 : 0) | (offset / 8)); // DF cleared: the packet is fragmented
        Checksums.fixIpv4Header(f, 0, hl);
        return f;
    }

    private byte[] ipv6Fragment(int offset, boolean more, byte[] data) {
        int ul = unfragmentableLength;
        byte[] f = new byte[ul + 8 + data.length];
        System.arraycopy(packet, 0, f, 0, ul);
        int originalNext = packet[nextHeaderOffset] & 0xFF;
        f[nextHeaderOffset] = 44;
        Bytes.put16(f, 4, f.length - 40);
        f[ul] = (byte) originalNext;
        f[ul + 1] = 0;
        Bytes.put16(f, ul + 2, offset | (more ? 1 : 0)); // offset is already a multiple of 8: 13 bits << 3
        Bytes.put32(f, ul + 4, ipv6Identification);
        System.arraycopy(data, 0, f, ul + 8, data.length);
        return f;
    }

    /** Reorders a list: result[i] = items[order[i]]. */
    public static <T> List<T> reorder(List<T> items, int... order) {
        List<T> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(items.get(i));
        }
        return out;
    }
}
