package io.packwatch.inspect.format;

import static io.packwatch.inspect.format.Bin.crc32;
import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u8;

/** Container headers in front of compressed data, shared by the validators and the decoders. */
public final class Headers {
    private Headers() {
    }

    /**
     * Checks a gzip member header (RFC 1952) at {@code s} and returns where its deflate data
     * starts, or -1 when the header is malformed or runs past {@code end}.
     */
    public static int gzipDataStart(byte[] b, int s, int end) {
        if (!has(s, 10, end) || u8(b, s) != 0x1F || u8(b, s + 1) != 0x8B || u8(b, s + 2) != 8) {
            return -1;
        }
        int flg = u8(b, s + 3);
        int xfl = u8(b, s + 8);
        int os = u8(b, s + 9);
        if ((flg & 0xE0) != 0 || (xfl & ~0x06) != 0 || os > 13 && os != 255) {
            return -1;
        }
        int p = s + 10;
        if ((flg & 0x04) != 0) { // FEXTRA
            if (!has(p, 2, end) || !has(p + 2, u16le(b, p), end)) {
                return -1;
            }
            p += 2 + u16le(b, p);
        }
        if ((flg & 0x08) != 0) { // FNAME
            int z = Bin.indexOfNul(b, p, end, 4096);
            if (z < 0 || z > p && !Bin.printableName(b, p, z - p)) {
                return -1;
            }
            p = z + 1;
        }
        if ((flg & 0x10) != 0) { // FCOMMENT
            int z = Bin.indexOfNul(b, p, end, 65536);
            if (z < 0) {
                return -1;
            }
            p = z + 1;
        }
        if ((flg & 0x02) != 0) { // FHCRC
            if (!has(p, 2, end) || u16le(b, p) != (crc32(b, s, p - s) & 0xFFFF)) {
                return -1;
            }
            p += 2;
        }
        return p;
    }

    /**
     * Checks an xz block header (CRC, flags, filter chain ending in LZMA2, padding) at {@code p}
     * and returns where the block's LZMA2 data starts, or -1. Filters before LZMA2 (BCJ, delta)
     * apply after it, so the LZMA2 data decodes either way; {@code (b[p + 1] & 3) + 1} is the filter count.
     */
    public static int xzBlockData(byte[] b, int p, int end) {
        if (!has(p, 1, end) || b[p] == 0) {
            return -1;
        }
        int hsize = (u8(b, p) + 1) * 4;
        if (!has(p, hsize, end) || u32le(b, p + hsize - 4) != crc32(b, p, hsize - 4)) {
            return -1;
        }
        int flags = u8(b, p + 1);
        if ((flags & 0x3C) != 0) {
            return -1;
        }
        int nFilters = (flags & 3) + 1;
        int q = p + 2;
        int hend = p + hsize - 4;
        long[] vli = new long[1];
        if ((flags & 0x40) != 0 && (q = vli(b, q, hend, vli)) < 0) {
            return -1;
        }
        if ((flags & 0x80) != 0 && (q = vli(b, q, hend, vli)) < 0) {
            return -1;
        }
        long lastFilter = -1;
        for (int i = 0; i < nFilters; i++) {
            if ((q = vli(b, q, hend, vli)) < 0) {
                return -1;
            }
            lastFilter = vli[0];
            if ((q = vli(b, q, hend, vli)) < 0 || !has(q, vli[0], hend)) {
                return -1;
            }
            q += (int) vli[0];
        }
        for (int i = q; i < hend; i++) {
            if (b[i] != 0) {
                return -1;
            }
        }
        return lastFilter == 0x21 ? p + hsize : -1; // the last filter of a block must be LZMA2
    }

    private static int vli(byte[] b, int p, int end, long[] out) {
        return Bin.leb128(b, p, end, out, 9, true);
    }
}
