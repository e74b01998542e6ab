package io.packwatch.inspect.entropy;

/**
 * Incremental byte statistics of a stream, in the spirit of John Walker's {@code ent}: byte histogram,
 * Shannon entropy, chi-square against the uniform distribution, serial correlation and the Monte Carlo
 * estimate of pi, plus a few cheap extras used by {@link DataClassifier} (text-likeness, bit-level tests).
 *
 * <p>Bytes are fed with {@link #update} as they arrive, in any number of calls; the result is the same as one
 * call over the concatenation. Nothing is allocated after construction; {@link #reset} makes the object
 * reusable. Not thread-safe.
 *
 * <p>Cost: the per-byte work is a histogram increment, one multiply-add (serial correlation) and, every six
 * bytes, one Monte Carlo point. The overlapping bit-pattern counts ({@link #bitSerialZ}) cost eight increments
 * per byte and are therefore limited to the first {@value #BIT_SAMPLE} bytes fed.
 *
 * <p>Every derived statistic is computed from the accumulated state on demand (O(256) work), so the getters
 * are cheap but not free; call them once per classification.
 */
public final class ByteStats {
    /** Bytes fed to the overlapping bit-pattern counters; later bytes only update the other statistics. */
    public static final int BIT_SAMPLE = 16 * 1024;

    private static final double LN2 = Math.log(2);
    /** ent's Monte Carlo circle: points are two 24-bit coordinates. */
    private static final double MC_RADIUS_SQ = (double) (256 * 256 * 256 - 1) * (256 * 256 * 256 - 1);

