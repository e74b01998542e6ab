package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.format.Bin;
import io.packwatch.testkit.InspectionSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XzIndexFinderTest {
    private final XzIndexFinder finder = new XzIndexFinder();

    /** Where the index of an xz stream that fills {@code xz} starts: before the footer, by its backward size. */
    private static int indexOf(byte[] xz) {
        int f = xz.length - 12;
        long backward = Bin.u32le(xz, f + 4) + 1;
        return (int) (f - 4 * backward);
    }

    /**
     * Tails of xz streams as xz-utils (the checked-in cli.xz), Python's lzma (py.xz, py-chunks.xz) and XZ for
     * Java wrote them, cut at every 997th byte: the index is found at its place in each tail that holds it whole.
     */
    @Test
    void findsTheEndOfXzStreamsInTheirTails() throws IOException {
        byte[] xzJava = CorpusGenerator.compress("xz",
                Texts.generate("english", new Random(5), 300_000).getBytes(StandardCharsets.UTF_8), "t");
        int tails = 0;
        for (byte[] xz : new byte[][] {InspectionSamples.resource("formats/cli.xz"),
            InspectionSamples.resource("formats/py.xz"), InspectionSamples.resource("formats/py-chunks.xz"), xzJava}) {
            int index = indexOf(xz);
            assertEquals(0, xz[index], "index indicator");
            for (int cut = 1; cut < xz.length; cut += 997) {
                int at = finder.find(xz, cut, xz.length - cut);
                assertEquals(cut <= index ? index - cut : -1, at, "tail from " + cut + " of " + xz.length);
                tails++;
            }
            // stream padding after the footer changes nothing; a tail that stops inside the footer holds no end
            byte[] padded = Arrays.copyOf(xz, xz.length + 4);
            assertEquals(index, finder.find(padded, 0, padded.length));
            assertEquals(-1, finder.find(xz, 0, xz.length - 1));
        }
        assertTrue(tails > 100, "tails " + tails);
    }

    /** Each CRC and field is checked: any one byte of the index or footer changed, and nothing is found. */
    @Test
    void aChangedIndexOrFooterIsNotAStreamEnd() {
        byte[] xz = InspectionSamples.resource("formats/py-chunks.xz");
        int index = indexOf(xz);
        for (int p = index; p < xz.length; p++) {
            byte[] bad = xz.clone();
            bad[p] ^= 0x10;
            assertEquals(-1, finder.find(bad, 0, bad.length), "byte " + (p - index) + " of the index and footer");
        }
    }

    /** 40 MB of random bytes and of the five corpus ciphers: no stream end, though "YZ" occurs about 600 times. */
    @Test
    void randomBytesAndCiphertextHoldNoStreamEnd() throws GeneralSecurityException {
        Random rnd = new Random(41);
        byte[] w = new byte[65536];
        for (int i = 0; i < 640; i++) {
            rnd.nextBytes(w);
            String cipher = CorpusGenerator.CIPHERS.get(i / 2 % CorpusGenerator.CIPHERS.size());
            byte[] data = i % 2 == 0 ? w : CorpusGenerator.encrypt(cipher, w, rnd);
            // a "YZ" with a valid footer CRC planted in half the windows: the index CRC must still fail
            if (i % 4 < 2) {
                plantFooter(data, 40_000 + i);
            }
            assertEquals(-1, finder.find(data, 0, 65536), "window " + i);
        }
    }

    /** Writes a footer whose own CRC holds (backward size 8, check CRC64) ending at {@code at} + 12. */
    private static void plantFooter(byte[] b, int at) {
        byte[] tail = {1, 0, 0, 0, 0, 4, 'Y', 'Z'};
        System.arraycopy(tail, 0, b, at + 4, tail.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, at + 4, 6);
        int v = (int) crc.getValue();
        for (int k = 0; k < 4; k++) {
            b[at + k] = (byte) (v >>> 8 * k);
        }
    }
}
