package io.packwatch.inspect.format;

import io.packwatch.testkit.Bytes;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.Detection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Right magic, wrong body: never a validated detection, never an exception; the miss is counted. */
class NearMissTest {
    static SignatureDetector detector;
    static List<Signature> signatures;

    @BeforeAll
    static void load() {
        signatures = SignatureLoader.load(Fixtures.signatureDir());
        detector = new SignatureDetector(signatures);
    }

    /** sample, format, byte index, new value (or -1 to flip the lowest bit), what breaks. */
    static Stream<Arguments> brokenHeaders() {
        return Stream.of(
                Arguments.of("cli.gz", "gzip", 3, 0xE0, "reserved FLG bits"),
                Arguments.of("cli.gz", "gzip", 10, 0x07, "deflate block type 3"),
                Arguments.of("cli.gz", "gzip", 9, 0x40, "OS byte"),
                Arguments.of("py.zlib", "zlib", 2, 0x07, "deflate block type 3"),
                Arguments.of("py.zlib", "zlib", 3, -1, "deflate data"),
                Arguments.of("cli.bz2", "bzip2", 4, 0x32, "block magic"),
                Arguments.of("cli.bz2", "bzip2", 3, 'A', "level"),
                Arguments.of("cli.bz2", "bzip2", 14, 0xFF, "origPtr beyond the block"),
                Arguments.of("py.zip", "zip", 8, 7, "compression method"),
                Arguments.of("py.zip", "zip", 30, 0x01, "control character in name"),
                Arguments.of("py.zip", "zip", 26, 0xFF, "name length past the data"),
                Arguments.of("hand-v4.rar", "rar", 7, -1, "main header CRC16"),
                Arguments.of("hand-v5.rar", "rar", 8, -1, "main header CRC32"),
                Arguments.of("hand-v5.rar", "rar", 6, 2, "version byte"),
                Arguments.of("cli.7z", "7z", 8, -1, "start header CRC32"),
                Arguments.of("cli.7z", "7z", 20, -1, "next header size (CRC32 mismatch)"),
                Arguments.of("cli.xz", "xz", 8, -1, "stream flags CRC32"),
                Arguments.of("cli.xz", "xz", 13, -1, "block header (CRC32 mismatch)"),
                Arguments.of("cli.lzma", "lzma", 3, 0x81, "dictionary size 0x810000"),
                Arguments.of("cli.lzma", "lzma", 13, 0x01, "range coder first byte"),
                Arguments.of("cli.zst", "zstd", 4, 0x2C, "frame header reserved bit"),
                Arguments.of("cli.lz4", "lz4", 5, 0x50, "block descriptor (header checksum mismatch)"),
                Arguments.of("cli.lz4", "lz4", 4, 0x24, "FLG version bits"),
                Arguments.of("cli.tar", "tar", 0, -1, "name changed, checksum not"),
                Arguments.of("cli.cab", "cab", 24, 2, "version 1.2"),
                Arguments.of("cli.cab", "cab", 17, 0x7F, "coffFiles beyond cbCabinet"),
                Arguments.of("cli.Z", "compress", 2, 0x91, "17 bits"),
                Arguments.of("cli.Z", "compress", 2, 0xF0, "reserved bits"),
                Arguments.of("cli.arj", "arj", 10, -1, "basic header CRC32"),
                Arguments.of("cli-newc.cpio", "cpio", 10, 'g', "non-hex field"),
                Arguments.of("cli-bin.cpio", "cpio", 21, 0xFF, "name size"),
                Arguments.of("cli.a", "ar", 66, 'x', "member header terminator"));
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("brokenHeaders")
    void brokenHeaderIsRejected(String sample, String format, int index, int value, String what) {
        byte[] b = Fixtures.sample(sample);
        b[index] = (byte) (value < 0 ? b[index] ^ 1 : value);
        long before = detector.rejectedCandidates();
        List<Detection> ds = assertDoesNotThrow(() -> detector.detect(b, 0, b.length, true));
        assertTrue(ds.stream().noneMatch(d -> d.format().equals(format) && d.offset() == 0), what + ": " + ds);
        if (!format.equals("tar") && !what.equals("version byte")) { // these no longer match the magic
            assertTrue(detector.rejectedCandidates() > before, "rejected candidate counted");
        }
    }

    @Test
    void snappyWithReservedChunkType() {
        byte[] b = Fixtures.javaSamples().get("snappy");
        b[10] = 0x02;
        assertTrue(detector.detect(b, 0, b.length, true).isEmpty());
    }

    static Stream<Arguments> allSamples() {
        List<Arguments> a = new ArrayList<>();
        for (Map.Entry<String, String> e : Fixtures.toolSamples().entrySet()) {
            a.add(Arguments.of(e.getKey(), e.getValue(), Fixtures.sample(e.getKey())));
        }
        for (Map.Entry<String, byte[]> e : Fixtures.javaSamples().entrySet()) {
            a.add(Arguments.of("java:" + e.getKey(), e.getKey(), e.getValue()));
        }
        return a.stream();
    }

    /** Cut right after the magic (and a few bytes more): the header is not there, so nothing is validated. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allSamples")
    void truncatedRightAfterMagic(String name, String format, byte[] sample) {
        Signature sig = signatures.stream().filter(s -> s.format().equals(format)).findFirst().orElseThrow();
        int magicEnd = 0;
        for (byte[] m : sig.magics()) {
            int at = sig.offset();
            if (sample.length >= at + m.length && Arrays.equals(sample, at, at + m.length, m, 0, m.length)) {
                magicEnd = Math.max(magicEnd, at + m.length);
            }
        }
        if (magicEnd == 0) { // v7 tar has no magic; cut inside its first header
            magicEnd = 100;
        }
        for (int cut = 1; cut <= magicEnd + 2; cut++) {
            int n = cut;
            List<Detection> ds = assertDoesNotThrow(() -> detector.detect(sample, 0, n, false));
            assertTrue(ds.isEmpty(), name + " cut at " + n + ": " + ds);
        }
    }

    @Test
    void zlibMagicInsideAsciiText() {
        byte[] text = Fixtures.text(30_000, 3);
        Random r = new Random(5);
        String[] magics = {"\u0078\u009c", "\u0078\u00da", "\u0078\u0001", "\u0078\u005e"};
        for (int i = 0; i < 200; i++) {
            int at = r.nextInt(text.length - 2);
            String m = magics[i % 4];
            text[at] = (byte) m.charAt(0);
            text[at + 1] = (byte) m.charAt(1);
        }
        // "x^" is plain ASCII and common in text: it must not be taken for zlib either
        byte[] more = "let y = x^2 + x^3; x^x^x; boxxx^".repeat(500).getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), detector.detect(text, 0, text.length, true));
        assertEquals(List.of(), detector.detect(more, 0, more.length, true));
    }

    @Test
    void pkAndOtherMagicsInsideRandomBinary() {
        Random r = new Random(11);
        byte[] b = new byte[65536];
        r.nextBytes(b);
        String[] hex = {"504B0304", "504B0506", "504B0708", "425A6839", "425A683931415926535",
            "1F8B0800", "526172211A0700", "526172211A070100", "377ABCAF271C", "FD377A585A00", "28B52FFD",
            "04224D18", "4D53434600000000", "1F9D90", "60EA", "070701", "C771", "213C617263683E0A", "5D000080"};
        for (int i = 0; i < 400; i++) {
            String h = hex[i % hex.length];
            if (h.length() % 2 == 1) {
                h = h + "9";
            }
            int at = r.nextInt(b.length - 64);
            for (int k = 0; k < h.length() / 2; k++) {
                b[at + k] = (byte) Integer.parseInt(h.substring(2 * k, 2 * k + 2), 16);
            }
        }
        long before = detector.rejectedCandidates();
        assertEquals(List.of(), detector.detect(b, 0, b.length, false));
        assertTrue(detector.rejectedCandidates() - before >= 300, "the magic hits were counted as rejected");
    }

    @Test
    void bzipMagicFollowedByGarbage() {
        byte[] b = ("BZh9" + "this is not a bzip2 block at all, just words").getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), detector.detect(b, 0, b.length, true));
        byte[] c = Bytes.concat(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59},
                new byte[] {1, 2, 3, 4}, Fixtures.text(500, 2));
        assertEquals(List.of(), detector.detect(c, 0, c.length, true));
    }

    @Test
    void badArgumentsGiveNothing() {
        byte[] b = Fixtures.sample("cli.gz");
        assertEquals(List.of(), detector.detect(b, 0, 0, true));
        assertEquals(List.of(), detector.detect(b, -1, 10, true));
        assertEquals(List.of(), detector.detect(b, 10, b.length, true));
        assertEquals(List.of(), detector.detect(null, 0, 10, true));
    }
}
