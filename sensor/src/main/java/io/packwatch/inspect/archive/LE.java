package io.packwatch.inspect.archive;

import java.nio.charset.StandardCharsets;

/** Little-endian field reads and bounded text for the header parsers of this package. */
final class LE {
    /** Longest name or comment kept, in bytes: enough for any real path, bounded for hostile headers. */
    static final int MAX_TEXT = 1024;

    private LE() {
    }

    static boolean has(long pos, long n, int end) {
        return pos >= 0 && n >= 0 && pos + n <= end;
    }

    static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xFFFFFFFFL;
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) | u32(b, p + 4) << 32;
    }

    /** UTF-8 text of at most {@link #MAX_TEXT} bytes, cut at a NUL. */
    static String text(byte[] b, int p, int n) {
        int m = Math.min(n, MAX_TEXT);
        for (int i = 0; i < m; i++) {
            if (b[p + i] == 0) {
                m = i;
                break;
            }
        }
        return new String(b, p, m, StandardCharsets.UTF_8);
    }

    /** Text up to the next NUL within {@code [p, end)}, or null when there is none. */
    static String cString(byte[] b, int p, int end) {
        for (int i = p; i < end && i < p + 4 * MAX_TEXT; i++) {
            if (b[i] == 0) {
                return text(b, p, i - p);
            }
        }
        return null;
    }
}