    /** Byte classes for text-likeness: 0 = control/invalid in UTF-8 text, 1 = ASCII text, 2 = UTF-8 continuation,
     * 3..5 = UTF-8 lead of a 2-, 3- or 4-byte sequence. */
    private static final byte[] TEXT_CLASS = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            byte c;
            if (v == '\t' || v == '\n' || v == '\r' || (v >= 0x20 && v < 0x7f)) {
                c = 1;
            } else if (v >= 0x80 && v <= 0xbf) {
                c = 2;
            } else if (v >= 0xc2 && v <= 0xdf) {
                c = 3;
            } else if (v >= 0xe0 && v <= 0xef) {
                c = 4;
            } else if (v >= 0xf0 && v <= 0xf4) {
                c = 5;
            } else {
                c = 0; // C0 controls except tab/newline/return, DEL, 0xc0, 0xc1, 0xf5..0xff
            }
            TEXT_CLASS[v] = c;
        }
    }

    private final long[] hist = new long[256];
    /** Scratch counts of {@link #updateHistogram}, four tables of 256; all zero between calls. */
    private final int[] lanes = new int[1024];
    private long count;

    // serial correlation: sum of x[i] * x[i+1]; the wrap-around term last * first is added on demand (as ent)
    private long sumXY;
    private int first;
    private int prev;

    // Monte Carlo pi: six bytes make one point (x, y), 24 bits each, big-endian (as ent)
    private int mcFill;
    private long mcX;
    private long mcY;
    private long mcPoints;
    private long mcInside;

    // overlapping 8-bit windows over the bit stream, MSB-first and LSB-first, for the first BIT_SAMPLE bytes
    private final int[] patMsb = new int[256];
    private final int[] patLsb = new int[256];
    private int bitBytes;
    private int bitPrev = -1;
    private int prevRev;

    private static final byte[] REVERSE = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            REVERSE[v] = (byte) (Integer.reverse(v) >>> 24);
        }
    }

    /** Clears all statistics. */
    public void reset() {
        java.util.Arrays.fill(hist, 0);
        count = 0;
        sumXY = 0;
        first = 0;
        prev = 0;
        mcFill = 0;
        mcX = 0;
        mcY = 0;
        mcPoints = 0;
        mcInside = 0;
        if (bitBytes > 0) {
            // only update() fills them: most windows, counted for the histogram alone, left them clear
            java.util.Arrays.fill(patMsb, 0);
            java.util.Arrays.fill(patLsb, 0);
        }
        bitBytes = 0;
        bitPrev = -1;
        prevRev = 0;
    }

    /**
     * Adds {@code b[off, off + len)} to the byte histogram only: enough for {@link #entropy()},
     * {@link #nonTextFraction()} and {@link #utf8Imbalance()}, at a fraction of the cost of
     * {@link #update}. Use it on a fresh or reset object, and not mixed with {@link #update}.
     */
    public void updateHistogram(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        // Four tables, one per byte of each group of four: runs of one byte value (text is full of
        // them) then increment four counters in turn instead of waiting on one.
        int[] c = lanes;
        int i = off;
        for (int end8 = off + (len & ~7); i < end8; i += 8) {
            countEight(c, b, i);
        }
        for (int end = off + len; i < end; i++) {
            c[b[i] & 0xff]++;
        }
        addLanes(len);
    }

    /** Counts {@code b[i, i + 8)} into the four lane tables {@code c} (see {@link #lanes}), two bytes to each. */
    public static void countEight(int[] c, byte[] b, int i) {
        c[b[i] & 0xff]++;
        c[256 + (b[i + 1] & 0xff)]++;
        c[512 + (b[i + 2] & 0xff)]++;
        c[768 + (b[i + 3] & 0xff)]++;
        c[b[i + 4] & 0xff]++;
        c[256 + (b[i + 5] & 0xff)]++;
        c[512 + (b[i + 6] & 0xff)]++;
        c[768 + (b[i + 7] & 0xff)]++;
    }

    /**
     * The four lane tables {@link #updateHistogram} counts into ({@code lanes[256 * k + v]}), for a
     * caller that counts a window itself in a pass that does more; it then calls {@link #addLanes}.
     * All zero between calls.
     */
    public int[] lanes() {
        return lanes;
    }

    /** Adds the {@code n} bytes counted into {@link #lanes} to the histogram, and clears the lanes. */
    public void addLanes(int n) {
        int[] c = lanes;
        long[] h = hist;
        for (int v = 0; v < 256; v++) {
            h[v] += c[v] + c[256 + v] + c[512 + v] + c[768 + v];
        }
        java.util.Arrays.fill(c, 0);
        count += n;
    }

    /**
     * Whether bytes were counted for the histogram only ({@link #updateHistogram} or {@link #addLanes}): the
     * entropy and the text tests are ready, the randomness tests are not.
     */
    public boolean histogramOnly() {
        return count > 0 && bitBytes == 0;
    }

    /** Adds {@code b[off, off + len)} to the statistics. */
    public void update(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        if (count == 0) {
            first = b[off] & 0xff;
            prev = first;
            hist[first]++;
            count = 1;
            feedMonteCarlo(b, off, 1);
            feedBits(b, off, 1);
            off++;
            len--;
            if (len == 0) {
                return;
            }
        }
        long[] h = hist;
        long sxy = 0;
        int p = prev;
        for (int i = off; i < end; i++) {
            int v = b[i] & 0xff;
            h[v]++;
            sxy += p * v;
            p = v;
        }
        sumXY += sxy;
        prev = p;
        count += len;
        feedMonteCarlo(b, off, len);
        if (bitBytes < BIT_SAMPLE) {
            feedBits(b, off, Math.min(len, BIT_SAMPLE - bitBytes));
        }
    }

    private void feedMonteCarlo(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        // finish a partial point
        while (mcFill != 0 && i < end) {
            addMcByte(b[i++] & 0xff);
        }
        long inside = 0;
        long points = 0;
        for (; i + 6 <= end; i += 6) {
            long x = ((b[i] & 0xffL) << 16) | ((b[i + 1] & 0xffL) << 8) | (b[i + 2] & 0xffL);
            long y = ((b[i + 3] & 0xffL) << 16) | ((b[i + 4] & 0xffL) << 8) | (b[i + 5] & 0xffL);
            // exact in a double: both squares are < 2^48
            if ((double) (x * x) + (double) (y * y) <= MC_RADIUS_SQ) {
                inside++;
            }
            points++;
        }
        mcInside += inside;
        mcPoints += points;
        while (i < end) {
            addMcByte(b[i++] & 0xff);
        }
    }

    private void addMcByte(int v) {
        if (mcFill < 3) {
            mcX = (mcX << 8) | v;
        } else {
            mcY = (mcY << 8) | v;
        }
        if (++mcFill == 6) {
            if ((double) (mcX * mcX) + (double) (mcY * mcY) <= MC_RADIUS_SQ) {
                mcInside++;
            }
            mcPoints++;
            mcFill = 0;
            mcX = 0;
            mcY = 0;
        }
    }

    private void feedBits(byte[] b, int off, int len) {
        int[] pm = patMsb;
        int[] pl = patLsb;
        int p = bitPrev;
        int pr = prevRev;
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xff;
            int r = REVERSE[v] & 0xff;
            if (p >= 0) {
                // windows that start in the previous byte at bit offsets 1..7 (offset 0 is the byte itself)
                int w = (p << 8) | v;
                int wr = (pr << 8) | r;
                for (int s = 1; s < 8; s++) {
                    pm[(w >>> s) & 0xff]++;
                    pl[(wr >>> s) & 0xff]++;
                }
            }
            pm[v]++;
            pl[r]++;
            p = v;
            pr = r;
        }
        bitPrev = p;
        prevRev = pr;
        bitBytes += len;
    }


    /** Bytes fed so far. */
    public long count() {
        return count;
    }

    /** The histogram itself (index: byte value), for callers that share it; do not modify. */
    public long[] histogram() {
        return hist;
    }

    /** Occurrences of byte value {@code v} so far. */
    public long frequency(int v) {
        return hist[v];
    }

    /** Shannon entropy of the byte histogram in bits per byte (0..8); 0 when empty. */
    public double entropy() {
        if (count == 0) {
            return 0;
        }
        double n = count;
        double e = 0;
        for (long c : hist) {
            if (c > 0) {
                double p = c / n;
                e -= p * Math.log(p);
            }
        }
        return e / LN2;
    }

    /**
     * Entropy with the Miller-Madow bias correction: the plain estimate is low by about (K - 1) / (2 n ln 2)
     * bits for K occupied values, which is 0.36 bits for 512 random bytes.
     */
    public double entropyCorrected() {
        if (count == 0) {
            return 0;
        }
        int k = 0;
        for (long c : hist) {
            if (c > 0) {
                k++;
            }
        }
        return entropy() + (k - 1) / (2.0 * count * LN2);
    }

    /** Pearson's chi-square of the byte histogram against the uniform distribution (255 degrees of freedom). */
    public double chiSquare() {
        if (count == 0) {
            return 0;
        }
        double expected = count / 256.0;
        double chi = 0;
        for (long c : hist) {
            double d = c - expected;
            chi += d * d;
        }
        return chi / expected;
    }

    /** {@link #chiSquare} as a z-score under the uniform hypothesis: (chi - 255) / sqrt(510). */
    public double chiSquareZ() {
        return (chiSquare() - 255) / Math.sqrt(510);
    }

    /**
     * Serial correlation coefficient of consecutive bytes, with the wrap-around pair (last, first) as in ent;
     * about 0 for random data (standard deviation 1/sqrt(n)), 0 when undefined (fewer than 2 bytes or constant
     * data).
     */
    public double serialCorrelation() {
        if (count < 2) {
            return 0;
        }
        double n = count;
        double sx = 0;
        double sxx = 0;
        for (int v = 0; v < 256; v++) {
            double c = hist[v];
            sx += c * v;
            sxx += c * v * (double) v;
        }
        double sxy = sumXY + (double) prev * first;
        double den = n * sxx - sx * sx;
        if (den == 0) {
            return 0;
        }
        return (n * sxy - sx * sx) / den;
    }

    /** Monte Carlo estimate of pi from six-byte points (as ent); 0 before the first point. */
    public double monteCarloPi() {
        return mcPoints == 0 ? 0 : 4.0 * mcInside / mcPoints;
    }

    /** |estimate - pi| / pi, ent's "error" as a fraction (1 before the first point). */
    public double monteCarloPiError() {
        return mcPoints == 0 ? 1 : Math.abs(monteCarloPi() - Math.PI) / Math.PI;
    }

    /** Monte Carlo hit count as a z-score under randomness (hits ~ Binomial(points, pi/4)). */
    public double monteCarloZ() {
        if (mcPoints == 0) {
            return 0;
        }
        double p = Math.PI / 4;
        return (mcInside - mcPoints * p) / Math.sqrt(mcPoints * p * (1 - p));
    }

    /** Arithmetic mean of the bytes (127.5 for random data). */
    public double mean() {
        if (count == 0) {
            return 0;
        }
        double s = 0;
        for (int v = 0; v < 256; v++) {
            s += hist[v] * (double) v;
        }
        return s / count;
    }

    /** Fraction of the most frequent byte value. */
    public double maxFrequency() {
        if (count == 0) {
            return 0;
        }
        long m = 0;
        for (long c : hist) {
            m = Math.max(m, c);
        }
        return (double) m / count;
    }

    /** Fraction of printable ASCII bytes (0x20..0x7e) and tab, newline, carriage return. */
    public double printableAscii() {
        return fractionOfClass(1);
    }

    /**
     * Fraction of bytes that cannot occur in UTF-8 text (C0 controls other than tab, newline and carriage return,
     * DEL, 0xc0, 0xc1, 0xf5..0xff). About 0.18 for random data, 0 for clean text.
     */
    public double nonTextFraction() {
        return fractionOfClass(0);
    }

    /**
     * How far the histogram is from balanced UTF-8: |continuation bytes - continuation bytes the lead bytes
     * call for| / n. 0 for any complete UTF-8 text (ASCII included), whatever the script; high for binary data
     * with few control bytes.
     */
    public double utf8Imbalance() {
        if (count == 0) {
            return 0;
        }
        long cont = 0;
        long wanted = 0;
        for (int v = 0x80; v < 0x100; v++) {
            switch (TEXT_CLASS[v]) {
                case 2 -> cont += hist[v];
                case 3 -> wanted += hist[v];
                case 4 -> wanted += 2 * hist[v];
                case 5 -> wanted += 3 * hist[v];
                default -> { }
            }
        }
        return Math.abs(cont - wanted) / (double) count;
    }

    private double fractionOfClass(int cls) {
        if (count == 0) {
            return 0;
        }
        long s = 0;
        for (int v = 0; v < 256; v++) {
            if (TEXT_CLASS[v] == cls) {
                s += hist[v];
            }
        }
        return (double) s / count;
    }

    /** Monobit test: (ones - zeros) / sqrt(bits), about N(0, 1) for random data. */
    public double monobitZ() {
        if (count == 0) {
            return 0;
        }
        long ones = 0;
        for (int v = 0; v < 256; v++) {
            ones += hist[v] * Integer.bitCount(v);
        }
        double bits = 8.0 * count;
        return (2.0 * ones - bits) / Math.sqrt(bits);
    }

    /**
     * Chi-square of the eight bit positions' one-counts against 1/2 each (8 degrees of freedom), as a z-score
     * (chi - 8) / 4.
     */
    public double bitPositionZ() {
        if (count == 0) {
            return 0;
        }
        double chi = 0;
        for (int bit = 0; bit < 8; bit++) {
            long ones = 0;
            for (int v = 0; v < 256; v++) {
                if ((v >>> bit & 1) != 0) {
                    ones += hist[v];
                }
            }
            double d = 2.0 * ones - count;
            chi += d * d / count;
        }
        return (chi - 8) / 4;
    }

    /** Chi-square of the high and the low nibbles (two 15-d.o.f. tests summed, 30 d.o.f.) as a z-score. */
    public double nibbleZ() {
        if (count == 0) {
            return 0;
        }
        double chi = 0;
        double expected = count / 16.0;
        for (int hi = 0; hi < 2; hi++) {
            for (int nib = 0; nib < 16; nib++) {
                long c = 0;
                for (int v = 0; v < 256; v++) {
                    if (((hi == 1 ? v >>> 4 : v) & 15) == nib) {
                        c += hist[v];
                    }
                }
                double d = c - expected;
                chi += d * d / expected;
            }
        }
        return (chi - 30) / Math.sqrt(60);
    }

    /**
     * Bit transitions inside bytes (runs test on the seven adjacent bit pairs of each byte): (transitions -
     * 3.5 n) / sqrt(1.75 n), about N(0, 1) for random data.
     */
    public double runsZ() {
        if (count == 0) {
            return 0;
        }
        long t = 0;
        for (int v = 0; v < 256; v++) {
            t += hist[v] * Integer.bitCount((v ^ (v >>> 1)) & 0x7f);
        }
        return (t - 3.5 * count) / Math.sqrt(1.75 * count);
    }

    /**
     * NIST SP 800-22 serial test, first difference, on overlapping 8-bit windows at every bit offset of the
     * first {@value #BIT_SAMPLE} bytes: psi2(8) - psi2(7) is about chi-square with 128 degrees of freedom for
     * random bits. Returned as the larger z-score, (x - 128) / 16, of the MSB-first and the LSB-first bit order
     * (bzip2 writes MSB-first, deflate LSB-first). Unlike the byte histogram this sees codes that are not
     * byte-aligned.
     */
    public double bitSerialZ() {
        return Math.max(serialDelta(patMsb), serialDelta(patLsb));
    }

    /**
     * The serial test of {@link #bitSerialZ} on {@code m}-bit windows (2..8), from the same counts (each
     * 8-bit window's first {@code m} bits): psi2(m) - psi2(m - 1) is about chi-square with 2^(m-1) degrees
     * of freedom; returned as the larger z-score of the two bit orders. Fewer degrees of freedom than the
     * 8-bit test give more power on short inputs against biases that short codes leave.
     */
    public double bitSerialZ(int m) {
        if (m < 2 || m > 8) {
            throw new IllegalArgumentException("m in 2..8: " + m);
        }
        return Math.max(serialDelta(patMsb, m), serialDelta(patLsb, m));
    }

    private static double serialDelta(int[] pat, int m) {
        long windows = 0;
        for (int c : pat) {
            windows += c;
        }
        if (windows < 64) {
            return 0;
        }
        double w = windows;
        double psiM = psi(pat, m, w);
        double psiM1 = psi(pat, m - 1, w);
        double dof = 1 << (m - 1);
        return (psiM - psiM1 - dof) / Math.sqrt(2 * dof);
    }

    /** psi2 of the {@code m}-bit prefixes of the 8-bit window counts. */
    private static double psi(int[] pat, int m, double w) {
        int cells = 1 << m;
        int shift = 8 - m;
        double sum = 0;
        for (int v = 0; v < cells; v++) {
            long c = 0;
            for (int low = 0; low < 1 << shift; low++) {
                c += pat[v << shift | low];
            }
            sum += (double) c * c;
        }
        return sum * cells / w - w;
    }

    private double serialDelta(int[] pat) {
        long windows = 0;
        for (int c : pat) {
            windows += c;
        }
        if (windows < 64) {
            return 0;
        }
        double psi8 = 0;
        double psi7 = 0;
        for (int v = 0; v < 256; v++) {
            psi8 += (double) pat[v] * pat[v];
        }
        for (int v = 0; v < 128; v++) {
            double c = (double) pat[2 * v] + pat[2 * v + 1];
            psi7 += c * c;
        }
        double w = windows;
        psi8 = psi8 * 256 / w - w;
        psi7 = psi7 * 128 / w - w;
        return (psi8 - psi7 - 128) / 16;
    }
}
