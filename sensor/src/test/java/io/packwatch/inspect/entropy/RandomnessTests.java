package io.packwatch.inspect.entropy;

/**
 * NIST SP 800-22 randomness tests, as p-values, for {@link HedgeBaseline}: the frequency (monobit) test, the
 * frequency test within a block, the runs test, the cumulative sums test (forward) and the approximate entropy
 * test, each as SP 800-22 rev. 1a section 2 defines it, on the bits of a byte array read most significant bit
 * first (the order of the NIST tool). Written for an experiment, not for the sensor's hot path.
 */
final class RandomnessTests {
    /** Block length of the frequency-within-a-block test; 64 blocks at 1 KiB, as SP 800-22 asks (M > 0.01 n). */
    static final int BLOCK_BITS = 128;

    private RandomnessTests() {
    }

    /** The smallest p-value of the five tests on the bits of {@code b[0, len)}. */
    static double minP(byte[] b, int len) {
        long n = 8L * len;
        double p = Math.min(monobit(b, n), blockFrequency(b, n, BLOCK_BITS));
        p = Math.min(p, runs(b, n));
        p = Math.min(p, cumulativeSums(b, n));
        return Math.min(p, approximateEntropy(b, n, approximateEntropyM(n)));
    }

    /** SP 800-22 wants m < log2(n) - 5; one less, so each (m + 1)-bit pattern is counted about 32 times. */
    static int approximateEntropyM(long bits) {
        int log2 = 63 - Long.numberOfLeadingZeros(bits);
        return Math.max(2, Math.min(10, log2 - 6));
    }

    /** Bit {@code i} of {@code b}, most significant bit of each byte first. */
    static int bit(byte[] b, long i) {
        return b[(int) (i >>> 3)] >>> (7 - (int) (i & 7)) & 1;
    }

    private static long ones(byte[] b, long from, long to) {
        long ones = 0;
        for (long i = from; i < to; i++) {
            ones += bit(b, i);
        }
        return ones;
    }

    /** The frequency (monobit) test on the first {@code n} bits. */
    static double monobit(byte[] b, long n) {
        return erfc(Math.abs(2 * ones(b, 0, n) - n) / Math.sqrt(n) / Math.sqrt(2));
    }

    /** The frequency test within blocks of {@code m} bits. */
    static double blockFrequency(byte[] b, long n, int m) {
        long blocks = n / m;
        double chi = 0;
        for (long k = 0; k < blocks; k++) {
            double d = (double) ones(b, k * m, (k + 1) * m) / m - 0.5;
            chi += d * d;
        }
        return upperGamma(blocks / 2.0, 4.0 * m * chi / 2);
    }

    static double runs(byte[] b, long n) {
        double pi = (double) ones(b, 0, n) / n;
        if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) {
            return 0; // the frequency prerequisite fails: the sequence is not random
        }
        long v = 1;
        for (long i = 1; i < n; i++) {
            if (bit(b, i) != bit(b, i - 1)) {
                v++;
            }
        }
        double q = pi * (1 - pi);
        return erfc(Math.abs(v - 2 * n * q) / (2 * Math.sqrt(2.0 * n) * q));
    }

    /** The cumulative sums test, forward (mode 0). */
    static double cumulativeSums(byte[] b, long n) {
        long s = 0;
        long z = 0;
        for (long i = 0; i < n; i++) {
            s += 2 * bit(b, i) - 1;
            z = Math.max(z, Math.abs(s));
        }
        double sqrtN = Math.sqrt(n);
        double sum1 = 0;
        for (long k = (-n / z + 1) / 4; k <= (n / z - 1) / 4; k++) {
            sum1 += phi((4 * k + 1) * z / sqrtN) - phi((4 * k - 1) * z / sqrtN);
        }
        double sum2 = 0;
        for (long k = (-n / z - 3) / 4; k <= (n / z - 1) / 4; k++) {
            sum2 += phi((4 * k + 3) * z / sqrtN) - phi((4 * k + 1) * z / sqrtN);
        }
        return Math.max(0, Math.min(1, 1 - sum1 + sum2));
    }

    static double approximateEntropy(byte[] b, long n, int m) {
        double apEn = phiM(b, n, m) - phiM(b, n, m + 1);
        double chi = 2.0 * n * (Math.log(2) - apEn);
        return upperGamma(1 << (m - 1), chi / 2);
    }

    /** Sum over the overlapping m-bit patterns (the sequence wrapped around) of p ln p. */
    private static double phiM(byte[] b, long n, int m) {
        int[] counts = new int[1 << m];
        int mask = (1 << m) - 1;
        int w = 0;
        for (long i = 0; i < m - 1; i++) {
            w = w << 1 | bit(b, i);
        }
        for (long i = 0; i < n; i++) {
            w = (w << 1 | bit(b, (i + m - 1) % n)) & mask;
            counts[w]++;
        }
        double sum = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                sum += p * Math.log(p);
            }
        }
        return sum;
    }

    /** The standard normal distribution function. */
    static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** Complementary error function, fractional error below 1.2e-7 (the Chebyshev fit of Numerical Recipes). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Regularized upper incomplete gamma Q(a, x): a series below a + 1, a continued fraction above. */
    static double upperGamma(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        double lnPrefix = a * Math.log(x) - x - lnGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int k = 1; k < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; k++) {
                term *= x / (a + k);
                sum += term;
            }
            return Math.max(0, 1 - sum * Math.exp(lnPrefix));
        }
        // Lentz's method for the continued fraction of Q.
        double tiny = 1e-300;
        double bb = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / bb;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            bb += 2;
            d = an * d + bb;
            d = Math.abs(d) < tiny ? tiny : d;
            c = bb + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(lnPrefix) * h;
    }

    /** ln Gamma(a) for a > 0 (Lanczos, g = 7, nine terms). */
    static double lnGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - lnGamma(1 - a);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double x = a - 1;
        double s = c[0];
        for (int i = 1; i < c.length; i++) {
            s += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
