package io.packwatch.inspect;

import io.packwatch.inspect.format.Bin;

/**
 * Recognizes streams that are encrypted by design, so that their randomness is never mistaken for encrypted
 * data being smuggled out: SSH by its banner, TLS by its records. A TLS stream is a run of records, each a
 * 5-byte header (content type 20-24, version 3.x, length) and that many bytes, back to back; a stream is TLS
 * when the records that fit in its window chain that way:
 * <ul>
 *   <li>from its first byte (the usual case): one header is enough, but every later one in the window must
 *       be a header too, so five bytes of a TLS header in front of something else do not pass;
 *   <li>or from inside the window, where the stream's start was not seen (a flow picked up mid-stream, the
 *       bytes after a gap) or the stream turns to TLS (STARTTLS): at least two headers, the first within the
 *       longest record's reach of the start, or one whose record ends the whole object.
 * </ul>
 * Random bytes chain two headers about once in 10^13 positions.
 */
final class ProtocolHint {
    private static final int RECORD_HEADER = 5;
    /** The longest TLS record: 2^14 bytes of plaintext expanded by up to 2,048 (RFC 5246 §6.2.3). */
    private static final int MAX_RECORD = 16384 + 2048;

    private ProtocolHint() {
    }

    /**
     * "tls", "ssh", or null.
     *
     * @param complete whether {@code b[0, len)} is the whole object
     * @param histogram the window's byte counts; the search inside the window runs only when it has the 3 of
     *     a TLS version
     */
    static String of(byte[] b, int len, boolean complete, long[] histogram) {
        if (len >= RECORD_HEADER && recordsFrom(b, 0, len) > 0) {
            return "tls";
        }
        if (len >= 4 && b[0] == 'S' && b[1] == 'S' && b[2] == 'H' && b[3] == '-') {
            return "ssh";
        }
        return histogram[3] > 0 && tlsInside(b, len, complete) ? "tls" : null;
    }

    private static boolean tlsInside(byte[] b, int len, boolean complete) {
        int last = Math.min(len - RECORD_HEADER, MAX_RECORD + RECORD_HEADER);
        for (int p = 1; p <= last; p++) {
            if (b[p + 1] == 3 && isHeader(b, p)) {
                int records = recordsFrom(b, p, len);
                if (records >= 2 || records == 1 && complete && p + RECORD_HEADER + length(b, p) == len) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many records chain from {@code p} to the end of the window, or 0 when a header that fits is not one. */
    private static int recordsFrom(byte[] b, int p, int len) {
        int n = 0;
        for (; p + RECORD_HEADER <= len; p += RECORD_HEADER + length(b, p)) {
            if (!isHeader(b, p)) {
                return 0;
            }
            n++;
        }
        return n;
    }

    /** Content type change_cipher_spec, alert, handshake, application_data or heartbeat; version 3.0-3.4. */
    private static boolean isHeader(byte[] b, int p) {
        int type = b[p] & 0xFF;
        return type >= 20 && type <= 24 && b[p + 1] == 3 && (b[p + 2] & 0xFF) <= 4 && length(b, p) <= MAX_RECORD;
    }

    private static int length(byte[] b, int p) {
        return Bin.u16be(b, p + 3);
    }

    /** The longest SSH packet OpenSSH accepts (its PACKET_MAX_SIZE). */
    private static final int SSH_MAX_PACKET = 256 * 1024;
    /**
     * What follows an SSH packet's encrypted part: the tag of AES-GCM or umac-128 (16 bytes), hmac-sha2-256 (32),
     * hmac-sha1 (20), hmac-sha2-512 (64), umac-64 (8).
     */
    private static final int[] SSH_MACS = {16, 32, 20, 64, 8};

    /**
     * Whether SSH binary packets (RFC 4253 section 6) chain in the window, for a stream whose banner was not seen.
     * AES-GCM (RFC 5647) and the encrypt-then-MAC modes leave each packet's 4-byte length in the clear, the
     * encrypted rest a whole number of 16-byte blocks, then a MAC of fixed size: from some position, lengths must
     * follow one another packet after packet, with one MAC size, to the end of the window, at least two of them.
     * 300,000 windows of 64 KiB of random bytes gave no such chain. OpenSSH's default, chacha20-poly1305,
     * encrypts the length too: it is never found here.
     */
    static boolean sshPackets(byte[] b, int len) {
        for (int p = 0; p + 4 <= len; p++) {
            if (b[p] == 0 && sshLength(b, p)) {
                for (int mac : SSH_MACS) {
                    if (sshPacketsFrom(b, p, len, mac) >= 2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How many packets chain from {@code p} with {@code mac}-byte MACs, or 0 when a length that fits is not one. */
    private static int sshPacketsFrom(byte[] b, int p, int len, int mac) {
        int n = 0;
        for (; p + 4 <= len; p += 4 + (int) Bin.u32be(b, p) + mac) {
            if (!sshLength(b, p)) {
                return 0;
            }
            n++;
        }
        return n;
    }

    private static boolean sshLength(byte[] b, int p) {
        long l = Bin.u32be(b, p);
        return l >= 16 && l <= SSH_MAX_PACKET && (l & 15) == 0;
    }
}
