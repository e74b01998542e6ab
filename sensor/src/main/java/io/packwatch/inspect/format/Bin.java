package io.packwatch.inspect.format;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Bounds-aware little helpers for reading header fields. Callers check bounds with {@link #has}. */
public final class Bin {
    private Bin() {
    }

    /** The count of each byte value in {@code b[off, off + len)}. */
    public static long[] histogram(byte[] b, int off, int len) {
        long[] h = new long[256];
        for (int i = off, end = off + len; i < end; i++) {
            h[b[i] & 0xFF]++;
        }
        return h;
    }

    /** True when {@code [pos, pos + n)} lies inside {@code [.., end)} (overflow safe). */
    public static boolean has(long pos, long n, int end) {
        return pos >= 0 && n >= 0 && pos + n <= end;
    }

    public static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    public static int u16le(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    public static int u16be(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    public static long u32le(byte[] b, int p) {
        return (u16le(b, p) | (long) u16le(b, p + 2) << 16) & 0xFFFFFFFFL;
    }

    public static long u32be(byte[] b, int p) {
        return ((long) u16be(b, p) << 16 | u16be(b, p + 2)) & 0xFFFFFFFFL;
    }

    public static long u64le(byte[] b, int p) {
        return u32le(b, p) | u32le(b, p + 4) << 32;
    }

    /**
     * Nonzero when a byte lane of {@code x} is zero: the high bit of the lowest zero lane is set exactly, lanes
     * above it may be flagged falsely (a borrow), so a caller checks the bytes it is pointed at.
     */
    public static long zeroByteLanes(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    static long crc32(byte[] b, int p, int n) {
        CRC32 c = new CRC32();
        c.update(b, p, n);
        return c.getValue();
    }

    /** Printable ASCII or any byte >= 0x80 (UTF-8 names); no control characters. */
    static boolean printableName(byte[] b, int p, int n) {
        if (n <= 0) {
            return false;
        }
        for (int i = p; i < p + n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first NUL in {@code [p, min(end, p + max))}, or -1. */
    static int indexOfNul(byte[] b, int p, int end, int max) {
        int lim = (int) Math.min(end, (long) p + max);
        for (int i = p; i < lim; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A short, safe rendering of a name for the detail string. */
    static String name(byte[] b, int p, int n) {
        int m = Math.min(n, 100);
        String s = new String(b, p, m, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F || c == ' ' ? '_' : c);
        }
        return m < n ? sb + "..." : sb.toString();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString().toUpperCase();
    }

    /**
     * Parses an ASCII number field: optional leading spaces/NULs, digits in {@code radix}, then only
     * spaces/NULs. Returns -1 when malformed or empty.
     */
    static long asciiNumber(byte[] b, int p, int n, int radix) {
        int i = p;
        int end = p + n;
        while (i < end && (b[i] == ' ' || b[i] == 0)) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end) {
            int d = Character.digit(b[i] & 0xFF, radix);
            if (d < 0) {
                break;
            }
            v = v * radix + d;
            if (v > (1L << 48)) {
                return -1;
            }
            digits++;
            i++;
        }
        while (i < end) {
            if (b[i] != ' ' && b[i] != 0) {
                return -1;
            }
            i++;
        }
        return digits == 0 ? -1 : v;
    }

    /**
     * Reads a little-endian base-128 integer (7 bits a byte, high bit = more), as RAR 5 ("vint")
     * and xz ("VLI") encode them, into {@code out[0]}.
     *
     * @param maxBytes the longest encoding the format allows
     * @param minimal reject encodings with a redundant final zero byte (xz requires this)
     * @return the position after it, or -1 when it is malformed or runs past {@code end}
     */
    static int leb128(byte[] b, int p, int end, long[] out, int maxBytes, boolean minimal) {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (p >= end) {
                return -1;
            }
            int x = u8(b, p++);
            v |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                out[0] = v;
                return minimal && x == 0 && i > 0 ? -1 : p;
            }
        }
        return -1;
    }
}
