package io.packwatch.inspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.Detection;
import io.packwatch.testkit.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The histogram pruning and the anchor-pair scan of {@link SignatureDetector} find exactly what the
 * scan of every position finds: same formats, offsets, validation and details, also at the window
 * edges, with the per-format candidate budget, and when a byte of the magic occurs nowhere else.
 */
class PruningExactnessTest {
    private static final SignatureDetector REPO = SignatureDetector.fromDirectory(Fixtures.signatureDir());

    private static void assertSame(SignatureDetector d, byte[] w, int off, int len, String what) {
        List<Detection> reference = d.detectScanningAll(w, off, len, false);
        assertEquals(reference, d.detect(w, off, len, false, Bin.histogram(w, off, len)), what);
        assertEquals(reference, d.detect(w, off, len, false), what + " (own histogram)");
    }

    @Test
    void everyToolSampleIsFoundTheSameWayInTextAndAtTheWindowEnd() {
        for (Map.Entry<String, String> e : Fixtures.toolSamples().entrySet()) {
            byte[] sample = Fixtures.sample(e.getKey());
            for (int lead : new int[] {0, 1, 9, 4093}) {
                byte[] w = Bytes.concat(Fixtures.text(lead, lead), sample);
                assertSame(REPO, w, 0, w.length, e.getKey() + " after " + lead + " bytes of text");
                List<Detection> all = REPO.detect(w, 0, w.length, true);
                // Old v7 tar has no magic: it is found by its checksum at the object start only.
                assertTrue(lead > 0 && e.getKey().equals("cli-v7.tar") ||all.stream().anyMatch(d -> d.format().equals(e.getValue()) && d.offset() == lead),
                        e.getKey() + " after " + lead + ": " + all);
                // Cut anywhere, the magic possibly in the last bytes: still the same as the full scan.
                for (int cut = 1; cut <= Math.min(sample.length, 24); cut++) {
                    assertSame(REPO, w, 0, lead + cut, e.getKey() + " cut to " + cut + " bytes after " + lead);
                }
                // And inside a larger array, at an offset.
                byte[] framed = Bytes.concat(new byte[] {0x1F, (byte) 0x8B, 0x08}, w, new byte[] {0x1F, (byte) 0x8B});
                assertSame(REPO, framed, 3, w.length, e.getKey() + " framed");
            }
        }
    }

    @Test
    void aMagicByteThatOccursOnlyInsideTheMagicIsNotRuledOut() {
        // Text of letters only: 0x1F and 0x8B occur once each, in the gzip header at the very end.
        byte[] gz = Fixtures.sample("cli.gz");
        byte[] header = Arrays.copyOf(gz, 10);
        byte[] w = Bytes.concat("plain words and more words ".repeat(40).getBytes(StandardCharsets.US_ASCII), header);
        long[] h = Bin.histogram(w, 0, w.length);
        assertEquals(1, h[0x1F]);
        assertEquals(1, h[0x8B]);
        // A magic-only signature finds the magic whatever follows: here its three bytes end the window.
        SignatureDetector magicOnly = new SignatureDetector(List.of(new Signature("gzip", List.of(new byte[] {0x1F,
            (byte) 0x8B, 0x08}), 0, Validators.NONE, "", false, "test")));
        byte[] end = Bytes.concat("words".repeat(100).getBytes(StandardCharsets.US_ASCII), new byte[] {0x1F, (byte) 0x8B, 0x08});
        List<Detection> found = magicOnly.detect(end, 0, end.length, false);
        assertEquals(1, found.size());
        assertEquals(end.length - 3, found.get(0).offset());
        assertSame(magicOnly, end, 0, end.length, "magic ending the window");
        assertEquals(List.of(), magicOnly.detect(end, 0, end.length - 1, false), "a magic cut by the window end");
        assertSame(REPO, w, 0, w.length, "gzip header ending the window");
    }

    @Test
    void tarMagicAtItsFixedOffsetIsExactNearBothEdges() {
        byte[] tar = Fixtures.sample("cli.tar");
        // "ustar" before offset 257 cannot start a tar; the real one after text can.
        byte[] w = Bytes.concat("ustar ".repeat(30).getBytes(StandardCharsets.US_ASCII), tar);
        assertSame(REPO, w, 0, w.length, "ustar in text before a tar");
        assertEquals(180, REPO.detect(w, 0, w.length, false).get(0).offset());
        for (int cut = 257; cut <= 270; cut++) {
            assertSame(REPO, w, 180, cut, "tar cut at " + cut);
        }
        // More false magics than the per-format budget before a real one: the budget counts them in order.
        byte[] many = Bytes.concat(("x".repeat(257) + "ustar ").repeat(SignatureDetector.MAX_CANDIDATES_PER_FORMAT + 5)
                .getBytes(StandardCharsets.US_ASCII), tar);
        assertSame(REPO, many, 0, many.length, "over the candidate budget");
        assertTrue(REPO.detect(many, 0, many.length, false).isEmpty(), "the real tar comes after the budget is spent");
    }

