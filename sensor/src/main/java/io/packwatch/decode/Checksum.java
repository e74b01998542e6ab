package io.packwatch.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071), summed eight bytes at a time. */
public final class Checksum {
    /**
     * Native-order loads: the one's-complement sum does not depend on byte order except for a
     * final byte swap (RFC 1071 section 2(B)), so the loop needs no swap per word.
     */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Checksum() {
    }

    /** One's-complement sum of {@code len} bytes, not yet folded or inverted. */
    public static long sum(byte[] b, int off, int len, long initial) {
        int i = off;
        int end = off + len;
        // Adding 32-bit halves keeps the carries in the upper bits; two sums let loads overlap.
        long a = 0;
        long c = 0;
        for (; i + 16 <= end; i += 16) {
            long v = (long) LONGS.get(b, i);
            long w = (long) LONGS.get(b, i + 8);
            a += (v >>> 32) + (v & 0xFFFFFFFFL);
            c += (w >>> 32) + (w & 0xFFFFFFFFL);
        }
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(b, i);
            a += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
        // Fold the little-endian sum to 16 bits and swap it back to network order.
        int folded = fold(a + c);
        long sum = initial + (((folded & 0xFF) << 8) | (folded >>> 8));
        for (; i + 2 <= end; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits; a correct checksum region folds to 0xFFFF. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    public static boolean verifies(long sum) {
        return fold(sum) == 0xFFFF;
    }
}
