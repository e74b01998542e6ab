package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteStatsTest {
    private static ByteStats of(byte[] b) {
        ByteStats s = new ByteStats();
        s.update(b, 0, b.length);
        return s;
    }

    private static byte[] permutation() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) (i * 7 + 3); // 7 is odd, so this is a permutation of 0..255
        }
        return b;
    }

    /**
     * Statistics counted for the histogram only say so, and the classifier completes them when it needs the
     * score: the same class and score as from full statistics, on random bytes and on compressor output.
     */
    @Test
    void histogramOnlyStatisticsAreCompletedWhenTheScoreIsNeeded() throws Exception {
        assertTrue(!new ByteStats().histogramOnly(), "empty");
        Random rnd = new Random(41);
        byte[] random = new byte[8192];
        rnd.nextBytes(random);
        byte[] text = Texts.generate("english", rnd, 200_000).getBytes(StandardCharsets.UTF_8);
        byte[] packed = CorpusGenerator.compress("bzip2", text, "t");
        DataClassifier classifier = new DataClassifier();
        for (byte[] w : new byte[][] {random, java.util.Arrays.copyOfRange(packed, 4096, 4096 + 8192)}) {
            ByteStats counted = new ByteStats();
            counted.updateHistogram(w, 0, w.length);
            assertTrue(counted.histogramOnly());
            ByteStats full = of(w);
            assertTrue(!full.histogramOnly());
            DataClassifier.Result a = classifier.classifyWithConfidence(counted, null, w, 0, w.length);
            DataClassifier.Result b = classifier.classifyWithConfidence(full, null, w, 0, w.length);
            assertEquals(b.dataClass(), a.dataClass());
            assertEquals(b.score(), a.score());
            assertTrue(!counted.histogramOnly(), "completed in place");
        }
    }

    @Test
    void empty() {
        ByteStats s = new ByteStats();
        assertEquals(0, s.count());
        assertEquals(0, s.entropy());
        assertEquals(0, s.chiSquare());
        assertEquals(0, s.serialCorrelation());
        assertEquals(1, s.monteCarloPiError());
    }

    @Test
    void allZero() {
        ByteStats s = of(new byte[1000]);
        assertEquals(1000, s.count());
        assertEquals(0, s.entropy(), 0);
        // one bin holds n, 255 hold 0: chi = 255 n
        assertEquals(255_000, s.chiSquare(), 1e-6);
        assertEquals(0, s.serialCorrelation()); // undefined for constant data: reported as 0
        assertEquals(1.0, s.maxFrequency());
        // every point is (0, 0), inside the circle: the estimate is 4
        assertEquals(4.0, s.monteCarloPi());
        assertEquals((4 - Math.PI) / Math.PI, s.monteCarloPiError(), 1e-12);
        assertEquals(1.0, s.nonTextFraction());
    }

    @Test
    void allOnesBitsAreOutsideTheCircleAndFailMonobit() {
        byte[] b = new byte[600];
        java.util.Arrays.fill(b, (byte) 0xff);
        ByteStats s = of(b);
        assertEquals(0, s.monteCarloPi());
        assertEquals(1, s.monteCarloPiError(), 1e-12);
        assertEquals(Math.sqrt(8 * 600), s.monobitZ(), 1e-9);
    }

    @Test
    void uniformPermutation() {
        ByteStats s = of(permutation());
        assertEquals(8.0, s.entropy(), 1e-12);
        assertEquals(0.0, s.chiSquare(), 1e-12);
        assertEquals(127.5, s.mean(), 1e-12);
        assertEquals(0.0, s.monobitZ(), 1e-12);
        assertEquals(0.0, s.nibbleZ() * Math.sqrt(60) + 30, 1e-9); // every nibble exactly 16 times
    }

    @Test
    void serialCorrelationByHand() {
        // x = 1, 2, 3 with the wrap-around pair (3, 1): n = 3, sum x = 6, sum x^2 = 14, sum x[i]x[i+1] = 2 + 6 + 3
        // scc = (3 * 11 - 6^2) / (3 * 14 - 6^2) = -3 / 6
        assertEquals(-0.5, of(new byte[] {1, 2, 3}).serialCorrelation(), 1e-12);
        // alternating 0, 255: perfectly anti-correlated
        byte[] alt = new byte[100];
        for (int i = 1; i < alt.length; i += 2) {
            alt[i] = (byte) 255;
        }
        assertEquals(-1.0, of(alt).serialCorrelation(), 1e-12);
    }

    @Test
    void randomBytesLookRandom() {
        byte[] b = new byte[1 << 20];
        new Random(42).nextBytes(b);
        ByteStats s = of(b);
        assertTrue(s.entropy() > 7.999, "entropy " + s.entropy());
        assertTrue(Math.abs(s.chiSquareZ()) < 5, "chi z " + s.chiSquareZ());
        assertTrue(Math.abs(s.serialCorrelation()) < 5 / Math.sqrt(b.length));
        assertTrue(s.monteCarloPiError() < 0.01, "pi error " + s.monteCarloPiError());
        assertTrue(Math.abs(s.monobitZ()) < 5);
        assertTrue(Math.abs(s.bitSerialZ()) < 5);
        // 29 C0 controls (not tab, newline, return), DEL, 0xc0, 0xc1 and 0xf5..0xff: 43 of 256 values
        assertEquals(43 / 256.0, s.nonTextFraction(), 0.005);
    }

    @Test
    void splitUpdatesEqualOneUpdate() {
        byte[] b = new byte[100_000];
        new Random(7).nextBytes(b);
        for (int i = 0; i < b.length; i += 3) {
            b[i] = (byte) (b[i] & 0x3f); // some bias, so the statistics are not all near their null values
        }
        ByteStats whole = of(b);
        ByteStats parts = new ByteStats();
        Random r = new Random(8);
        for (int off = 0; off < b.length; ) {
            int n = Math.min(b.length - off, r.nextInt(20));
            parts.update(b, off, n);
            off += n;
        }
        assertEquals(whole.count(), parts.count());
        assertEquals(whole.entropy(), parts.entropy(), 0);
        assertEquals(whole.chiSquare(), parts.chiSquare(), 0);
        assertEquals(whole.serialCorrelation(), parts.serialCorrelation(), 0);
        assertEquals(whole.monteCarloPi(), parts.monteCarloPi(), 0);
        assertEquals(whole.bitSerialZ(), parts.bitSerialZ(), 0);
        parts.reset();
        parts.update(b, 0, b.length);
        assertEquals(whole.bitSerialZ(), parts.bitSerialZ(), 0);
        assertEquals(whole.serialCorrelation(), parts.serialCorrelation(), 0);
    }

    @Test
    void textOfAnyScriptIsText() {
        String text = "Grüße aus Köln — привет, мир! 你好，世界。 مرحبا بالعالم\tend\r\n";
        ByteStats s = of(text.repeat(20).getBytes(StandardCharsets.UTF_8));
        assertEquals(0, s.nonTextFraction());
        assertEquals(0, s.utf8Imbalance(), 1e-12);
        assertEquals(DataClass.PLAINTEXT, new DataClassifier().classify(s));
    }

    @Test
    void classifierNeedsMinimumBytes() {
        byte[] b = new byte[DataClassifier.MIN_BYTES - 1];
        new Random(1).nextBytes(b);
        assertEquals(DataClass.UNKNOWN, new DataClassifier().classify(of(b)));
        assertEquals(DataClass.UNKNOWN, new DataClassifier().classify(of(new byte[4096])));
        byte[] r = new byte[65536];
        new Random(2).nextBytes(r);
        assertEquals(DataClass.ENCRYPTED, new DataClassifier().classify(of(r)));
    }

    @Test
    void samplerWithKnownLength() {
        int len = 10 << 20;
        byte[] b = new byte[len];
        new Random(3).nextBytes(b);
        ByteStats s = new ByteStats();
        Sampler sampler = new Sampler(s, len);
        sampler.update(b, 0, len);
        long bound = Sampler.DEFAULT_HEAD + (long) Sampler.DEFAULT_BLOCK * Sampler.DEFAULT_MAX_BLOCKS;
        assertEquals(bound, sampler.sampled());
        assertEquals(bound, s.count());
        // the same sample when the stream arrives in pieces
        ByteStats s2 = new ByteStats();
        Sampler pieces = new Sampler(s2, len);
        for (int off = 0; off < len; off += 1460) {
            pieces.update(b, off, Math.min(1460, len - off));
        }
        assertEquals(s.count(), s2.count());
        assertEquals(s.chiSquare(), s2.chiSquare(), 0);
        assertEquals(s.serialCorrelation(), s2.serialCorrelation(), 0);
        // small objects are taken whole
        Sampler small = new Sampler(s, 100_000);
        small.update(b, 0, 100_000);
        assertEquals(100_000, s.count());
    }

    @Test
    void samplerWithUnknownLengthStaysBounded() {
        byte[] chunk = new byte[65536];
        new Random(4).nextBytes(chunk);
        ByteStats s = new ByteStats();
        Sampler sampler = new Sampler(s, -1);
        for (int i = 0; i < 1024; i++) { // 64 MiB
            sampler.update(chunk, 0, chunk.length);
        }
        assertEquals(64L << 20, sampler.position());
        // 64 KiB head + 16 blocks per doubling, about 10 doublings
        assertTrue(sampler.sampled() < 64 * 1024 + 4096 * 16 * 12, "sampled " + sampler.sampled());
        assertTrue(sampler.sampled() > 64 * 1024 + 4096 * 16 * 4, "sampled " + sampler.sampled());
        assertEquals(sampler.sampled(), s.count());
    }

    @Test
    void shorterWindowSerialTests() {
        byte[] random = new byte[16 * 1024];
        new Random(31).nextBytes(random);
        ByteStats s = new ByteStats();
        s.update(random, 0, random.length);
        assertEquals(s.bitSerialZ(), s.bitSerialZ(8), 1e-9);
        for (int m = 2; m <= 8; m++) {
            assertTrue(Math.abs(s.bitSerialZ(m)) < 5, m + ": " + s.bitSerialZ(m));
        }
        // bytes whose bits alternate: every 2-bit window is 01 or 10, far from uniform
        byte[] alternating = new byte[4096];
        java.util.Arrays.fill(alternating, (byte) 0x55);
        s.reset();
        s.update(alternating, 0, alternating.length);
        assertTrue(s.bitSerialZ(2) > 100, "z " + s.bitSerialZ(2));
    }
}
