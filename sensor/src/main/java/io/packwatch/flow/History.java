package io.packwatch.flow;

/**
 * A Zeek-style connection history: one letter per thing that happened, upper case when the
 * client did it, lower case for the server, each recorded the first time only. Packed into a
 * long (5 bits a letter) so that tracking it costs no allocation per flow.
 */
public final class History {
    public static final int SYN = 0;
    public static final int SYN_ACK = 1;
    public static final int ACK = 2;
    public static final int DATA = 3;
    public static final int FIN = 4;
    public static final int RST = 5;
    public static final int GAP = 6;
    public static final int RETRANSMISSION = 7;
    public static final int BAD_CHECKSUM = 8;
    public static final int ZERO_WINDOW = 9;
    public static final int INCONSISTENT = 10;
    public static final int MULTI_FLAG = 11;
    /** The client was guessed wrong and swapped; has no direction. */
    public static final int FLIPPED = 12;
    /** A packet whose TTL expires before the receiver, kept out of the stream. */
    public static final int LOW_TTL = 13;

    private static final String LETTERS = "SHADFRGTCWIQ^L";
    private static final int MAX_ENTRIES = 12;

    private History() {
    }

    /** Appends {@code event} seen from {@code direction}; the caller records each only once. */
    static long append(long packed, int event, int direction) {
        int count = (int) (packed >>> 60);
        if (count >= MAX_ENTRIES) {
            return packed;
        }
        int code = event * 2 + direction + 1;
        packed |= (long) code << (count * 5);
        return (packed & 0x0FFFFFFFFFFFFFFFL) | ((long) (count + 1) << 60);
    }

    static String render(long packed) {
        int count = (int) (packed >>> 60);
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            int code = (int) ((packed >>> (i * 5)) & 31) - 1;
            char c = LETTERS.charAt(code / 2);
            sb.append(code % 2 == 0 ? c : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
