package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The worked examples of NIST SP 800-22 rev. 1a, section 2, for {@link RandomnessTests}. */
class RandomnessTestsTest {
    /** The bit string {@code s} ("0" and "1"), packed most significant bit first. */
    private static byte[] bits(String s) {
        byte[] b = new byte[(s.length() + 7) / 8];
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '1') {
                b[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return b;
    }

    @Test
    void frequencyExample() {
        assertEquals(0.527089, RandomnessTests.monobit(bits("1011010101"), 10), 1e-6);
    }

    @Test
    void blockFrequencyExample() {
        assertEquals(0.801252, RandomnessTests.blockFrequency(bits("0110011010"), 10, 3), 1e-6);
    }

    @Test
    void runsExample() {
        assertEquals(0.147232, RandomnessTests.runs(bits("1001101011"), 10), 1e-6);
    }

    @Test
    void cumulativeSumsExample() {
        assertEquals(0.4116588, RandomnessTests.cumulativeSums(bits("1011010111"), 10), 1e-6);
    }

    @Test
    void approximateEntropyExample() {
        assertEquals(0.261961, RandomnessTests.approximateEntropy(bits("0100110101"), 10, 3), 1e-6);
    }

    @Test
    void incompleteGammaMatchesClosedForms() {
        // Q(1, x) = e^-x; Q(1/2, x) = erfc(sqrt x).
        assertEquals(Math.exp(-3), RandomnessTests.upperGamma(1, 3), 1e-12);
        assertEquals(Math.exp(-0.2), RandomnessTests.upperGamma(1, 0.2), 1e-12);
        assertEquals(RandomnessTests.erfc(Math.sqrt(5)), RandomnessTests.upperGamma(0.5, 5), 1e-7);
        assertEquals(Math.log(24), RandomnessTests.lnGamma(5), 1e-12);
    }

    @Test
    void randomBytesPassAndConstantBytesFail() {
        byte[] r = new byte[4096];
        new Random(3).nextBytes(r);
        assertTrue(RandomnessTests.minP(r, r.length) > 0.001, "random bytes pass all five tests");
        byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(100).getBytes();
        assertTrue(RandomnessTests.minP(text, 4096) < 1e-6, "text fails");
    }
}
