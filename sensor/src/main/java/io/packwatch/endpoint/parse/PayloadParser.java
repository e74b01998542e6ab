package io.packwatch.endpoint.parse;

/** One payload format. */
interface PayloadParser {
    /**
     * Reads {@code s[from, to)} and emits its events through {@code b}. Returns null when it did, or the
     * reason the payload broke the format's rules (the message then becomes a generic event).
     */
    String parse(String s, int from, int to, EventBuilder b);
}
