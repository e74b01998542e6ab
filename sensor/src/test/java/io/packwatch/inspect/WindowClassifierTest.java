package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        Counters counters = new Counters();
        WindowClassifier withTrial = new WindowClassifier(new TrialDecoder(4096, TrialDecoder.DEFAULT_RESYNC_SCAN), new InspectionCounters(counters));
        withTrial.classify(window, WINDOW, List.of(), null);
        assertEquals("compressed", withTrial.dataClass());
        assertTrue(withTrial.entropy() > 7.9, "entropy " + withTrial.entropy());

        byte[] random = new byte[WINDOW];
        new Random(8).nextBytes(random);
        withTrial.classify(random, WINDOW, List.of(), null);
        assertEquals("encrypted", withTrial.dataClass());

        // text is decided before any trial decode
        byte[] text = InspectionSamples.text(9, WINDOW);
        withTrial.classify(text, WINDOW, List.of(), null);
        assertEquals("plaintext", withTrial.dataClass());

        assertEquals(2, counters.get("inspect.entropy.trial_decodes"));
        assertEquals(1, counters.get("inspect.entropy.trial_hits"));
        assertEquals(1, counters.get("inspect.entropy.trial_budget_hits"));
        // the xz window's 4 KiB budget, plus what failing decoders produced before their error
        long bytes = counters.get("inspect.entropy.trial_bytes");
        assertTrue(bytes >= 4096 && bytes < 3 * 4096, "trial bytes " + bytes);
    }
}
