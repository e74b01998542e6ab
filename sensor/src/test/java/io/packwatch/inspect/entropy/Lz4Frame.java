package io.packwatch.inspect.entropy;

import java.io.ByteArrayOutputStream;
import org.apache.commons.compress.compressors.lz4.XXHash32;

/**
 * A minimal LZ4 frame compressor for the test corpus (greedy matcher, one 4-byte hash table, 64 KiB independent
 * blocks, no checksums), because Commons Compress's FramedLZ4CompressorOutputStream runs at tens of KB/s on
 * the corpus's text. Its output is decoded by Commons Compress in {@code CorpusGeneratorTest}.
 */
final class Lz4Frame {
    private static final int BLOCK = 64 * 1024;
    private static final int HASH_BITS = 14;

    private Lz4Frame() {
    }

    @SuppressWarnings("deprecation") // Commons Compress points to commons-codec's XXHash32, not on the classpath
    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        out.write(0x04);
        out.write(0x22);
        out.write(0x4d);
        out.write(0x18);
        int flg = 0x60; // version 01, independent blocks, no checksums, no content size
        int bd = 0x40; // 64 KiB maximum block size
        XXHash32 h = new XXHash32();
        h.update(flg);
        h.update(bd);
        out.write(flg);
        out.write(bd);
        out.write((int) (h.getValue() >>> 8) & 0xff);
        int[] table = new int[1 << HASH_BITS];
        byte[] buf = new byte[BLOCK + BLOCK / 255 + 64];
        for (int off = 0; off < data.length; off += BLOCK) {
            int len = Math.min(BLOCK, data.length - off);
            int n = block(data, off, len, buf, table);
            if (n >= len) {
                writeLe(out, len | 0x80000000);
                out.write(data, off, len);
            } else {
                writeLe(out, n);
                out.write(buf, 0, n);
            }
        }
        writeLe(out, 0);
        return out.toByteArray();
    }

    private static void writeLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static int read32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    /** Compresses one independent block into {@code out}; returns its length. */
    private static int block(byte[] src, int start, int len, byte[] out, int[] table) {
        java.util.Arrays.fill(table, -1);
        int end = start + len;
        int matchLimit = end - 12; // the last match must start at least 12 bytes before the end
        int anchor = start;
        int o = 0;
        int i = start;
        while (i < matchLimit) {
            int seq = read32(src, i);
            int hv = (seq * -1640531535) >>> (32 - HASH_BITS);
            int cand = table[hv];
            table[hv] = i;
            if (cand < 0 || i - cand > 65535 || read32(src, cand) != seq) {
                i++;
                continue;
            }
            int m = 4;
            while (i + m < end - 5 && src[cand + m] == src[i + m]) {
                m++;
            }
            o = sequence(src, anchor, i - anchor, i - cand, m, out, o);
            i += m;
            anchor = i;
        }
        return sequence(src, anchor, end - anchor, 0, 0, out, o);
    }

    private static int sequence(byte[] src, int lit, int litLen, int offset, int matchLen, byte[] out, int o) {
        int ml = matchLen == 0 ? 0 : matchLen - 4;
        int token = o++;
        out[token] = (byte) ((Math.min(litLen, 15) << 4) | Math.min(ml, 15));
        if (litLen >= 15) {
            int r = litLen - 15;
            for (; r >= 255; r -= 255) {
                out[o++] = (byte) 255;
            }
            out[o++] = (byte) r;
        }
        System.arraycopy(src, lit, out, o, litLen);
        o += litLen;
        if (matchLen == 0) {
            return o;
        }
        out[o++] = (byte) offset;
        out[o++] = (byte) (offset >>> 8);
        if (ml >= 15) {
            int r = ml - 15;
            for (; r >= 255; r -= 255) {
                out[o++] = (byte) 255;
            }
            out[o++] = (byte) r;
        }
        return o;
    }
}
