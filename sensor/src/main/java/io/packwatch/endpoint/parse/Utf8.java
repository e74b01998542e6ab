package io.packwatch.endpoint.parse;

/**
 * UTF-8 checks on received bytes. The JDK decoder already replaces bad sequences with U+FFFD; this
 * counts them first so that a sender emitting Latin-1 or binary is visible in the stats.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Number of invalid sequences (each becomes one U+FFFD or more when decoded) in {@code [off, off + len)}. */
    static int invalidSequences(byte[] b, int off, int len) {
        int bad = 0;
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                bad++;
                i++;
                continue;
            }
            int cp = c & (0x3F >> need);
            int j = 1;
            for (; j <= need && i + j < end; j++) {
                int cc = b[i + j] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    break;
                }
                cp = cp << 6 | (cc & 0x3F);
            }
            if (j <= need || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                // one replacement for the lead byte and the continuation bytes that did fit
                bad++;
                i += j;
                continue;
            }
            i += need + 1;
        }
        return bad;
    }

    /**
     * True when the start of the message looks like binary rather than text: more than one in eight
     * of its first bytes are NULs, other control characters or invalid UTF-8.
     */
    static boolean looksBinary(byte[] b, int off, int len) {
        int n = Math.min(len, 1024);
        int odd = 0;
        for (int i = off; i < off + n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1D || c == 0x7F) {
                odd++;
            }
        }
        odd += invalidSequences(b, off, n);
        return odd * 8 > n;
    }
}
