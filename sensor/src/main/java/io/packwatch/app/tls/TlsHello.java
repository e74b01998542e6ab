package io.packwatch.app.tls;

import java.nio.charset.StandardCharsets;

/**
 * Reads a ClientHello or ServerHello from the start of a TLS stream: the handshake message may span several
 * records and several segments; {@link #parse} is called again with more bytes until it says DONE or FAILED.
 * Bounds checks everywhere: a lying length field ends the parse, never an exception.
 */
final class TlsHello {
    static final int NEED_MORE = 0;
    static final int DONE = 1;
    static final int FAILED = 2;

    private static final int MAX_RECORD = 18432;

    /** ClientHello: server_name and the highest version offered. ServerHello: version, cipher, ALPN chosen. */
    String serverName;
    String alpn;
    int version;
    int cipher = -1;

    private final byte[] handshake;
    private int handshakeLen;
    private int consumed;

    TlsHello(int maxBytes) {
        handshake = new byte[maxBytes];
    }

    /**
     * Parses {@code b[0, len)}, the direction's first bytes (all of them each time; records already copied are
     * not copied again). {@code client} picks ClientHello (type 1) or ServerHello (type 2).
     */
    int parse(byte[] b, int len, boolean client) {
        while (consumed + 5 <= len) {
            int type = b[consumed] & 0xFF;
            int recLen = (b[consumed + 3] & 0xFF) << 8 | b[consumed + 4] & 0xFF;
            if (type != 22 || b[consumed + 1] != 3 || recLen > MAX_RECORD) {
                return FAILED;
            }
            if (consumed + 5 + recLen > len) {
                break;
            }
            int take = Math.min(recLen, handshake.length - handshakeLen);
            System.arraycopy(b, consumed + 5, handshake, handshakeLen, take);
            handshakeLen += take;
            consumed += 5 + recLen;
            int verdict = message(client);
            if (verdict != NEED_MORE) {
                return verdict;
            }
            if (handshakeLen == handshake.length) {
                return FAILED;
            }
        }
        return NEED_MORE;
    }

    private int message(boolean client) {
        if (handshakeLen < 4) {
            return NEED_MORE;
        }
        int type = handshake[0] & 0xFF;
        int length = u24(handshake, 1);
        if (type != (client ? 1 : 2)) {
            return FAILED;
        }
        if (4 + length > handshake.length) {
            return FAILED;
        }
        if (4 + length > handshakeLen) {
            return NEED_MORE;
        }
        try {
            return client ? clientHello(4, 4 + length) : serverHello(4, 4 + length);
        } catch (IndexOutOfBoundsException e) {
            return FAILED;
        }
    }

    private int clientHello(int p, int end) {
        version = u16(p);
        p += 2 + 32;
        p += 1 + u8(p);
        p += 2 + u16(p);
        p += 1 + u8(p);
        if (p == end) {
            return DONE; // no extensions
        }
        int extEnd = check(p + 2 + u16(p), end);
        p += 2;
        while (p + 4 <= extEnd) {
            int ext = u16(p);
            int len = u16(p + 2);
            int body = p + 4;
            int next = check(body + len, extEnd);
            switch (ext) {
                case 0 -> serverName = sni(body, next);
                case 43 -> version = Math.max(version, highestVersion(body, next));
                default -> { }
            }
            p = next;
        }
        return DONE;
    }

    private int serverHello(int p, int end) {
        version = u16(p);
        p += 2 + 32;
        p += 1 + u8(p);
        cipher = u16(p);
        p += 2 + 1;
        if (p >= end) {
            return DONE;
        }
        int extEnd = check(p + 2 + u16(p), end);
        p += 2;
        while (p + 4 <= extEnd) {
            int ext = u16(p);
            int len = u16(p + 2);
            int body = p + 4;
            int next = check(body + len, extEnd);
            if (ext == 43 && len == 2) {
                version = u16(body);
            } else if (ext == 16) {
                alpn = firstProtocol(body, next);
            }
            p = next;
        }
        return DONE;
    }

    private String sni(int p, int end) {
        int listEnd = check(p + 2 + u16(p), end);
        p += 2;
        while (p + 3 <= listEnd) {
            int type = u8(p);
            int len = u16(p + 1);
            check(p + 3 + len, listEnd);
            if (type == 0) {
                return new String(handshake, p + 3, len, StandardCharsets.US_ASCII);
            }
            p += 3 + len;
        }
        return null;
    }

    private String firstProtocol(int p, int end) {
        int listEnd = check(p + 2 + u16(p), end);
        p += 2;
        if (p < listEnd) {
            int len = u8(p);
            check(p + 1 + len, listEnd);
            return new String(handshake, p + 1, len, StandardCharsets.US_ASCII);
        }
        return null;
    }

    private int highestVersion(int p, int end) {
        int listEnd = check(p + 1 + u8(p), end);
        int best = 0;
        for (p = p + 1; p + 2 <= listEnd; p += 2) {
            int v = u16(p);
            if ((v & 0x0F0F) != 0x0A0A) { // GREASE values say nothing
                best = Math.max(best, v);
            }
        }
        return best;
    }

    private int check(int pos, int limit) {
        if (pos > limit) {
            throw new IndexOutOfBoundsException(pos);
        }
        return pos;
    }

    private int u8(int p) {
        if (p >= handshakeLen) {
            throw new IndexOutOfBoundsException(p);
        }
        return handshake[p] & 0xFF;
    }

    private int u16(int p) {
        return u8(p) << 8 | u8(p + 1);
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | b[p + 2] & 0xFF;
    }
}
