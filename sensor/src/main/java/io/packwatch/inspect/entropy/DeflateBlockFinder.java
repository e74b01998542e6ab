package io.packwatch.inspect.entropy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a dynamic-Huffman deflate block that starts at any bit inside bytes cut from the middle of a deflate
 * stream: a capture that began mid-upload, the second part of a split upload, the bytes after a reassembly
 * gap. There the statistics see Huffman-coded bits that look random, and the stream-start trial decode has no
 * start to decode from; but deflate blocks are bit-aligned and each dynamic block carries its own code tables
 * (RFC 1951 §3.2.7), which random bits almost never spell:
 * <ol>
 *   <li>the block type is 2, HLIT at most 29 and HDIST at most 29;
 *   <li>the 4 to 19 code-length-code lengths form a complete prefix code (zlib rejects an incomplete one);
 *   <li>the literal/length and distance code lengths, run-length coded with it, fit their counts exactly, give
 *       end-of-block a code, and form two complete prefix codes;
 *   <li>the block's symbols then decode; when its end-of-block is inside the bytes, what follows must be a
 *       dynamic block header passing the same checks or a stored block whose length and complement agree.
 * </ol>
 * Checks 1 and 2 run at every bit: one 64-bit load per byte, and the code-length code's Kraft sum added up
 * four lengths per table lookup. Only positions that pass them are parsed in full. {@code DeflateBlockFinderTest}
 * measures how rarely random bytes and ciphertext pass. Huffman blocks of fixed codes and stored blocks carry
 * nothing to check and are not looked for. One per worker; not thread-safe.
 */
public final class DeflateBlockFinder {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The order code-length-code lengths are sent in (RFC 1951 §3.2.7). */
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Kraft sum, in units of 2^-7, of four 3-bit code-length-code lengths packed in 12 bits. */
    private static final short[] KRAFT4 = new short[1 << 12];
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    /** A dynamic header is at least 3 + 14 + 4 * 3 bits, and a word is read past it. */
    private static final int MIN_BYTES = 16;
    /** Symbols a final block must hold before its end-of-block for that end to count as confirming it. */
    private static final int MIN_FINAL_SYMBOLS = 256;

    static {
        for (int v = 0; v < KRAFT4.length; v++) {
            int sum = 0;
            for (int k = 0; k < 4; k++) {
                int len = v >>> (3 * k) & 7;
                sum += len == 0 ? 0 : 1 << (7 - len);
            }
            KRAFT4[v] = (short) sum;
        }
    }

    /** Canonical Huffman decoding tables (counts per length, symbols by code), as RFC 1951 §3.2.2 assigns. */
    private static final class Code {
        final int[] count = new int[16];
        final int[] symbol;
        private final int[] offs = new int[16];

        Code(int symbols) {
            symbol = new int[symbols];
        }

