package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.entropy.CorpusGenerator;
import io.packwatch.inspect.entropy.TrialDecoder;
import io.packwatch.stats.Counters;
import io.packwatch.testkit.InspectionSamples;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowClassifierTest {
    private static final int WINDOW = 64 * 1024;

    /** xz output past its stream and block headers: statistics call it encrypted, trial decoding compressed. */
    @Test
    void headerlessXzIsCompressedOnlyWithTrialDecoding() throws IOException {
        byte[] packed = CorpusGenerator.compress("xz", InspectionSamples.text(7, 1 << 20), "t");
        int start = CorpusGenerator.streamStart("xz", packed);
        byte[] window = Arrays.copyOfRange(packed, start, start + WINDOW);

        WindowClassifier statsOnly = new WindowClassifier();
        statsOnly.classify(window, WINDOW, List.of(), null);
        assertEquals("encrypted", statsOnly.dataClass());
        assertEquals(ClassBasis.STATISTICS, statsOnly.basis());

        Counters counters = new Counters();
        WindowClassifier withTrial = new WindowClassifier(new TrialDecoder(4096, TrialDecoder.DEFAULT_RESYNC_SCAN), new InspectionCounters(counters));
        withTrial.classify(window, WINDOW, List.of(), null);
        assertEquals("compressed", withTrial.dataClass());
        assertEquals(ClassBasis.DECODED, withTrial.basis());
        assertEquals(TrialDecoder.Format.LZMA2, withTrial.decoder());
        assertTrue(withTrial.entropy() > 7.9, "entropy " + withTrial.entropy());

        byte[] random = new byte[WINDOW];
        new Random(8).nextBytes(random);
        withTrial.classify(random, WINDOW, List.of(), null);
        assertEquals("encrypted", withTrial.dataClass());
        assertEquals(ClassBasis.STATISTICS, withTrial.basis());
        assertNull(withTrial.decoder());

        // text is decided before any trial decode
        byte[] text = InspectionSamples.text(9, WINDOW);
        withTrial.classify(text, WINDOW, List.of(), null);
        assertEquals("plaintext", withTrial.dataClass());
        assertEquals(ClassBasis.TEXT, withTrial.basis());

        // fewer than 256 bytes are not judged, and not trial-decoded
        withTrial.classify(random, 100, List.of(), null);
        assertEquals("unknown", withTrial.dataClass());
        assertEquals(ClassBasis.TOO_SHORT, withTrial.basis());

        assertEquals(2, counters.get("inspect.entropy.trial_decodes"));
        assertEquals(1, counters.get("inspect.entropy.trial_hits"));
        assertEquals(1, counters.get("inspect.entropy.trial_budget_hits"));
        // the xz window's 4 KiB budget, plus what failing decoders produced before their error
        long bytes = counters.get("inspect.entropy.trial_bytes");
        assertTrue(bytes >= 4096 && bytes < 3 * 4096, "trial bytes " + bytes);
    }

    /**
     * 4 KiB cuts from inside a gzip stream that are encrypted to the statistics and to trial decoding from
     * the first byte: those where a deflate block starts in the window are compressed with the block search;
     * the block search never finds one in random windows.
     */
    @Test
    void deflateCutFromInsideItsStreamIsCompressedWhenABlockStartsInIt() throws IOException {
        byte[] packed = CorpusGenerator.compress("gzip", InspectionSamples.text(10, 4 << 20), "t");
        int len = 4096;
        Counters counters = new Counters();
        WindowClassifier noSearch = new WindowClassifier(new TrialDecoder(4096, 0), new InspectionCounters(new Counters()));
        WindowClassifier search = new WindowClassifier(new TrialDecoder(4096, TrialDecoder.DEFAULT_RESYNC_SCAN),
                new InspectionCounters(counters));
        int encrypted = 0;
        int found = 0;
        for (int off = 512; off + len <= packed.length; off += len) {
            byte[] w = Arrays.copyOfRange(packed, off, off + len);
            noSearch.classify(w, len, List.of(), null);
            if (!noSearch.dataClass().equals("encrypted")) {
                continue; // the statistics, or a decode from the first byte, got it right already
            }
            encrypted++;
            search.classify(w, len, List.of(), null);
            if (search.dataClass().equals("compressed")) {
                found++;
                assertEquals(ClassBasis.DEFLATE_BLOCK, search.basis());
            }
        }
        assertTrue(encrypted > 20 && found > 0 && found < encrypted, found + " of " + encrypted);
        assertEquals(encrypted, counters.get("inspect.entropy.resync_scans"));
        assertEquals(found, counters.get("inspect.entropy.resync_hits"));
        assertEquals(4096L * encrypted, counters.get("inspect.entropy.resync_bytes"));

        byte[] random = new byte[len];
        Random rnd = new Random(11);
        int searched = 0;
        for (int i = 0; i < 50; i++) {
            rnd.nextBytes(random);
            search.classify(random, len, List.of(), null);
            // at 4 KiB the statistics call about a fifth of random windows compressed; the rest are searched
            searched += search.dataClass().equals("encrypted") ? 1 : 0;
        }
        assertTrue(searched > 25, "searched " + searched);
        assertEquals(found, counters.get("inspect.entropy.resync_hits"));
        assertEquals(encrypted + searched, counters.get("inspect.entropy.resync_scans"));
    }
}
