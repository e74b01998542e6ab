package io.packwatch.inspect.archive;

import java.nio.charset.StandardCharsets;

/**
 * Bounded text for the header parsers of this package (field reads are {@link io.packwatch.inspect.format.Bin}'s).
 */
final class LE {
    /** Longest name or comment kept, in bytes: enough for any real path, bounded for hostile headers. */
    static final int MAX_TEXT = 1024;

    private LE() {
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
