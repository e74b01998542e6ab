package io.packwatch.inspect;

/**
 * What decided an object's {@code dlp.class}, as in {@code dlp.class_basis}: an analyst can then tell a
 * verdict backed by a decoder from one the statistics guessed.
 */
public enum ClassBasis {
    /** A validated archive or compression format was found: {@code compressed}. */
    FORMAT,
    /** The stream is TLS or SSH, encrypted by design: {@code encrypted}. */
    PROTOCOL,
    /** The bytes are ASCII or UTF-8 text: {@code plaintext}. */
    TEXT,
    /** The bytes decoded from their first byte as a headerless compressed stream ({@code dlp.class_decoder}). */
    DECODED,
    /** A deflate block starts inside the bytes (deflate cut from inside its stream): {@code compressed}. */
    DEFLATE_BLOCK,
    /** An LZMA2 chunk header is inside the bytes (xz cut from inside its stream): {@code compressed}. */
    LZMA2_CHUNK,
    /** The index and footer that end an xz stream are inside the bytes (an xz stream's tail): {@code compressed}. */
    XZ_INDEX,
    /** The randomness statistics (or, for structured binary, low entropy) decided. */
    STATISTICS,
    /** Too few bytes to judge: {@code unknown}. */
    TOO_SHORT;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /**
     * Whether the structure of a compressed stream (it decoded, or a block or chunk header or the end of one is
     * inside it), not the statistics, backs a {@code compressed} verdict on data with no format.
     */
    public boolean structureConfirmed() {
        return this == DECODED || this == DEFLATE_BLOCK || this == LZMA2_CHUNK || this == XZ_INDEX;
    }

    /** The lower-case name used in {@code dlp.class_basis}. */
    public String label() {
        return label;
    }
}
