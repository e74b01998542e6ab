package io.packwatch.inspect.entropy;

import io.packwatch.inspect.format.Bin;

/**
 * Finds an LZMA2 chunk header inside bytes cut from the middle of an xz stream (or of a 7z LZMA2 coder): a
 * capture that began mid-upload, the bytes after a reassembly gap. There the range coder's output passes every
 * randomness test and nothing can be decoded, since each chunk goes on from the previous one's state and
 * dictionary. But an encoder closes a chunk when its output reaches a fixed limit, so an xz stream is a run of
 * chunks of nearly one packed size, each behind a 5-byte header: a control byte 0x80-0x9F (an LZMA chunk that
 * keeps state and properties), the unpacked and packed sizes less one (big-endian), and then the range coder's
 * first byte, which is always 0.
 *
 * <p>A position is a chunk header when those bytes fit, the unpacked size exceeds the packed one (an encoder
 * stores a chunk that does not shrink as an uncompressed chunk), and either
 * <ul>
 *   <li>the packed size is one a full chunk of a known encoder has (see {@link #FULL_CHUNKS}), or
 *   <li>the chunk ends inside the bytes, and another header, of a chunk of at least {@value #MIN_CHAIN_PACKED}
 *       bytes as this one is, starts where it ends: for encoders whose full chunks vary in size (7-Zip's
 *       normal and higher presets fill 49.2-49.9 KB).
 * </ul>
 * On random bytes the first test passes about once in 14 million positions (1/8 for the control byte, 1/256
 * for the zero, 10 sizes in 65,536), the second about once in 18 million of the positions it can apply to:
 * well under one window in a hundred at 64 KiB ({@code Lzma2ChunkFinderTest} measures it). A full chunk is
 * under 64 KiB, so a 64 KiB window of a stream from a known encoder always holds a header.
 * Stateless; a scan reads each position's byte and, rarely, five more.
 */
public final class Lzma2ChunkFinder {
    /** Control byte, unpacked size − 1 and packed size − 1; the range coder's first byte follows. */
    static final int HEADER = 5;
    /** The least packed size of each chunk in a chain of two headers. */
    static final int MIN_CHAIN_PACKED = 32 * 1024;
    /**
     * Packed sizes (inclusive ranges) of the chunks an encoder closed because they were full, measured on text
     * at every preset: liblzma (xz-utils, Python's {@code lzma}, libarchive) stops once its output comes within
     * 4,097 bytes of 64 KiB, giving 61,439-61,442; XZ for Java stops 26 bytes short of it, giving 65,511-65,514.
     * One byte of margin is added above each.
     */
    static final int[][] FULL_CHUNKS = {{61_439, 61_443}, {65_511, 65_515}};

    private Lzma2ChunkFinder() {
    }

    /** Offset within {@code b[off, off + len)} of the first chunk header found, or -1. */
    public static int find(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        for (int p = off; p + HEADER < end; p++) {
            if (isHeader(b, p)) {
                int packed = packedSize(b, p);
                if (fullChunk(packed) || chained(b, p, packed, end)) {
                    return p - off;
                }
            }
        }
        return -1;
    }

    /**
     * Range coder's zero (tested first: on data that is not mostly zeros it is the rarer byte), control byte of
     * a state-keeping LZMA chunk, and more unpacked than packed bytes.
     */
    private static boolean isHeader(byte[] b, int p) {
        return b[p + HEADER] == 0 && (b[p] & 0xE0) == 0x80 && unpackedSize(b, p) > packedSize(b, p);
    }

    private static boolean chained(byte[] b, int p, int packed, int end) {
        int next = p + HEADER + packed;
        return packed >= MIN_CHAIN_PACKED && next + HEADER < end && isHeader(b, next)
                && packedSize(b, next) >= MIN_CHAIN_PACKED;
    }

    static boolean fullChunk(int packed) {
        for (int[] r : FULL_CHUNKS) {
            if (packed >= r[0] && packed <= r[1]) {
                return true;
            }
        }
        return false;
    }

    static int unpackedSize(byte[] b, int p) {
        return ((b[p] & 0x1F) << 16 | Bin.u16be(b, p + 1)) + 1;
    }

    static int packedSize(byte[] b, int p) {
        return Bin.u16be(b, p + 3) + 1;
    }
}
