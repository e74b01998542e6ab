package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Lzma2ChunkFinderTest {
    private static final String[] KINDS = {"english", "json", "chinese", "csv", "java"};
    /** A text of each kind, made once for all tests: 1.6 MB gives xz streams of four chunks and more. */
    private static final Map<String, byte[]> TEXTS = new ConcurrentHashMap<>();

    private static byte[] text(String kind) {
        return TEXTS.computeIfAbsent(kind, k -> Texts.generate(k, new Random(k.hashCode()), 1_600_000)
                .getBytes(StandardCharsets.UTF_8));
    }

    @TempDir
    Path tmp;

    /**
     * XZ for Java (the corpus's xz): every 64 KiB fragment holds a chunk header, and it is found unless it is
     * that of the first chunk (which sets properties, so its header is longer) or of the last (not full).
     */
    @Test
    void findsTheChunksOfXzForJava() throws IOException {
        int[] found = fragments(text -> CorpusGenerator.compress("xz", text, "t"), 65536);
        assertEquals(found[2], found[3], "64 KiB fragments with an inner chunk's header, and those found");
        assertTrue(found[2] >= found[1] / 2, "64 KiB: " + found[2] + " of " + found[1] + " with an inner header");
    }

    /** liblzma, as xz-utils and Python's lzma module use it: the same, with its own full-chunk size. */
    @Test
    void findsTheChunksOfXzUtils() throws IOException {
        Assumptions.assumeTrue(onPath("xz"), "xz-utils not installed");
        // chunk sizes are the same at every preset (measured 0, 3, 6, 9); -3 is quick
        Compressor xz = text -> run(text, "in", "in.xz", "xz", "-k", "-3", "in");
        int[] found = fragments(xz, 65536);
        assertEquals(found[2], found[3], "64 KiB fragments with an inner chunk's header, and those found");
        assertTrue(found[2] >= found[1] / 2, "64 KiB: " + found[2] + " of " + found[1] + " with an inner header");
        int[] small = fragments(xz, 16384);
        assertEquals(small[2], small[3], "16 KiB fragments with an inner chunk's header, and those found");
        // a 16 KiB fragment holds one of the headers 61 KiB apart about a quarter of the time
        assertTrue(small[2] >= small[1] / 10 && small[2] <= small[1] / 3, "16 KiB: " + small[2] + " of " + small[1]);
    }

    /** 7-Zip's xz at its default preset varies its chunk sizes: found only where two headers chain. */
    @Test
    void findsChainedChunksOfSevenZip() throws IOException {
        Assumptions.assumeTrue(onPath("7zz"), "7-Zip (7zz) not installed");
        int[] found = fragments(text -> run(text, "in", "out.xz", "7zz", "a", "-txz", "-mx=5", "-mmt=1", "out.xz",
                "in"), 65536);
        // chunks of about 49.3 KB: a 64 KiB window holds two headers a third of the time
        assertTrue(found[0] >= found[1] / 6, "64 KiB: " + found[0] + " of " + found[1]);
    }

    /**
     * Random bytes and the five corpus ciphers, in 64 KiB windows: a header is found in fewer than one window in
     * a hundred (the class comment's estimate is 0.66 in a hundred).
     */
    @Test
    void randomBytesAndCiphertextRarelyHoldAHeader() throws GeneralSecurityException {
        Random rnd = new Random(31);
        byte[] w = new byte[65536];
        int windows = 0;
        int hits = 0;
        for (int i = 0; i < 640; i++) {
            rnd.nextBytes(w);
            String cipher = CorpusGenerator.CIPHERS.get(i / 2 % CorpusGenerator.CIPHERS.size());
            byte[] data = i % 2 == 0 ? w : CorpusGenerator.encrypt(cipher, w, rnd);
            windows++;
            if (Lzma2ChunkFinder.find(data, 0, 65536) >= 0) {
                hits++;
            }
        }
        System.out.printf("random and ciphertext: a chunk header in %d of %d windows of 64 KiB%n", hits, windows);
        assertTrue(hits * 100 < windows, hits + " of " + windows);
    }

    /**
     * Windows (overlapping by half) of the other compressors' output that the statistics call encrypted, the
     * only ones the search runs on (raw LZMA above all, which has no chunks): as rare as in random bytes. Their
     * other windows are not random (LZ4's tokens and offsets spell headers often) and are never searched.
     */
    @Test
    void otherCompressorsRarelyHoldAHeaderWhereTheSearchRuns() throws IOException {
        ByteStats stats = new ByteStats();
        int windows = 0;
        int hits = 0;
        for (String kind : KINDS) {
            byte[] text = text(kind);
            for (String format : List.of("gzip", "deflate", "bzip2", "lzma", "zstd", "lz4")) {
                byte[] in = CorpusGenerator.compress(format, text, kind);
                for (int off = 0; off + 65536 <= in.length; off += 32768) {
                    stats.reset();
                    stats.update(in, off, 65536);
                    if (DataClassifier.score(stats) < DataClassifier.threshold(65536)) {
                        windows++;
                        hits += Lzma2ChunkFinder.find(in, off, 65536) >= 0 ? 1 : 0;
                    }
                }
            }
        }
        System.out.printf("other compressors, windows called encrypted: a chunk header in %d of %d of 64 KiB%n",
                hits, windows);
        assertTrue(windows >= 50, "windows " + windows);
        assertTrue(hits * 20 < windows, hits + " of " + windows);
    }

    @Test
    void headerFieldsAreReadAsTheFormatSpecifiesThem() {
        // LZMA chunk, unpacked 0x1_2344 + 1 bytes, packed 0xEFFF + 1 = 61,440 (liblzma's full chunk)
        byte[] b = {(byte) 0x81, 0x23, 0x44, (byte) 0xEF, (byte) 0xFF, 0x00, 0x11};
        assertEquals(0x12345, Lzma2ChunkFinder.unpackedSize(b, 0));
        assertEquals(61_440, Lzma2ChunkFinder.packedSize(b, 0));
        assertEquals(0, Lzma2ChunkFinder.find(b, 0, b.length));
        b[5] = 1; // the range coder's first byte is always 0
        assertEquals(-1, Lzma2ChunkFinder.find(b, 0, b.length));
        b[5] = 0;
        b[0] = (byte) 0xC1; // a chunk that resets state and sets properties has one more header byte
        assertEquals(-1, Lzma2ChunkFinder.find(b, 0, b.length));
        b[0] = (byte) 0x80;
        b[1] = 0x10; // unpacked 0x1045: smaller than packed, which an encoder would have stored uncompressed
        assertEquals(-1, Lzma2ChunkFinder.find(b, 0, b.length));
        b[0] = (byte) 0x81;
        b[4] = (byte) 0xF0; // packed 61,425: no known encoder's full chunk, and no second header to chain
        assertEquals(-1, Lzma2ChunkFinder.find(b, 0, b.length));
    }

    private interface Compressor {
        byte[] compress(byte[] text) throws IOException;
    }

    /**
     * Cuts 20 fragments of {@code size} bytes past the first 512 bytes of each kind's xz stream; asserts that
     * every header found is a real chunk boundary; returns {found, fragments, fragments holding the header of
     * a full chunk that is neither the first nor the last, those of them found}.
     */
    private static int[] fragments(Compressor xz, int size) throws IOException {
        Random rnd = new Random(size);
        int[] r = new int[4];
        for (String kind : KINDS) {
            byte[] packed = xz.compress(text(kind));
            List<Integer> headers = chunkHeaders(packed);
            assertTrue(headers.size() >= 3, kind + ": " + headers.size() + " chunks in " + packed.length + " bytes");
            for (int i = 0; i < 20; i++) {
                int off = 512 + rnd.nextInt(packed.length - 512 - size);
                int at = Lzma2ChunkFinder.find(packed, off, size);
                r[1]++;
                if (at >= 0) {
                    r[0]++;
                    assertTrue(headers.contains(off + at), kind + ": no chunk starts at " + (off + at));
                }
                boolean inner = headers.subList(1, headers.size() - 1).stream()
                        .anyMatch(h -> h >= off && h + Lzma2ChunkFinder.HEADER < off + size);
                if (inner) {
                    r[2]++;
                    r[3] += at >= 0 ? 1 : 0;
                }
            }
        }
        System.out.printf("xz fragments of %d B: a chunk header found in %d of %d; in %d of the %d that hold an"
                + " inner chunk's%n", size, r[0], r[1], r[3], r[2]);
        return r;
    }

    /** Offsets of the LZMA2 chunk headers of the first block of an xz stream, read from its start. */
    static List<Integer> chunkHeaders(byte[] xz) {
        int p = 12 + ((xz[12] & 0xFF) + 1) * 4; // stream header, block header
        List<Integer> out = new ArrayList<>();
        while (p < xz.length && xz[p] != 0) {
            int control = xz[p] & 0xFF;
            out.add(p);
            if (control == 1 || control == 2) {
                p += 3 + ((xz[p + 1] & 0xFF) << 8 | xz[p + 2] & 0xFF) + 1;
            } else {
                assertTrue(control >= 0x80, "control " + control + " at " + p);
                p += (control >= 0xC0 ? 6 : 5) + Lzma2ChunkFinder.packedSize(xz, p);
            }
        }
        return out;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code text} to {@code in} in a fresh directory, runs {@code command} there, reads {@code out}. */
    private byte[] run(byte[] text, String in, String out, String... command) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "xz");
        Files.write(dir.resolve(in), text);
        List<String> cmd = List.of(command);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        try {
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + Files.readString(dir.resolve("log")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return Files.readAllBytes(dir.resolve(out));
    }
}
