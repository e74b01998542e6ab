package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class DeflateBlockFinderTest {
    private static final List<String> DEFLATE_FORMATS = List.of("gzip", "zlib", "deflate", "zip");

    /**
     * Fragments cut anywhere past the first 512 bytes of deflate streams of several kinds of text: a block is
     * found in most fragments long enough to hold a block start, and every block found is a real one: zlib
     * inflates the bits from there, and the literals it writes are the original text.
     */
    @Test
    void findsRealBlocksInsideDeflateStreams() throws IOException, DataFormatException {
        DeflateBlockFinder finder = new DeflateBlockFinder();
        Random rnd = new Random(21);
        int[] sizes = {1024, 4096, 16384, 65536};
        int[][] found = new int[sizes.length][2];
        for (String kind : new String[] {"english", "json", "chinese", "csv", "java"}) {
            byte[] text = Texts.generate(kind, new Random(kind.hashCode()), 600_000).getBytes(StandardCharsets.UTF_8);
            for (String format : DEFLATE_FORMATS) {
                byte[] packed = CorpusGenerator.compress(format, text, kind);
                for (int si = 0; si < sizes.length; si++) {
                    for (int i = 0; i < 10; i++) {
                        int off = 512 + rnd.nextInt(packed.length - 512 - sizes[si] - 64);
                        long bit = finder.find(packed, off, sizes[si], Integer.MAX_VALUE);
                        found[si][1]++;
                        if (bit >= 0) {
                            found[si][0]++;
                            assertRealBlock(packed, off, sizes[si], bit, text, kind + " " + format);
                        }
                    }
                }
            }
        }
        for (int si = 0; si < sizes.length; si++) {
            System.out.printf("deflate fragments of %d B: a block found in %d of %d%n", sizes[si], found[si][0],
                    found[si][1]);
        }
        assertTrue(found[2][0] >= found[2][1] * 4 / 10, "16 KiB: " + found[2][0] + " of " + found[2][1]);
        assertTrue(found[3][0] >= found[3][1] * 95 / 100, "64 KiB: " + found[3][0] + " of " + found[3][1]);
    }

    /** Random bytes and ciphertext, searched at every bit: no block is ever confirmed. */
    @Test
    void randomBytesAndCiphertextHoldNoBlock() throws GeneralSecurityException {
        DeflateBlockFinder finder = new DeflateBlockFinder();
        Random rnd = new Random(22);
        byte[] w = new byte[65536];
        long bytes = 0;
        for (int i = 0; i < 256; i++) {
            rnd.nextBytes(w);
            assertEquals(-1, finder.find(w, 0, w.length, Integer.MAX_VALUE), "random window " + i);
            bytes += w.length;
        }
        byte[] text = Texts.generate("english", rnd, 1_000_000).getBytes(StandardCharsets.UTF_8);
        for (String cipher : CorpusGenerator.CIPHERS) {
            byte[] sealed = CorpusGenerator.encrypt(cipher, text, rnd);
            assertEquals(-1, finder.find(sealed, 0, sealed.length, Integer.MAX_VALUE), cipher);
            bytes += sealed.length;
        }
        System.out.printf("%d bytes: %d positions parsed, %d valid headers%n", bytes, finder.positionsParsed(),
                finder.headersValid());
        assertTrue(finder.positionsParsed() > 0);
    }

    /**
     * The other compressors' output (Huffman, FSE and range coders among them) and JPEG images (Huffman-coded
     * too) hold no deflate block anywhere: searched at every bit, 64 KiB at a time.
     */
    @Test
    void otherCompressorsAndJpegHoldNoDeflateBlock() throws IOException {
        DeflateBlockFinder finder = new DeflateBlockFinder();
        List<byte[]> inputs = new java.util.ArrayList<>();
        for (String kind : new String[] {"english", "json", "chinese"}) {
            byte[] text = Texts.generate(kind, new Random(kind.hashCode() + 1), 500_000).getBytes(StandardCharsets.UTF_8);
            for (String format : List.of("bzip2", "xz", "lzma", "zstd", "lz4")) {
                inputs.add(CorpusGenerator.compress(format, text, kind));
            }
        }
        for (int seed = 0; seed < 4; seed++) {
            inputs.add(jpeg(seed));
        }
        long bytes = 0;
        for (byte[] in : inputs) {
            for (int off = 0; off < in.length; off += 65536) {
                int len = Math.min(65536, in.length - off);
                assertEquals(-1, finder.find(in, off, len, Integer.MAX_VALUE), "at " + off + " of " + in.length);
                bytes += len;
            }
        }
        System.out.printf("%d bytes of other formats: %d positions parsed, %d valid headers%n", bytes,
                finder.positionsParsed(), finder.headersValid());
        assertTrue(bytes > 2_000_000, "bytes " + bytes);
    }

    /** A 640x480 JPEG of smooth gradients with noise, as ImageIO writes it. */
    private static byte[] jpeg(int seed) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(640, 480,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * (3 + seed) + y * 5) << 8 ^ r.nextInt(1 << 24) & 0x1F1F1F);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(img, "jpg", out));
        return out.toByteArray();
    }

    /**
     * zlib inflates the fragment's bits from {@code bit} on (behind a zero dictionary, since matches may
     * reach before the cut) without error, and what it writes is the original text wherever it does not come from that dictionary.
     */
    private static void assertRealBlock(byte[] packed, int off, int len, long bit, byte[] text, String what)
            throws DataFormatException {
        byte[] shifted = new byte[len];
        for (long j = 0; bit + j < 8L * len; j++) {
            long src = 8L * off + bit + j;
            if ((packed[(int) (src >>> 3)] >>> (src & 7) & 1) != 0) {
                shifted[(int) (j >>> 3)] |= (byte) (1 << (j & 7));
            }
        }
        shifted[0] &= ~1; // not the final block, so zlib reads on
        Inflater inf = new Inflater(true);
        inf.setDictionary(new byte[32768]);
        inf.setInput(shifted, 0, len - (int) (bit >>> 3) - 8);
        byte[] out = new byte[16384];
        int n = inf.inflate(out);
        inf.end();
        assertTrue(n >= 64, what + ": inflated " + n);
        assertTrue(alignsWithText(out, Math.min(n, 4000), text), what + ": output is not the text");
    }

    /**
     * Whether {@code out[0, n)} holds at least 16 literal bytes and is the text at some offset, every byte that
     * came from the zero dictionary (a zero; the text holds none) excepted.
     */
    private static boolean alignsWithText(byte[] out, int n, byte[] text) {
        int literals = 0;
        for (int i = 0; i < n; i++) {
            literals += out[i] != 0 ? 1 : 0;
        }
        for (int start = 0; literals >= 16 && start + n <= text.length; start++) {
            int i = 0;
            while (i < n && (out[i] == 0 || out[i] == text[start + i])) {
                i++;
            }
            if (i == n) {
                return true;
            }
        }
        return false;
    }
}
