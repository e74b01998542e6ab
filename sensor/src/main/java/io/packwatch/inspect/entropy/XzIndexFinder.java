package io.packwatch.inspect.entropy;

import io.packwatch.inspect.format.Bin;
import java.util.zip.CRC32;

/**
 * Finds the end of an xz stream inside bytes that hold its tail: the last part of an upload the capture
 * picked up late, or what follows a reassembly gap. An xz stream of one or two LZMA2 chunks (up to about
 * 120 KB with liblzma) has no full chunk inside for {@link Lzma2ChunkFinder} to find, but every stream ends
 * with an index and a 12-byte footer, and both carry a CRC-32 (xz file format 1.2.0, §4 and §2.1.2):
 * <ul>
 *   <li>footer: CRC-32 of the next 6 bytes, the backward size (the index's size / 4 − 1), stream flags
 *       (0x00, then a check type 0x00-0x0F), and the magic {@code YZ};
 *   <li>index: indicator 0x00, records, padding, and a CRC-32 of all that, ending where the footer starts.
 * </ul>
 * A position is an xz stream's end when both CRCs hold, which random bytes do about once in 2^64 tries, once
 * per {@code YZ} (about one in a 64 KiB window). One per worker (it keeps a CRC-32); not thread-safe.
 */
public final class XzIndexFinder {
    private static final int FOOTER = 12;

    private final CRC32 crc = new CRC32();

    /** Offset within {@code b[off, off + len)} of the index of an xz stream that ends there, or -1. */
    public int find(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        // the footer's magic is its last two bytes; the smallest index is 8 bytes
        for (int m = off + 8 + FOOTER - 2; m + 2 <= end; m++) {
            if (b[m] != 'Y' || b[m + 1] != 'Z') {
                continue;
            }
            int f = m + 2 - FOOTER;
            if (b[f + 8] != 0 || (b[f + 9] & 0xF0) != 0) {
                continue;
            }
            if (!crcMatches(b, f + 4, 6, f)) {
                continue;
            }
            long indexSize = (Bin.u32le(b, f + 4) + 1) * 4;
            long index = f - indexSize;
            if (index >= off && b[(int) index] == 0 && crcMatches(b, (int) index, (int) indexSize - 4, f - 4)) {
                return (int) index - off;
            }
        }
        return -1;
    }

    /** Whether the CRC-32 of {@code b[from, from + n)} is the little-endian word at {@code at}. */
    private boolean crcMatches(byte[] b, int from, int n, int at) {
        crc.reset();
        crc.update(b, from, n);
        return crc.getValue() == Bin.u32le(b, at);
    }
}
