package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.support.Repo;
import io.packwatch.testkit.Bytes;
import io.packwatch.testkit.InspectionSamples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodedArchiveDetectorTest {
    private final Detector detector =
            new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures")));
    private final byte[] gzip = InspectionSamples.gzip(InspectionSamples.text(1, 20000));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private List<Detection> detect(byte[] b) {
        return detector.detect(b, 0, b.length, true);
    }

    @Test
    void base64GzipInsideJsonIsFoundWithItsLayers() {
        byte[] prefix = ascii("{\"host\":\"ws-17\",\"data\":\"");
        byte[] body = Bytes.concat(prefix, ascii(Base64.getEncoder().encodeToString(gzip)), ascii("\"}"));
        Detection d = detect(body).get(0);
        assertEquals("gzip", d.format());
        assertEquals("base64", d.encoding());
        assertEquals(List.of("base64", "gzip"), d.layers());
        assertEquals(prefix.length, d.offset());
        assertTrue(d.validated());
    }

    @Test
    void mimeBase64WithLineBreaksAndUrlSafeBase64AreFound() {
        byte[] mime = ascii(Base64.getMimeEncoder().encodeToString(gzip));
        assertTrue(new String(mime, StandardCharsets.US_ASCII).contains("\r\n"));
        Detection d = detect(mime).get(0);
        assertEquals("gzip", d.format());
        assertEquals("base64", d.encoding());
        byte[] zip = InspectionSamples.zip("a.txt", InspectionSamples.text(2, 5000));
        byte[] url = ascii("token=" + Base64.getUrlEncoder().withoutPadding().encodeToString(zip));
        Detection u = detect(url).stream().filter(x -> x.format().equals("zip")).findFirst().orElseThrow();
        assertEquals(6, u.offset());
        assertTrue(u.validated());
        assertTrue(List.of("base64", "base64url").contains(u.encoding()));
    }

    /**
     * A run is judged by all its characters: base64 written straight after 300 characters of one case is still
     * found, and a run of hex digits broken by a line break, or padded, is read as base64, not hex.
     */
    @Test
    void aRunIsJudgedWhole() {
        byte[] late = ascii("a".repeat(300) + Base64.getEncoder().encodeToString(gzip));
        Detection d = detect(late).get(0);
        assertEquals("gzip", d.format());
        assertEquals("base64", d.encoding());
        assertEquals(0, d.offset());
        String hex = HexFormat.of().formatHex(gzip);
        assertEquals("hex", detect(ascii(hex)).get(0).encoding());
        assertTrue(detect(ascii(hex.substring(0, 40) + "\n" + hex.substring(40))).stream()
                .noneMatch(x -> x.encoding().equals("hex")), "a line break ends a hex run");
    }

    @Test
    void hexAndEscapedBytesAreFound() {
        byte[] zlib = InspectionSamples.zlib(InspectionSamples.text(3, 8000));
        Detection h = detect(ascii("payload=" + HexFormat.of().formatHex(zlib))).get(0);
        assertEquals("zlib", h.format());
        assertEquals("hex", h.encoding());
        assertEquals(8, h.offset());
        StringBuilder repr = new StringBuilder("b'");
        for (byte x : gzip) {
            int v = x & 0xFF;
            repr.append(v >= 0x20 && v < 0x7F && v != '\\' && v != '\'' ? Character.toString(v) : String.format("\\x%02x", v));
        }
        repr.append('\'');
        Detection e = detect(ascii(repr.toString())).get(0);
        assertEquals("gzip", e.format());
        assertEquals("escaped", e.encoding());
        assertEquals(2, e.offset());
    }

    @Test
    void archivesInTheClearWinAndNothingIsInventedFromNoise() {
        assertEquals(List.of("gzip"), detect(gzip).get(0).layers());
        byte[] random = new byte[30000];
        new Random(7).nextBytes(random);
        byte[] b64 = ascii(Base64.getEncoder().encodeToString(random));
        assertTrue(detect(b64).stream().noneMatch(Detection::validated));
        assertEquals(List.of(), detect(InspectionSamples.text(9, 60000)));
        assertEquals(List.of(), detect(ascii(HexFormat.of().formatHex(random))).stream()
                .filter(Detection::validated).toList());
    }

    /**
     * The word-at-a-time search for base64 runs finds exactly the first position where
     * {@value EncodedArchiveDetector#MIN_BASE64} alphabet characters begin, on texts mixing the alphabet with
     * separators the word test sees (space, high bytes) and ones only the exact table sees ('.', ':', '=').
     */
    @Test
    void theRunSearchFindsTheFirstRunStartExactly() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
        byte[] separators = {' ', '\n', '.', ':', '=', (byte) 0xC3, '"', ','};
        Random r = new Random(7);
        int found = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[1 + r.nextInt(200)];
            int sepOneIn = 4 + r.nextInt(40);
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(sepOneIn) == 0 ? separators[r.nextInt(separators.length)]
                        : (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            int from = r.nextInt(b.length);
            int expected = firstRunStart(b, from, alphabet);
            assertEquals(expected, EncodedArchiveDetector.nextBase64Start(b, from, b.length), "case " + n);
            found += expected >= 0 ? 1 : 0;
        }
        assertTrue(found > 2000 && found < 18_000, "both outcomes are exercised: " + found);
    }

    private static int firstRunStart(byte[] b, int from, String alphabet) {
        for (int s = from; s + EncodedArchiveDetector.MIN_BASE64 <= b.length; s++) {
            boolean all = true;
            for (int i = s; i < s + EncodedArchiveDetector.MIN_BASE64 && all; i++) {
                all = alphabet.indexOf(b[i] & 0xFF) >= 0;
            }
            if (all) {
                return s;
            }
        }
        return -1;
    }

    /**
     * The spans are exactly the runs of {@value EncodedArchiveDetector#MIN_BASE64} or more bytes that the word
     * test cannot rule out (0x2B to 0x7F), found byte by byte: runs at every alignment, at the window's edges and
     * in the bytes after its last whole word, in windows that start anywhere in their array.
     */
    @Test
    void theSpansAreTheLongRunsOfInsideBytes() {
        byte[] outside = {' ', '\n', '"', 0, (byte) 0x80, (byte) 0xC3, '*'};
        Random r = new Random(3);
        CandidateRuns runs = new CandidateRuns(4096);
        int spans = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[1 + r.nextInt(n % 20 == 0 ? 2000 : 300)];
            int outsideOneIn = 2 + r.nextInt(60);
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(outsideOneIn) == 0 ? outside[r.nextInt(outside.length)] : (byte) ('+' + r.nextInt(0x80 - '+'));
            }
            int off = r.nextInt(Math.min(16, b.length));
            int len = r.nextInt(b.length - off + 1);
            runs.countAndMark(b, off, len, new ByteStats().lanes());
            List<String> expected = new ArrayList<>();
            for (int i = off, stop = off + len; i < stop; ) {
                int s = i;
                while (i < stop && b[i] >= '+') {
                    i++;
                }
                if (i - s >= EncodedArchiveDetector.MIN_BASE64) {
                    expected.add(s + "-" + i);
                }
                i = Math.max(i, s + 1);
            }
            List<String> marked = new ArrayList<>();
            for (int k = 0; k < runs.count; k++) {
                marked.add(runs.start[k] + "-" + runs.end[k]);
            }
            assertEquals(-1, runs.unmarkedFrom, "case " + n);
            assertEquals(expected, marked, "case " + n);
            spans += marked.size();
        }
        assertTrue(spans > 20_000, "spans " + spans);
    }

    /**
     * Searching only the spans the counting pass marked finds exactly what searching the whole window finds, and the
     * pass counts the same histogram: random mixes of prose, separators, high bytes and base64, hex and escaped
     * archives, with room for 8 spans so that many windows overflow it.
     */
    @Test
    void theMarkedSpansFindWhatTheWholeWindowSearchFinds() {
        EncodedArchiveDetector d = new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures")));
        byte[] zlib = InspectionSamples.zlib(InspectionSamples.text(4, 3000));
        String[] pieces = {"the quick brown fox ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ", "id.", "x:y,z\n",
            "A1b2C3d4E5f6G7h8I9j0KkLlMmNnOoPp ", "\r\n", "\u00e9t\u00e9 ", "0123456789abcdef0123456789abcdef0 ",
            "data=" + Base64.getEncoder().encodeToString(gzip).substring(0, 400) + "==\n",
            Base64.getMimeEncoder().encodeToString(zlib) + " ", HexFormat.of().formatHex(zlib) + ";",
            "b'\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x03\\xab\\xcd\\xef\\x01\\x02\\x03\\x04' "};
        Random r = new Random(11);
        CandidateRuns runs = new CandidateRuns(8);
        int withSpans = 0;
        int overflowed = 0;
        int found = 0;
        for (int n = 0; n < 3_000; n++) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + r.nextInt(n % 10 == 0 ? 200 : 30);
            for (int k = 0; k < parts; k++) {
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            int off = r.nextInt(Math.min(9, b.length));
            int len = b.length - off - r.nextInt(Math.min(9, b.length - off));
            if (len <= 0) {
                continue;
            }
            ByteStats stats = new ByteStats();
            runs.countAndMark(b, off, len, stats.lanes());
            stats.addLanes(len);
            long[] hist = io.packwatch.inspect.format.Bin.histogram(b, off, len);
            assertEquals(java.util.Arrays.toString(hist), java.util.Arrays.toString(stats.histogram()), "case " + n);
            List<Detection> whole = d.detect(b, off, len, true, hist);
            List<Detection> marked = d.detect(b, off, len, true, hist, runs);
            assertEquals(whole, marked, "case " + n);
            withSpans += runs.count > 0 ? 1 : 0;
            overflowed += runs.unmarkedFrom >= 0 ? 1 : 0;
            found += whole.isEmpty() ? 0 : 1;
        }
        assertTrue(withSpans > 1000 && overflowed > 20 && found > 500,
                "spans " + withSpans + ", overflowed " + overflowed + ", found " + found);
    }
}
