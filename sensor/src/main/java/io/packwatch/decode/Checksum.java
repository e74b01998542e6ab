package io.packwatch.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071), summed eight bytes at a time. */
public final class Checksum {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** One's-complement sum of {@code len} bytes, not yet folded or inverted. */
    public static long sum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off;
        int end = off + len;
        // Adding 32-bit halves of big-endian longs keeps the carries in the upper bits.
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(b, i);
            sum += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
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
