package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Evaluates {@link DataClassifier} on the EVALUATION corpus ({@link CorpusGenerator#EVALUATION_SEED}; the
 * thresholds were calibrated on {@link CorpusGenerator#TRAINING_SEED} with {@link FeatureDump}), prints the
 * confusion table per size and the per-format accuracy, writes them to {@code sensor/target/confusion-table.md}
 * and asserts the targets.
 *
 * <p>Targets: plaintext vs not-plaintext at least 99% at every size. Compressed vs encrypted: HEDGE's published
 * 94.7% (64 KiB) and 70.6% (1 KiB) are NOT reached on this corpus, because two of its nine compressed formats
 * (xz, lzma) are range-coded and statistically indistinguishable from ciphertext; the assertions are floors a
 * little under what the classifier achieves here, so a regression shows. The figures without the LZMA family
 * are reported alongside.
 */
class ConfusionTableTest {
    private static final DataClass[] TRUE_ROWS = {DataClass.PLAINTEXT, DataClass.COMPRESSED, DataClass.ENCRYPTED};
    /** Compressed-vs-encrypted accuracy floors per size (achieved on the evaluation seed minus a margin). */
    private static final Map<Integer, Double> CE_FLOOR = Map.of(512, 0.58, 1024, 0.62, 4096, 0.72, 16384, 0.84,
            65536, 0.84);

    private record Scored(CorpusGenerator.Sample sample, DataClass predicted) {
    }

    @Test
    void confusionTable() throws IOException {
        List<CorpusGenerator.Sample> corpus =
                new CorpusGenerator(CorpusGenerator.EVALUATION_SEED, 9).generate();
        ByteStats stats = new ByteStats();
        DataClassifier classifier = new DataClassifier();
        List<Scored> scored = new ArrayList<>();
        for (CorpusGenerator.Sample s : corpus) {
            stats.reset();
            stats.update(s.data(), 0, s.data().length);
            scored.add(new Scored(s, classifier.classify(stats)));
        }

        StringBuilder md = new StringBuilder();
        md.append("# Entropy classifier: confusion tables\n\n")
                .append("Evaluation seed ").append(CorpusGenerator.EVALUATION_SEED)
                .append(" (thresholds calibrated on training seed ").append(CorpusGenerator.TRAINING_SEED)
                .append("). Compressed samples are cut from past the first ").append(CorpusGenerator.HEADER_SKIP)
                .append(" bytes of the stream (no format header) unless marked \"with header\".\n\n");
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        summary.append("| size | plaintext vs not | compressed vs encrypted | same without xz/lzma |"
                + " compressed with header: C-vs-E |\n|---:|---:|---:|---:|---:|\n");
        for (int size : CorpusGenerator.SIZES) {
            List<Scored> plain = scored.stream().filter(x -> x.sample().size() == size && !x.sample().header())
                    .toList();
            md.append("## ").append(size).append(" bytes\n\n| true \\ predicted |");
            for (DataClass c : DataClass.values()) {
                md.append(' ').append(c.label()).append(" |");
            }
            md.append("\n|---|---:|---:|---:|---:|\n");
            for (DataClass t : TRUE_ROWS) {
                md.append("| ").append(t.label()).append(" |");
                for (DataClass p : DataClass.values()) {
                    long n = plain.stream().filter(x -> x.sample().truth() == t && x.predicted() == p).count();
                    md.append(' ').append(n).append(" |");
                }
                md.append('\n');
            }
            md.append("\nPer format (share classified correctly):\n\n| format | n | correct |\n|---|---:|---:|\n");
            Map<String, int[]> perFormat = new TreeMap<>();
            for (Scored x : plain) {
                String key = x.sample().truth().label() + "/" + x.sample().format();
                int[] c = perFormat.computeIfAbsent(key, k -> new int[2]);
                c[0]++;
                if (x.predicted() == x.sample().truth()) {
                    c[1]++;
                }
            }
            perFormat.forEach((k, c) -> md.append("| ").append(k).append(" | ").append(c[0]).append(" | ")
                    .append(pct(c[1], c[0])).append(" |\n"));
            md.append('\n');

            double textAcc = accuracy(plain, x -> true,
                    x -> (x.predicted() == DataClass.PLAINTEXT) == (x.sample().truth() == DataClass.PLAINTEXT));
            double ce = accuracy(plain, x -> x.sample().truth() != DataClass.PLAINTEXT,
                    x -> x.predicted() == x.sample().truth());
            double ceNoLzma = accuracy(plain, x -> x.sample().truth() != DataClass.PLAINTEXT
                            && !x.sample().format().equals("xz") && !x.sample().format().equals("lzma"),
                    x -> x.predicted() == x.sample().truth());
            List<Scored> headed = scored.stream().filter(x -> x.sample().size() == size
                    && (x.sample().header() || x.sample().truth() == DataClass.ENCRYPTED)).toList();
            double ceHeader = accuracy(headed, x -> x.sample().truth() != DataClass.PLAINTEXT,
                    x -> x.predicted() == x.sample().truth());
            summary.append(String.format(Locale.ROOT, "| %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n", size,
                    100 * textAcc, 100 * ce, 100 * ceNoLzma, 100 * ceHeader));
            if (textAcc < 0.99) {
                failures.add(size + " B: plaintext vs not " + textAcc);
            }
            if (ce < CE_FLOOR.get(size)) {
                failures.add(size + " B: compressed vs encrypted " + ce + " < " + CE_FLOOR.get(size));
            }
        }
        md.append("## Summary\n\n").append(summary)
                .append("\nHEDGE (published): compressed vs encrypted 94.7% at 64 KiB, 70.6% at 1 KiB.\n");
        System.out.println(md);
        Path out = Path.of(System.getProperty("packwatch.root", ".."), "sensor", "target", "confusion-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    private static double accuracy(List<Scored> xs, java.util.function.Predicate<Scored> which,
                                   java.util.function.Predicate<Scored> correct) {
        long n = 0;
        long ok = 0;
        for (Scored x : xs) {
            if (which.test(x)) {
                n++;
                if (correct.test(x)) {
                    ok++;
                }
            }
        }
        return n == 0 ? 1 : (double) ok / n;
    }

    private static String pct(int ok, int n) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * ok / n);
    }
}