        /** Builds from {@code lens[from, from + n)}; true when the lengths form a complete prefix code. */
        boolean build(int[] lens, int from, int n, int maxBits) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[lens[from + i]]++;
            }
            int left = 1;
            for (int len = 1; len <= maxBits; len++) {
                left = (left << 1) - count[len];
                if (left < 0) {
                    return false;
                }
            }
            if (left != 0) {
                return false;
            }
            offs[1] = 0;
            for (int len = 1; len < 15; len++) {
                offs[len + 1] = offs[len] + count[len];
            }
            for (int i = 0; i < n; i++) {
                if (lens[from + i] != 0) {
                    symbol[offs[lens[from + i]]++] = i;
                }
            }
            return true;
        }
    }

    private final int maxSymbols;
    private final int[] lens = new int[286 + 30];
    private final int[] clLens = new int[19];
    private final Code cl = new Code(19);
    private final Code lit = new Code(286);
    private final Code dist = new Code(30);

    private byte[] b;
    private int off;
    private int end;
    private long bitEnd;
    /** Bit position of the reader, relative to {@code off}. */
    private long at;
    /** Kraft sums, in units of 2^-15, of the literal/length and of the distance code lengths read so far. */
    private int litKraft;
    private int distKraft;

    private long positionsParsed;
    private long headersValid;

    /** @param maxSymbols symbols of a found block decoded to confirm it before it is accepted unfinished */
    public DeflateBlockFinder(int maxSymbols) {
        this.maxSymbols = maxSymbols;
    }

    public DeflateBlockFinder() {
        this(4096);
    }

    /**
     * The bit offset, from {@code off}, of the first confirmed dynamic block in {@code b[off, off + len)}, or
     * -1. Scans at most the block starts in the first {@code scanLimit} bytes.
     */
    public long find(byte[] b, int off, int len, int scanLimit) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len < MIN_BYTES) {
            return -1;
        }
        this.b = b;
        this.off = off;
        this.end = off + len;
        this.bitEnd = 8L * len;
        int last = off + Math.min(len, scanLimit) - MIN_BYTES;
        for (int i = off; i <= last; i++) {
            long w = (long) LONGS.get(b, i);
            // the bit offsets k of this byte where BTYPE (bits k+1, k+2) is 2: bit k+1 clear, bit k+2 set
            long types = ~(w >>> 1) & (w >>> 2) & 0xFF;
            while (types != 0) {
                int k = Long.numberOfTrailingZeros(types);
                types &= types - 1;
                long x = w >>> k;
                // HLIT and HDIST at most 29: neither may have the top four of its five bits all set
                if ((x & 0xF0) == 0xF0 || (x & 0x1E00) == 0x1E00) {
                    continue;
                }
                long p = 8L * (i - off) + k;
                if (!clComplete(x, p)) {
                    continue;
                }
                positionsParsed++;
                if (confirmed(p)) {
                    return p;
                }
            }
        }
        return -1;
    }

    /** Positions that passed the cheap checks and were parsed in full, so far. */
    public long positionsParsed() {
        return positionsParsed;
    }

    /** Positions whose whole dynamic header was valid, so far (before the block's symbols were decoded). */
    public long headersValid() {
        return headersValid;
    }

    /** Whether the code-length-code lengths of the header at bit {@code p} (first word {@code x}) are complete. */
    private boolean clComplete(long x, long p) {
        int n = (int) (x >>> 13 & 15) + 4;
        long y = word(p + 17) & ((1L << (3 * n)) - 1);
        int sum = KRAFT4[(int) (y & 0xFFF)] + KRAFT4[(int) (y >>> 12 & 0xFFF)] + KRAFT4[(int) (y >>> 24 & 0xFFF)]
                + KRAFT4[(int) (y >>> 36 & 0xFFF)] + KRAFT4[(int) (y >>> 48 & 0xFFF)];
        return sum == 128;
    }

    private boolean confirmed(long p) {
        long q = header(p);
        if (q < 0) {
            return false;
        }
        headersValid++;
        at = q;
        for (int n = 0; n < maxSymbols; n++) {
            int s = decode(lit);
            if (s < 0) {
                return true; // the bytes ended inside a block whose header and symbols were valid
            }
            if (s < 256) {
                continue;
            }
            if (s == 256) {
                // a final block has nothing after it to check; a long one is still evidence
                return bits(p, 1) == 1 ? n >= MIN_FINAL_SYMBOLS : nextBlockValid(at);
            }
            at += LENGTH_EXTRA[s - 257];
            int d = decode(dist);
            if (d < 0) {
                return true;
            }
            at += DIST_EXTRA[d];
        }
        return true;
    }

    /** After an end-of-block: a valid dynamic header, a stored block's LEN and NLEN, or the end of the bytes. */
    private boolean nextBlockValid(long q) {
        if (q + 3 > bitEnd) {
            return true;
        }
        int type = (int) bits(q + 1, 2);
        if (type == 2) {
            return q + 17 + 12 > bitEnd || header(q) >= 0;
        }
        if (type == 0) {
            long aligned = (q + 3 + 7) & ~7L;
            if (aligned + 32 > bitEnd) {
                return true;
            }
            long v = bits(aligned, 32);
            return (v & 0xFFFF) == (~v >>> 16 & 0xFFFF);
        }
        return false; // fixed codes carry nothing to check, and large compressible data rarely uses them
    }

    /** Parses the dynamic block header at bit {@code p}; the bit past it, or -1 when it is not valid. */
    private long header(long p) {
        long q = p + 3;
        int hlit = (int) bits(q, 5) + 257;
        int hdist = (int) bits(q + 5, 5) + 1;
        int hclen = (int) bits(q + 10, 4) + 4;
        q += 14;
        if (hlit > 286 || hdist > 30 || q + 3L * hclen > bitEnd) {
            return -1;
        }
        java.util.Arrays.fill(clLens, 0);
        for (int i = 0; i < hclen; i++, q += 3) {
            clLens[CL_ORDER[i]] = (int) bits(q, 3);
        }
        if (!cl.build(clLens, 0, 19, 7)) {
            return -1;
        }
        at = q;
        int total = hlit + hdist;
        litKraft = 0;
        distKraft = 0;
        for (int n = 0; n < total; ) {
            int s = decode(cl);
            if (s < 0) {
                return -1;
            }
            int value;
            int repeat;
            if (s < 16) {
                lens[n++] = s;
                if (s != 0 && oversubscribed(n - 1, 1, s, hlit)) {
                    return -1;
                }
                continue;
            } else if (s == 16) {
                if (n == 0) {
                    return -1;
                }
                value = lens[n - 1];
                repeat = 3 + (int) take(2);
            } else if (s == 17) {
                value = 0;
                repeat = 3 + (int) take(3);
            } else {
                value = 0;
                repeat = 11 + (int) take(7);
            }
            if (n + repeat > total || at > bitEnd) {
                return -1;
            }
            for (int r = 0; r < repeat; r++) {
                lens[n++] = value;
            }
            if (value != 0 && oversubscribed(n - repeat, repeat, value, hlit)) {
                return -1;
            }
        }
        if (lens[256] == 0 || !lit.build(lens, 0, hlit, 15) || !dist.build(lens, hlit, hdist, 15)) {
            return -1;
        }
        return at;
    }

    /**
     * Adds {@code repeat} lengths {@code len} from symbol {@code n} on to the Kraft sums; true when either code
     * is over-subscribed. Random bits over-subscribe a code long before all its lengths are read.
     */
    private boolean oversubscribed(int n, int repeat, int len, int hlit) {
        int lit = Math.max(0, Math.min(repeat, hlit - n));
        litKraft += lit << (15 - len);
        distKraft += (repeat - lit) << (15 - len);
        return litKraft > 1 << 15 || distKraft > 1 << 15;
    }

    /** Decodes one symbol at {@link #at} (codes are sent most significant bit first); -1 when the bytes end. */
    private int decode(Code c) {
        int code = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len < 16; len++) {
            if (at >= bitEnd) {
                return -1;
            }
            code |= (int) bits(at++, 1);
            int count = c.count[len];
            if (code - count < first) {
                return c.symbol[index + (code - first)];
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        return -1; // not reached for a complete code
    }

    private long take(int n) {
        long v = bits(at, n);
        at += n;
        return v;
    }

    /** {@code n} (at most 56) bits at bit {@code p} from {@code off}, least significant first; zeros past the end. */
    private long bits(long p, int n) {
        return word(p) & ((1L << n) - 1);
    }

    /** At least 57 bits at bit {@code p} from {@code off}; zeros past the end. */
    private long word(long p) {
        int i = off + (int) (p >>> 3);
        long w;
        if (i + 8 <= end) {
            w = (long) LONGS.get(b, i);
        } else {
            w = 0;
            for (int k = Math.min(end, i + 8) - 1; k >= i; k--) {
                w = w << 8 | (b[k] & 0xff);
            }
        }
        return w >>> (p & 7);
    }
}
