package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluates {@link DataClassifier} with trial decoding ({@link TrialDecoder}) on the EVALUATION corpus
 * ({@link CorpusGenerator#EVALUATION_SEED}; the thresholds were calibrated on {@link CorpusGenerator#TRAINING_SEED}
 * with {@link FeatureDump}) and writes the confusion tables of {@link ConfusionTable} to
 * {@code sensor/target/confusion-table.md}.
 *
 * <p>Targets: plaintext vs not-plaintext at least 99% at every size in both. Compressed vs encrypted: floors a
 * little under what is achieved here, so a regression shows. HEDGE's published 94.7% (64 KiB) and 70.6%
 * (1 KiB) are beaten in (i); in (ii) on the seven formats at 64 KiB, not at 1 KiB. lzma (alone) is never
 * found inside its stream (range coding, no chunks), so (ii) over all nine formats cannot pass (1 + 8/9) / 2 =
 * 94.4%.
 */
class ConfusionTableTest {
    /**
     * Samples per plaintext kind: 36 gives 468 samples per class and size, so an accuracy is known to about
     * ±1.5 points (one standard error), where 9 gave ±3.
     */
    private static final int EVALUATION_PER_KIND = 36;
    /** Compressed-vs-encrypted accuracy floors per size (achieved on the evaluation seed minus a margin). */
    private static final Map<Integer, Double> FRAGMENT_FLOOR = Map.of(512, 0.59, 1024, 0.63, 4096, 0.77,
            16384, 0.87, 65536, 0.91);
    private static final Map<Integer, Double> STREAM_START_FLOOR = Map.of(512, 0.92, 1024, 0.88, 4096, 0.93,
            16384, 0.99, 65536, 0.99);

    @Test
    void confusionTables() throws IOException {
        List<CorpusGenerator.Sample> corpus =
                new CorpusGenerator(CorpusGenerator.EVALUATION_SEED, EVALUATION_PER_KIND).generate();
        ConfusionTable.Report report = ConfusionTable.evaluate(corpus, "Evaluation seed "
                + CorpusGenerator.EVALUATION_SEED + " (thresholds calibrated on training seed "
                + CorpusGenerator.TRAINING_SEED + ").");
        System.out.println(report.markdown());
        Path out = Path.of(System.getProperty("packwatch.root", ".."), "sensor", "target", "confusion-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);

        List<String> failures = new ArrayList<>();
        for (ConfusionTable.Row r : report.rows()) {
            if (r.startText() < 0.99 || r.fragmentText() < 0.99) {
                failures.add(r.size() + " B: plaintext vs not " + r.startText() + " / " + r.fragmentText());
            }
            if (r.startCe() < STREAM_START_FLOOR.get(r.size())) {
                failures.add(r.size() + " B (i): compressed vs encrypted " + r.startCe() + " < "
                        + STREAM_START_FLOOR.get(r.size()));
            }
            if (r.fragmentCe() < FRAGMENT_FLOOR.get(r.size())) {
                failures.add(r.size() + " B (ii): compressed vs encrypted " + r.fragmentCe() + " < "
                        + FRAGMENT_FLOOR.get(r.size()));
            }
        }
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }
}