    @Test
    void randomWindowsOverTheMagicsOwnBytesMatchTheFullScan() {
        // Windows drawn from a few byte values, including every byte of some magics and not of
        // others, with magic-only signatures so every occurrence counts: thousands of edge cases.
        Random r = new Random(7);
        List<Signature> sigs = new ArrayList<>();
        byte[] alphabet = {0x1F, (byte) 0x8B, 0x08, 'u', 's', 't', 'a', 'r', 'P', 'K', 3, 4, 0};
        for (int i = 0; i < 12; i++) {
            List<byte[]> magics = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                byte[] m = new byte[2 + r.nextInt(4)];
                for (int j = 0; j < m.length; j++) {
                    m[j] = alphabet[r.nextInt(alphabet.length)];
                }
                magics.add(m);
            }
            sigs.add(new Signature("f" + i, magics, r.nextInt(4) == 0 ? 1 + r.nextInt(20) : 0, Validators.NONE, "",
                    false, "test"));
        }
        SignatureDetector d = new SignatureDetector(sigs);
        int found = 0;
        for (int n = 0; n < 3000; n++) {
            int used = 2 + r.nextInt(alphabet.length - 1);
            byte[] w = new byte[1 + r.nextInt(200)];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextInt(3) == 0 ? (byte) ('a' + r.nextInt(26)) : alphabet[r.nextInt(used)];
            }
            int off = r.nextInt(Math.min(w.length, 9));
            assertSame(d, w, off, w.length - off, "random window " + n);
            found += d.detect(w, off, w.length - off, false).size();
        }
        assertTrue(found > 1000, "the random windows hold magics: " + found);
    }

    @Test
    void thePlanRulesOutFormatsWhoseMagicHasAnAbsentByte() {
        List<Signature> sigs = SignatureLoader.load(Fixtures.signatureDir());
        byte[][][] magics = new byte[sigs.size()][][];
        for (int i = 0; i < magics.length; i++) {
            magics[i] = sigs.get(i).magics().toArray(new byte[0][]);
        }
        byte[] text = Fixtures.text(65536, 3);
        AnchorPlan plan = new AnchorPlan(magics);
        assertTrue(plan.fill(new Detection[magics.length], Bin.histogram(text, 0, text.length)),
                "lower-case text is scanned by anchor pairs");
        List<String> planned = new ArrayList<>();
        for (int f = 0; f < plan.formats; f++) {
            planned.add(sigs.get(plan.sigs[f]).format());
        }
        // Only tar's "ustar" is made of bytes this text has (it has no upper case, digits, '!' or '^').
        assertEquals(List.of("tar"), planned);
        byte[] random = new byte[65536];
        new Random(1).nextBytes(random);
        assertFalse(plan.fill(new Detection[magics.length], Bin.histogram(random, 0, random.length)),
                "random bytes hold every magic byte: the first-byte scan");
    }

    /**
     * With one anchor pair the word loop also tests a third byte beside it, after the pair or, when the pair ends a
     * magic, before it: windows of a few letters hold near misses of every kind (the pair without its third byte, a
     * pair at the window's first byte, magics whose third bytes differ) and still match the full scan.
     */
    @Test
    void theThirdByteBesideASingleAnchorPairLosesNothing() {
        Random r = new Random(5);
        byte[] letters = {'u', 's', 't', 'a', 'r', ' '};
        int after = 0;
        int before = 0;
        int found = 0;
        for (int n = 0; n < 12_000; n++) {
            List<Signature> sigs = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(2); i++) {
                List<byte[]> magics = new ArrayList<>();
                for (int k = 0; k < 1 + r.nextInt(2); k++) {
                    byte[] m = new byte[2 + r.nextInt(4)];
                    for (int j = 0; j < m.length; j++) {
                        m[j] = letters[r.nextInt(5)];
                    }
                    magics.add(m);
                }
                sigs.add(new Signature("f" + i, magics, r.nextInt(3) == 0 ? r.nextInt(6) : 0, Validators.NONE, "",
                        false, "test"));
            }
            byte[] w = new byte[1 + r.nextInt(120)];
            for (int i = 0; i < w.length; i++) {
                w[i] = letters[r.nextInt(letters.length)];
            }
            int off = r.nextInt(Math.min(w.length, 3));
            SignatureDetector d = new SignatureDetector(sigs);
            assertSame(d, w, off, w.length - off, "window " + n);
            found += d.detect(w, off, w.length - off, false).size();
            byte[][][] magics = sigs.stream().map(s -> s.magics().toArray(new byte[0][])).toArray(byte[][][]::new);
            AnchorPlan plan = new AnchorPlan(magics);
            if (plan.fill(new Detection[magics.length], Bin.histogram(w, off, w.length - off)) && plan.hasThird) {
                after += plan.thirdAt == 2 ? 1 : 0;
                before += plan.thirdAt == -1 ? 1 : 0;
            }
        }
        assertTrue(after > 200 && before > 60 && found > 3000, "after " + after + ", before " + before + ", found " + found);
    }
}
