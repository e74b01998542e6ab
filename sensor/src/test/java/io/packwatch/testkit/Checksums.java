package io.packwatch.testkit;

/** RFC 1071 internet checksum over array ranges (no copies), including the IPv4/IPv6 pseudo-header. */
public final class Checksums {
    private Checksums() {
    }

    /** Adds the 16-bit big-endian words of a range to a running one's-complement sum. */
    public static long sum(byte[] b, int off, int len, long acc) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            acc += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (b[i] & 0xFF) << 8;
        }
        return acc;
    }

    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }

    /** Checksum of an IPv4 header whose checksum field is currently zero. */
    public static int ipv4Header(byte[] b, int off, int headerLen) {
        return fold(sum(b, off, headerLen, 0));
    }

    /** Re-computes and stores the IPv4 header checksum in place (used after patching malformed headers). */
    public static void fixIpv4Header(byte[] b, int off, int headerLen) {
        Bytes.put16(b, off + 10, 0);
        Bytes.put16(b, off + 10, ipv4Header(b, off, headerLen));
    }

    /**
     * TCP/UDP checksum with pseudo-header. The checksum field inside the segment must be zero.
     * addrLen is 4 (IPv4) or 16 (IPv6); src and dst addresses are read from the given arrays.
     */
    public static int transport(byte[] src, byte[] dst, int protocol, byte[] seg, int segOff, int segLen) {
        long acc = sum(src, 0, src.length, 0);
        acc = sum(dst, 0, dst.length, acc);
        acc += protocol;
        acc += segLen & 0xFFFF;
        acc += segLen >>> 16; // only non-zero for IPv6 jumbo-sized lengths
        acc = sum(seg, segOff, segLen, acc);
        return fold(acc);
    }
}
