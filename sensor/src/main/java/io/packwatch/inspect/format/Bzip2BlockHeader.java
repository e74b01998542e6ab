package io.packwatch.inspect.format;

/**
 * Bit-level check of a bzip2 block header, from the block's 48-bit magic through the delta-coded code
 * lengths of every Huffman table, without building any decoding table (a full decoder sets up several MB of
 * tables per block). Fields, MSB-first: magic 0x314159265359, block CRC (32 bits, of the uncompressed data, so
 * not checkable here), randomised bit (0: no encoder since bzip2 0.9.5 sets it), origPtr (24 bits, below
 * 100000 × level), the 16-bit map of used 16-symbol ranges and a non-zero 16-bit bitmap for each used range,
 * nGroups (3 bits, 2..6), nSelectors (15 bits, 1..{@value #MAX_SELECTORS}), the MTF-coded selectors in unary
 * (each below nGroups), then for each group a 5-bit start length and per symbol delta bits that must keep the
 * length within 1..20, and the lengths' Kraft sum must not over-subscribe the code.
 */
public final class Bzip2BlockHeader {
    /** The 48-bit magic that starts every block (BCD of pi). */
    public static final long BLOCK_MAGIC = 0x314159265359L;
    /** The most selectors an encoder writes: one per 50 symbols of a 900 kB block, plus two. */
    public static final int MAX_SELECTORS = 18_002;
    private static final int MAX_CODE_LENGTH = 20;

    /** How far a header checked out. */
    public enum Status {
        /** Every field through the last code length is consistent. */
        VALID,
        /** Consistent as far as the input went, but the input ended inside the header. */
        TRUNCATED,
        /** A field is impossible: not a bzip2 block header. */
        INVALID
    }

    /** A checked header; the fields after the point where the input ended are -1. */
    public record Result(Status status, long origPtr, int symbols, int groups, int selectors) {
        String describe() {
            return "origPtr=" + origPtr + " symbols=" + symbols + " groups=" + groups + " selectors=" + selectors;
        }
    }

    private static final Result INVALID = new Result(Status.INVALID, -1, -1, -1, -1);

    private Bzip2BlockHeader() {
    }

    /**
     * Checks the block header whose magic starts at byte {@code p} of {@code b[.., end)}, for a stream of
     * block size {@code level} (1..9; use 9 when the stream header is not at hand).
     */
    public static Result check(byte[] b, int p, int end, int level) {
        BitReader r = new BitReader(b, p, end);
        long magic = r.bits(48);
        if (magic < 0) {
            return truncated(-1, -1, -1, -1);
        }
        if (magic != BLOCK_MAGIC) {
            return INVALID;
        }
        return fields(r, level);
    }

    /**
     * The header's fields alone, from the block CRC at byte {@code p} on: how often they pass on bytes that are
     * no bzip2 block is the check's false-positive rate without the magic's help.
     */
    static Result checkAfterMagic(byte[] b, int p, int end, int level) {
        return fields(new BitReader(b, p, end), level);
    }

    private static Result fields(BitReader r, int level) {
        if (r.bits(32) < 0) { // block CRC
            return truncated(-1, -1, -1, -1);
        }
        long randomised = r.bits(1);
        if (randomised != 0) {
            return randomised < 0 ? truncated(-1, -1, -1, -1) : INVALID;
        }
        long origPtr = r.bits(24);
        if (origPtr < 0) {
            return truncated(-1, -1, -1, -1);
        }
        if (origPtr >= level * 100_000L) {
            return INVALID;
        }
        long used16 = r.bits(16);
        if (used16 <= 0) {
            return used16 < 0 ? truncated(origPtr, -1, -1, -1) : INVALID;
        }
        int symbols = 0;
        for (int i = 0; i < 16; i++) {
            if ((used16 & (0x8000 >> i)) != 0) {
                long m = r.bits(16);
                if (m <= 0) { // a range marked used must use a symbol
                    return m < 0 ? truncated(origPtr, -1, -1, -1) : INVALID;
                }
                symbols += Long.bitCount(m);
            }
        }
        long groups = r.bits(3);
        if (groups < 0) {
            return truncated(origPtr, symbols, -1, -1);
        }
        if (groups < 2 || groups > 6) {
            return INVALID;
        }
        long selectors = r.bits(15);
        if (selectors < 0) {
            return truncated(origPtr, symbols, (int) groups, -1);
        }
        if (selectors < 1 || selectors > MAX_SELECTORS) {
            return INVALID;
        }
        for (long i = 0; i < selectors; i++) {
            int j = 0;
            long bit;
            while ((bit = r.bits(1)) == 1) {
                if (++j >= groups) {
                    return INVALID;
                }
            }
            if (bit < 0) {
                return truncated(origPtr, symbols, (int) groups, (int) selectors);
            }
        }
        int alphaSize = symbols + 2; // RUNA/RUNB replace symbol 0's runs, plus end of block
        for (int t = 0; t < groups; t++) {
            long len = r.bits(5);
            if (len < 0) {
                return truncated(origPtr, symbols, (int) groups, (int) selectors);
            }
            long kraft = 0;
            for (int i = 0; i < alphaSize; i++) {
                while (true) {
                    if (len < 1 || len > MAX_CODE_LENGTH) {
                        return INVALID;
                    }
                    long bit = r.bits(1);
                    if (bit == 0) {
                        break;
                    }
                    long dir = r.bits(1);
                    if (bit < 0 || dir < 0) {
                        return truncated(origPtr, symbols, (int) groups, (int) selectors);
                    }
                    len += dir == 0 ? 1 : -1;
                }
                kraft += 1L << (MAX_CODE_LENGTH - len);
            }
            if (kraft > 1L << MAX_CODE_LENGTH) { // over-subscribed prefix code: no encoder writes that
                return INVALID;
            }
        }
        return new Result(Status.VALID, origPtr, symbols, (int) groups, (int) selectors);
    }

    private static Result truncated(long origPtr, int symbols, int groups, int selectors) {
        return new Result(Status.TRUNCATED, origPtr, symbols, groups, selectors);
    }

    /** MSB-first bit reader; {@code bits} returns -1 past the end. */
    private static final class BitReader {
        private final byte[] b;
        private final long endBit;
        private long bitPos;

        BitReader(byte[] b, int p, int end) {
            this.b = b;
            this.endBit = (long) end * 8;
            this.bitPos = (long) p * 8;
        }

        long bits(int n) {
            if (bitPos + n > endBit) {
                bitPos = endBit;
                return -1;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 1 | ((b[(int) (bitPos >>> 3)] >> (7 - (int) (bitPos & 7))) & 1);
                bitPos++;
            }
            return v;
        }
    }
}
