package io.packwatch.inspect.entropy;

/** What an object's bytes look like without magic bytes, as in {@code dlp.class}. */
public enum DataClass {
    /** Text: ASCII or UTF-8 in any script (prose, source code, JSON, CSV, markup). */
    PLAINTEXT,
    /** Not text and close to random, but with the residual biases of a compressor's output. */
    COMPRESSED,
    /** Indistinguishable from random bytes: ciphertext (or a compressor whose output passes the tests). */
    ENCRYPTED,
    /** Too few bytes, or binary data that is neither text nor near-random. */
    UNKNOWN;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in {@code dlp.class}. */
    public String label() {
        return label;
    }
}
