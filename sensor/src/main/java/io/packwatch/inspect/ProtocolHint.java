package io.packwatch.inspect;

/**
 * Recognizes streams that are encrypted by design from their first bytes, so that their
 * randomness is never mistaken for encrypted data being smuggled out.
 */
final class ProtocolHint {
    private ProtocolHint() {
    }

    /** "tls", "ssh", or null. */
    static String of(byte[] b, int len) {
        // A TLS record: handshake (22) or later types, version 3.x, a plausible length.
        if (len >= 5 && (b[0] & 0xFF) >= 20 && (b[0] & 0xFF) <= 23 && b[1] == 3 && (b[2] & 0xFF) <= 4
                && ((b[3] & 0xFF) << 8 | (b[4] & 0xFF)) <= 18432) {
            return "tls";
        }
        if (len >= 4 && b[0] == 'S' && b[1] == 'S' && b[2] == 'H' && b[3] == '-') {
            return "ssh";
        }
        return null;
    }
}
