package io.packwatch.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Quines: a zip whose single deflated entry inflates to the zip itself, and a gzip that decompresses to itself,
 * built from the public construction in Russ Cox, "Zip Files All The Way Down" (2010). A DEFLATE program of two
 * self-referential opcodes: literal Lx (a stored block: the next x bytes of the stream are output as they are) and
 * repeat Rx (a fixed-Huffman block copying the last x output bytes). Every opcode here is {@link #OP} bytes, so
 * opcodes can quote each other:
 * <pre>
 * P  L(p+k) P L(p+k)  R(p+k)  L(k) R(p+k)  L(k) L(k)  L(4k) R(p+k) L(k) L(k) L(4k)  R(4k)
 *    L(4k) R(4k) L(4k) R(4k) L(4k)  R(4k)  L(4k) R(4k) L0 L0 L(s+k)  R(4k)  L0  L0  L(s+k) R(s+k) S  R(s+k)  S
 * </pre>
 * where P is the zip's local header and S its central directory with the end record (for gzip: the member header,
 * and the CRC-32 and length trailer): 30 opcodes and one quoted copy of P and S. The CRC-32 of the whole file sits
 * inside the file (twice in a zip); CRC-32 is affine over GF(2), so its fixed point is solved for.
 */
public final class ZipQuine {
    /** Bytes per opcode: a literal is an empty stored block then the real one (2 x 5); a repeat is padded to match. */
    static final int OP = 10;
    private static final int LOCAL = 30;
    private static final int CENTRAL = 46;
    private static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};

    private ZipQuine() {
    }

    /** The zip quine with entry {@code name}; tries DOS times until the CRC fixed point exists. */
    public static byte[] build(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int time = 0; time < 64; time++) {
            byte[] q = solve(zip(n, time));
            if (q != null) {
                return q;
            }
        }
        throw new IllegalStateException("no CRC-32 fixed point for " + name);
    }

    /**
     * A gzip quine: one gzip member whose deflate data inflates to the whole member, header and trailer
     * (CRC-32 and length) included. Tries modification times until the CRC fixed point exists.
     */
    public static byte[] gzip() {
        for (int mtime = 0; mtime < 64; mtime++) {
            byte[] q = solve(gzip(mtime));
            if (q != null) {
                return q;
            }
        }
        throw new IllegalStateException("no CRC-32 fixed point for the gzip quine");
    }

    /** A DEFLATE stream that inflates to itself: the quine with empty prefix and suffix. */
    static byte[] selfInflatingDeflate() {
        return program(new byte[0], new byte[0]);
    }

    /** The header and trailer around the deflate program, for a CRC-32 of the whole file and its sizes. */
    private interface Container {
        byte[] prefix(long crc, int compressed, int total);

        byte[] suffix(long crc, int compressed, int total);
    }

    private static Container zip(byte[] name, int time) {
        return new Container() {
            @Override
            public byte[] prefix(long crc, int compressed, int total) {
                return new Bin().u32(0x04034b50).u16(20).u16(0).u16(8).u16(time).u16(0x5a21).u32(crc)
                        .u32(compressed).u32(total).u16(name.length).u16(0).bytes(name).toArray();
            }

            @Override
            public byte[] suffix(long crc, int compressed, int total) {
                return new Bin().u32(0x02014b50).u16(20).u16(20).u16(0).u16(8).u16(time).u16(0x5a21).u32(crc)
                        .u32(compressed).u32(total).u16(name.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0)
                        .bytes(name)
                        .u32(0x06054b50).u16(0).u16(0).u16(1).u16(1).u32(CENTRAL + name.length)
                        .u32(LOCAL + name.length + compressed).u16(0).toArray();
            }
        };
    }

    private static Container gzip(int mtime) {
        return new Container() {
            @Override
            public byte[] prefix(long crc, int compressed, int total) {
                return new Bin().u16(0x8b1f).u16(8).u32(mtime).u16(0xff00).toArray(); // deflate, no flags, OS unknown
            }

            @Override
            public byte[] suffix(long crc, int compressed, int total) {
                return new Bin().u32(crc).u32(total).toArray();
            }
        };
    }

    /** The quine in {@code c} whose CRC-32 field holds the CRC-32 of the whole file; null when there is none. */
    private static byte[] solve(Container c) {
        int compressed = 30 * OP + c.prefix(0, 0, 0).length + c.suffix(0, 0, 0).length;
        int total = c.prefix(0, 0, 0).length + compressed + c.suffix(0, 0, 0).length;
        long b = crc(file(c, 0, compressed, total));
        int[] columns = new int[32]; // column j: A applied to bit j, i.e. crc(file(1<<j)) ^ crc(file(0))
        for (int j = 0; j < 32; j++) {
            columns[j] = (int) (crc(file(c, 1L << j, compressed, total)) ^ b);
        }
        Long fixed = solveFixedPoint(columns, (int) b);
        if (fixed == null) {
            return null;
        }
        byte[] q = file(c, fixed, compressed, total);
        return crc(q) == fixed ? q : null;
    }

    private static byte[] file(Container c, long crc, int compressed, int total) {
        byte[] pre = c.prefix(crc, compressed, total);
        byte[] suf = c.suffix(crc, compressed, total);
        byte[] deflate = program(pre, suf);
        if (deflate.length != compressed) {
            throw new IllegalStateException("deflate program is " + deflate.length + " bytes, expected " + compressed);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        out.writeBytes(pre);
        out.writeBytes(deflate);
        out.writeBytes(suf);
        return out.toByteArray();
    }

    /** The opcode program between prefix P and suffix S (see the class comment). */
    private static byte[] program(byte[] pre, byte[] suf) {
        int p = pre.length;
        int s = suf.length;
        int k = OP;
        byte[] lp = literal(p + k);
        byte[] rp = repeat(p + k, false);
        byte[] l1 = literal(k);
        byte[] l4 = literal(4 * k);
        byte[] r4 = repeat(4 * k, false);
        byte[] l0 = literal(0);
        byte[] ls = literal(s + k);
        byte[] rs = repeat(s + k, true);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] op : new byte[][] {
            lp, pre, lp, rp,
            l1, rp, l1, l1, l4, rp, l1, l1, l4, r4,
            l4, r4, l4, r4, l4, r4,
            l4, r4, l0, l0, ls, r4, l0, l0,
            ls, rs, suf, rs}) {
            o.writeBytes(op);
        }
        return o.toByteArray();
    }

    /** Lx: an empty stored block then a stored block of x bytes, each byte aligned (5 + 5 bytes). */
    private static byte[] literal(int x) {
        return new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff,
            0, (byte) x, (byte) (x >>> 8), (byte) ~x, (byte) (~x >>> 8)};
    }

    /**
     * Rx: a fixed-Huffman block copying x bytes from distance x, as many empty fixed blocks as it takes to end in
     * the sixth byte, then an empty stored block (its header pads to the byte boundary): {@link #OP} bytes.
     */
    private static byte[] repeat(int x, boolean last) {
        for (int pieces = (x + 257) / 258; pieces <= 4; pieces++) { // more pieces: more bits, another fit
            Bits w = repeatBlocks(x, pieces);
            if (w != null) {
                return repeatOpcode(w, last);
            }
        }
        throw new IllegalStateException("repeat " + x + " cannot be padded to " + OP + " bytes");
    }

    /** The fixed block copying x bytes in {@code pieces} copies from distance x, padded; null when it misses. */
    private static Bits repeatBlocks(int x, int pieces) {
        if (x < 3 * pieces) {
            return null;
        }
        Bits w = new Bits();
        w.put(0, 1).put(1, 2); // not final, fixed Huffman
        for (int i = 0, left = x; i < pieces; i++) {
            int len = left / (pieces - i);
            lengthCode(w, len);
            distanceCode(w, x);
            left -= len;
        }
        w.put(0, 7); // end of block (code 256)
        while ((w.size + 3 + 7) / 8 < 6) {
            w.put(0, 1).put(1, 2).put(0, 7); // an empty fixed block
        }
        return (w.size + 3 + 7) / 8 == 6 ? w : null;
    }

    private static byte[] repeatOpcode(Bits w, boolean last) {
        w.put(last ? 1 : 0, 1).put(0, 2).align();
        byte[] head = w.toArray();
        byte[] op = new byte[OP];
        System.arraycopy(head, 0, op, 0, head.length);
        op[8] = (byte) 0xff;
        op[9] = (byte) 0xff;
        return op;
    }

    private static void lengthCode(Bits w, int len) {
        int i = LEN_BASE.length - 1;
        while (LEN_BASE[i] > len) {
            i--;
        }
        int sym = 257 + i;
        if (sym < 280) {
            w.putReversed(sym - 256, 7);
        } else {
            w.putReversed(0xc0 + sym - 280, 8);
        }
        w.put(len - LEN_BASE[i], LEN_EXTRA[i]);
    }

    private static void distanceCode(Bits w, int dist) {
        int i = DIST_BASE.length - 1;
        while (DIST_BASE[i] > dist) {
            i--;
        }
        w.putReversed(i, 5);
        w.put(dist - DIST_BASE[i], DIST_EXTRA[i]);
    }

    /** Solves (A + I) c = b over GF(2) for the CRC fixed point c = A c + b; null when there is none. */
    private static Long solveFixedPoint(int[] columns, int b) {
        long[] rows = new long[32]; // bits 0..31: coefficients of c_j, bit 32: right-hand side
        for (int i = 0; i < 32; i++) {
            long row = 0;
            for (int j = 0; j < 32; j++) {
                int a = (columns[j] >>> i) & 1;
                if ((a ^ (i == j ? 1 : 0)) != 0) {
                    row |= 1L << j;
                }
            }
            rows[i] = row | ((long) ((b >>> i) & 1) << 32);
        }
        int[] pivotOf = new int[32];
        Arrays.fill(pivotOf, -1);
        int r = 0;
        for (int col = 0; col < 32 && r < 32; col++) {
            int pivot = -1;
            for (int i = r; i < 32; i++) {
                if ((rows[i] >>> col & 1) != 0) {
                    pivot = i;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            long t = rows[pivot];
            rows[pivot] = rows[r];
            rows[r] = t;
            for (int i = 0; i < 32; i++) {
                if (i != r && (rows[i] >>> col & 1) != 0) {
                    rows[i] ^= rows[r];
                }
            }
            pivotOf[col] = r++;
        }
        for (int i = r; i < 32; i++) {
            if (rows[i] >>> 32 != 0) {
                return null; // 0 = 1: inconsistent
            }
        }
        long c = 0; // free variables are left 0
        for (int col = 0; col < 32; col++) {
            if (pivotOf[col] >= 0 && (rows[pivotOf[col]] >>> 32 & 1) != 0) {
                c |= 1L << col;
            }
        }
        return c;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Little-endian byte builder for the zip headers. */
    private static final class Bin {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bin u16(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        Bin u32(long v) {
            return u16((int) v & 0xffff).u16((int) (v >>> 16) & 0xffff);
        }

        Bin bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }

    /** DEFLATE bit packer: fields least significant bit first, Huffman codes most significant bit first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int size;

        Bits put(int value, int n) {
            for (int i = 0; i < n; i++) {
                acc |= ((value >>> i) & 1) << (size & 7);
                size++;
                if ((size & 7) == 0) {
                    out.write(acc);
                    acc = 0;
                }
            }
            return this;
        }

        Bits putReversed(int code, int n) {
            for (int i = n - 1; i >= 0; i--) {
                put((code >>> i) & 1, 1);
            }
            return this;
        }

        Bits align() {
            while ((size & 7) != 0) {
                put(0, 1);
            }
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
