package io.packwatch.output.siem;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How messages are delimited on a TCP or TLS stream ({@code siem.tcp_framing}): octet counting
 * ({@code 123 <message>}, RFC 6587 section 3.4.1 and RFC 5425), or a line feed after each message
 * (RFC 6587 section 3.4.2, for receivers that only read lines). Messages never contain a line
 * feed, so both are safe.
 */
public enum Framing {
    OCTET_COUNTING, LF;

    public static Framing parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "octet_counting", "octet-counting", "octets" -> OCTET_COUNTING;
            case "lf", "newline" -> LF;
            default -> throw new IllegalArgumentException("unknown TCP framing '" + s + "' (known: octet_counting, lf)");
        };
    }

    /** The bytes that go before the message. */
    byte[] prefix(int messageLength) {
        return this == OCTET_COUNTING ? (messageLength + " ").getBytes(StandardCharsets.US_ASCII) : EMPTY;
    }

    /** The bytes that go after the message. */
    byte[] suffix() {
        return this == LF ? NEWLINE : EMPTY;
    }

    private static final byte[] EMPTY = {};
    private static final byte[] NEWLINE = {'\n'};
}
