package io.packwatch.app;

/**
 * Tells a direction's protocol from its first bytes, never from the port: an HTTP/1.x request line
 * ({@code METHOD SP target SP HTTP/1.x}), a status line ({@code HTTP/1.x SP 3DIGIT}), or a TLS handshake record
 * carrying a ClientHello or ServerHello. Undecided while the bytes seen so far could still become one of them.
 */
public final class ProtocolSniffer {
    public static final int NEED_MORE = 0;
    public static final int HTTP_REQUEST = 1;
    public static final int HTTP_RESPONSE = 2;
    public static final int TLS_CLIENT = 3;
    public static final int TLS_SERVER = 4;
    public static final int OTHER = 5;

    private static final int MAX_METHOD = 20;
    private static final byte[] HTTP1 = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private ProtocolSniffer() {
    }

    /** One of the constants above for {@code b[off, off+len)}; {@code maxLine} bounds how long a request line may be. */
    public static int sniff(byte[] b, int off, int len, int maxLine) {
        if (len == 0) {
            return NEED_MORE;
        }
        if (b[off] == 0x16) {
            return tls(b, off, len);
        }
        int status = statusLine(b, off, off + len);
        if (status != OTHER) {
            return status;
        }
        return requestLine(b, off, off + len, maxLine);
    }

    private static int tls(byte[] b, int off, int len) {
        if (len < 6) {
            return len >= 2 && b[off + 1] != 3 ? OTHER : NEED_MORE;
        }
        if (b[off + 1] != 3 || (b[off + 2] & 0xFF) > 4) {
            return OTHER;
        }
        int type = b[off + 5];
        return type == 1 ? TLS_CLIENT : type == 2 ? TLS_SERVER : OTHER;
    }

    /** HTTP_RESPONSE, NEED_MORE or OTHER for a status line starting at {@code i}. */
    public static int statusLine(byte[] b, int i, int end) {
        i = afterVersion(b, i, end);
        if (i < 0) {
            return i == -1 ? NEED_MORE : OTHER;
        }
        if (b[i] != ' ') {
            return OTHER;
        }
        for (int k = 0; k < 3; k++) {
            if (++i == end) {
                return NEED_MORE;
            }
            if (b[i] < '0' || b[i] > '9') {
                return OTHER;
            }
        }
        return HTTP_RESPONSE;
    }

    /** HTTP_REQUEST, NEED_MORE or OTHER for a request line starting at {@code i}. */
    public static int requestLine(byte[] b, int i, int end, int maxLine) {
        int start = i;
        while (true) {
            if (i == end) {
                return NEED_MORE;
            }
            byte c = b[i];
            if (c == ' ' && i > start) {
                return target(b, i + 1, end, start, maxLine);
            }
            // method tokens are upper case letters, with '-' or '_' in a few (VERSION-CONTROL, M_SEARCH)
            boolean token = c >= 'A' && c <= 'Z' || (c == '-' || c == '_') && i > start;
            if (!token || i - start >= MAX_METHOD) {
                return OTHER;
            }
            i++;
        }
    }

    private static int target(byte[] b, int i, int end, int start, int maxLine) {
        int targetStart = i;
        while (true) {
            if (i == end) {
                return i - start > maxLine ? OTHER : NEED_MORE;
            }
            int c = b[i] & 0xFF;
            if (c == ' ') {
                break;
            }
            if (c < 0x21 || c == 0x7F || i - start > maxLine) {
                return OTHER;
            }
            i++;
        }
        if (i == targetStart) {
            return OTHER;
        }
        i = afterVersion(b, i + 1, end);
        if (i < 0) {
            return i == -1 ? NEED_MORE : OTHER;
        }
        if (b[i] == '\r') {
            if (++i == end) {
                return NEED_MORE;
            }
        }
        return b[i] == '\n' ? HTTP_REQUEST : OTHER;
    }

    /**
     * Reads {@code HTTP/1.0} or {@code HTTP/1.1} at {@code i}: the index after it when more bytes
     * follow, -1 when the bytes end first (need more), -2 when it is not there.
     */
    private static int afterVersion(byte[] b, int i, int end) {
        for (int k = 0; k < HTTP1.length; k++, i++) {
            if (i == end) {
                return -1;
            }
            if (b[i] != HTTP1[k]) {
                return -2;
            }
        }
        if (i == end) {
            return -1;
        }
        if (b[i] != '0' && b[i] != '1') {
            return -2;
        }
        return ++i == end ? -1 : i;
    }
}
