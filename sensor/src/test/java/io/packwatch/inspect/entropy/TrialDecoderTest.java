package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrialDecoderTest {
    private static final Map<String, TrialDecoder.Format> EXPECTED = Map.of(
            "gzip", TrialDecoder.Format.DEFLATE, "zlib", TrialDecoder.Format.DEFLATE,
            "deflate", TrialDecoder.Format.DEFLATE, "zip", TrialDecoder.Format.DEFLATE,
            "bzip2", TrialDecoder.Format.BZIP2, "xz", TrialDecoder.Format.LZMA2, "lzma", TrialDecoder.Format.LZMA,
            "zstd", TrialDecoder.Format.ZSTD, "lz4", TrialDecoder.Format.LZ4);

    @Test
    void everyFormatDecodesFromItsStreamStartAtEverySize() throws IOException {
        TrialDecoder t = new TrialDecoder();
        for (String kind : new String[] {"english", "json", "chinese"}) {
            byte[] text = Texts.generate(kind, new Random(11), 400_000).getBytes(StandardCharsets.UTF_8);
            for (String format : CorpusGenerator.FORMATS) {
                byte[] packed = CorpusGenerator.compress(format, text, kind);
                int start = CorpusGenerator.streamStart(format, packed);
                for (int size : CorpusGenerator.SIZES) {
                    int len = Math.min(size, packed.length - start);
                    assertEquals(EXPECTED.get(format), t.decode(packed, start, len), kind + " " + format + " " + size);
                }
            }
        }
        assertTrue(t.bytesDecoded() > 0);
        assertTrue(t.budgetHits() > 0);
    }

    @Test
    void fragmentsFromInsideAStreamDoNotDecode() throws IOException {
        TrialDecoder t = new TrialDecoder();
        byte[] text = Texts.generate("english", new Random(12), 400_000).getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(13);
        int hits = 0;
        int n = 0;
        for (String format : CorpusGenerator.FORMATS) {
            byte[] packed = CorpusGenerator.compress(format, text, "english");
            for (int i = 0; i < 200; i++) {
                int off = 512 + rnd.nextInt(packed.length - 512 - 4096);
                n++;
                if (t.decode(packed, off, 4096) != null) {
                    hits++;
                }
            }
        }
        // a cut that happens to fall on a block boundary may decode; nearly all do not
        assertTrue(hits <= n / 100, hits + " of " + n);
    }

    /**
     * Random bytes (31 MB of windows, each tried three ways) and 10 MB of ciphertext never decode. Windows forced
     * past the cheapest checks (an LZMA stream's 0 byte, an LZMA2 chunk header) test the decoders behind them.
     */
    @Test
    void randomBytesAndCiphertextDoNotDecode() throws GeneralSecurityException {
        TrialDecoder t = new TrialDecoder();
        Random rnd = new Random(14);
        int[][] plan = {{512, 12_000}, {1024, 6_000}, {4096, 1_500}, {16384, 400}, {65536, 100}};
        long bytes = 0;
        for (int[] p : plan) {
            byte[] w = new byte[p[0]];
            for (int i = 0; i < p[1]; i++) {
                rnd.nextBytes(w);
                assertNull(t.decode(w, 0, w.length), "random window " + i + " of " + p[0]);
                w[0] = 0; // raw LZMA's first byte
                assertNull(t.decode(w, 0, w.length), "random window after 0 " + i + " of " + p[0]);
                w[0] = (byte) 0xE0; // an LZMA2 chunk with lc=3 lp=0 pb=2, then LZMA's first byte
                w[5] = 0x5D;
                w[6] = 0;
                assertNull(t.decode(w, 0, w.length), "random LZMA2 chunk " + i + " of " + p[0]);
                bytes += 3L * w.length;
            }
        }
        byte[] text = Texts.generate("english", rnd, 2_000_000).getBytes(StandardCharsets.UTF_8);
        for (String cipher : CorpusGenerator.CIPHERS) {
            byte[] sealed = CorpusGenerator.encrypt(cipher, text, rnd);
            for (int off = 0; off + 1024 <= sealed.length; off += 1024) {
                assertNull(t.decode(sealed, off, 1024), cipher + " at " + off);
                bytes += 1024;
            }
        }
        assertTrue(bytes > 30_000_000, "bytes " + bytes);
        assertTrue(t.attempts() > 30_000, "attempts " + t.attempts());
    }

    @Test
    void emptyShortAndConstantInputsAreRejected() {
        TrialDecoder t = new TrialDecoder();
        assertNull(t.decode(new byte[0], 0, 0));
        assertNull(t.decode(new byte[5], 0, 5));
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xff);
        assertNull(t.decode(ones, 0, ones.length));
    }

    /** Stream starts with random bytes changed and random lengths: whatever the decoders meet, no exception. */
    @Test
    void mutatedAndCutStreamsNeverThrow() throws IOException {
        TrialDecoder t = new TrialDecoder(1024, 0);
        byte[] text = Texts.generate("json", new Random(15), 300_000).getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(16);
        int decoded = 0;
        int n = 0;
        for (String format : CorpusGenerator.FORMATS) {
            byte[] packed = CorpusGenerator.compress(format, text, "json");
            int start = CorpusGenerator.streamStart(format, packed);
            for (int i = 0; i < 1500; i++) {
                byte[] w = Arrays.copyOfRange(packed, start, start + 8192);
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    w[rnd.nextInt(i % 2 == 0 ? 64 : w.length)] = (byte) rnd.nextInt(256);
                }
                int off = rnd.nextInt(4);
                int len = rnd.nextInt(w.length - off + 1);
                n++;
                if (t.decode(w, off, len) != null) {
                    decoded++;
                }
            }
        }
        // most mutations past the first bytes leave a decodable prefix; most in the first bytes do not
        assertTrue(decoded > n / 10 && decoded < n, decoded + " of " + n);
    }
}
