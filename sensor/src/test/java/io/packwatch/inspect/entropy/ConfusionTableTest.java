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
 * Evaluates {@link DataClassifier} with trial decoding ({@link TrialDecoder}) on the EVALUATION corpus
 * ({@link CorpusGenerator#EVALUATION_SEED}; the thresholds were calibrated on {@link CorpusGenerator#TRAINING_SEED}
 * with {@link FeatureDump}) and writes two sets of confusion tables to {@code sensor/target/confusion-table.md}:
 * (i) compressed samples that start where the compressed stream starts, right past the format header, where
 * trial decoding applies; (ii) compressed fragments cut at a random offset inside the stream (as HEDGE's), where
 * the statistics decide, helped for xz and deflate by the chunk and block searches ({@link TrialDecoder#resync}).
 * Plaintext and ciphertext samples are the same in both.
 *
 * <p>Targets: plaintext vs not-plaintext at least 99% at every size in both. Compressed vs encrypted: floors a
 * little under what is achieved here, so a regression shows. HEDGE's published 94.7% (64 KiB) and 70.6%
 * (1 KiB) are beaten in (i); in (ii) on the issue's seven formats at 64 KiB, not at 1 KiB. lzma (alone) is never
 * found inside its stream (range coding, no chunks), so (ii) over all nine formats cannot pass (1 + 8/9) / 2 =
 * 94.4%.
 */
class ConfusionTableTest {
    /**
     * Samples per plaintext kind: 36 gives 468 samples per class and size, so an accuracy is known to about
     * ±1.5 points (one standard error), where 9 gave ±3.
     */
    private static final int EVALUATION_PER_KIND = 36;
    /**
     * The compressors the issue names for the corpus; the corpus adds raw deflate and lzma (alone). Their
     * column is the mean of the compressed and the encrypted recall, so it weighs both classes equally
     * as the others do.
     */
    private static final java.util.Set<String> ISSUE_FORMATS =
            java.util.Set.of("gzip", "zlib", "bzip2", "xz", "zstd", "zip", "lz4");
    private static final DataClass[] TRUE_ROWS = {DataClass.PLAINTEXT, DataClass.COMPRESSED, DataClass.ENCRYPTED};
    /** Compressed-vs-encrypted accuracy floors per size (achieved on the evaluation seed minus a margin). */
    private static final Map<Integer, Double> FRAGMENT_FLOOR = Map.of(512, 0.59, 1024, 0.63, 4096, 0.77,
            16384, 0.87, 65536, 0.91);
    private static final Map<Integer, Double> STREAM_START_FLOOR = Map.of(512, 0.92, 1024, 0.88, 4096, 0.93,
            16384, 0.99, 65536, 0.99);

    private record Scored(CorpusGenerator.Sample sample, DataClassifier.Result result) {
        DataClass predicted() {
            return result.dataClass();
        }
    }

    @Test
    void confusionTables() throws IOException {
        List<CorpusGenerator.Sample> corpus =
                new CorpusGenerator(CorpusGenerator.EVALUATION_SEED, EVALUATION_PER_KIND).generate();
        ByteStats stats = new ByteStats();
        DataClassifier classifier = new DataClassifier();
        TrialDecoder trial = new TrialDecoder();
        List<Scored> scored = new ArrayList<>();
        for (CorpusGenerator.Sample s : corpus) {
            stats.reset();
            stats.update(s.data(), 0, s.data().length);
            scored.add(new Scored(s, classifier.classifyWithConfidence(stats, trial, s.data(), 0, s.data().length)));
        }

        StringBuilder md = new StringBuilder();
        md.append("# Entropy classifier: confusion tables\n\n")
                .append("Evaluation seed ").append(CorpusGenerator.EVALUATION_SEED)
                .append(" (thresholds calibrated on training seed ").append(CorpusGenerator.TRAINING_SEED)
                .append("). Trial decoding on, budget ").append(TrialDecoder.DEFAULT_BUDGET)
                .append(" bytes. Plaintext and ciphertext samples are cut anywhere.\n\n");
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        summary.append("| size | (i) plaintext vs not | (i) compressed vs encrypted | (ii) plaintext vs not"
                + " | (ii) compressed vs encrypted | (ii) the issue's seven formats | with format header: C-vs-E |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : CorpusGenerator.SIZES) {
            List<Scored> start = cut(scored, size, CorpusGenerator.Cut.STREAM_START);
            List<Scored> fragment = cut(scored, size, CorpusGenerator.Cut.FRAGMENT);
            List<Scored> headed = cut(scored, size, CorpusGenerator.Cut.WITH_HEADER);
            md.append("## ").append(size).append(" bytes\n\n");
            double[] a = table(md, "(i) compressed samples from the stream start, past the format header", start);
            double[] b = table(md, "(ii) compressed fragments at a random offset past the first "
                    + CorpusGenerator.HEADER_SKIP + " bytes", fragment);
            double ceIssue = (accuracy(fragment, x -> x.sample().truth() == DataClass.COMPRESSED
                            && ISSUE_FORMATS.contains(x.sample().format()), x -> x.predicted() == DataClass.COMPRESSED)
                    + accuracy(fragment, x -> x.sample().truth() == DataClass.ENCRYPTED,
                            x -> x.predicted() == DataClass.ENCRYPTED)) / 2;
            double ceHeader = accuracy(headed, x -> x.sample().truth() != DataClass.PLAINTEXT,
                    x -> x.predicted() == x.sample().truth());
            summary.append(String.format(Locale.ROOT, "| %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n",
                    size, 100 * a[0], 100 * a[1], 100 * b[0], 100 * b[1], 100 * ceIssue, 100 * ceHeader));
            for (double[] r : new double[][] {a, b}) {
                if (r[0] < 0.99) {
                    failures.add(size + " B: plaintext vs not " + r[0]);
                }
            }
            if (a[1] < STREAM_START_FLOOR.get(size)) {
                failures.add(size + " B (i): compressed vs encrypted " + a[1] + " < " + STREAM_START_FLOOR.get(size));
            }
            if (b[1] < FRAGMENT_FLOOR.get(size)) {
                failures.add(size + " B (ii): compressed vs encrypted " + b[1] + " < " + FRAGMENT_FLOOR.get(size));
            }
        }
        md.append("## Summary\n\n").append(summary)
                .append("\nHEDGE (published, fragments): compressed vs encrypted 94.7% at 64 KiB, 70.6% at 1 KiB.\n");
        System.out.println(md);
        Path out = Path.of(System.getProperty("packwatch.root", ".."), "sensor", "target", "confusion-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /** Plaintext and ciphertext of {@code size} bytes, with the compressed samples of {@code cut}. */
    private static List<Scored> cut(List<Scored> all, int size, CorpusGenerator.Cut cut) {
        return all.stream().filter(x -> x.sample().size() == size && (x.sample().truth() == DataClass.COMPRESSED
                ? x.sample().cut() == cut : x.sample().cut() == CorpusGenerator.Cut.FRAGMENT)).toList();
    }

    /** Appends the confusion table and per-format accuracy; returns {plaintext-vs-not, compressed-vs-encrypted}. */
    private static double[] table(StringBuilder md, String title, List<Scored> xs) {
        md.append("### ").append(title).append("\n\n| true \\ predicted |");
        for (DataClass c : DataClass.values()) {
            md.append(' ').append(c.label()).append(" |");
        }
        md.append("\n|---|---:|---:|---:|---:|\n");
        for (DataClass t : TRUE_ROWS) {
            md.append("| ").append(t.label()).append(" |");
            for (DataClass p : DataClass.values()) {
                long n = xs.stream().filter(x -> x.sample().truth() == t && x.predicted() == p).count();
                md.append(' ').append(n).append(" |");
            }
            md.append('\n');
        }
        long decoded = xs.stream().filter(x -> x.result().decodedAs() != null).count();
        long decodedWrong = xs.stream().filter(x -> x.result().decodedAs() != null
                && x.sample().truth() != DataClass.COMPRESSED).count();
        md.append("\nTrial-decoded: ").append(decoded).append(" (of them not compressed: ").append(decodedWrong)
                .append(").\n\n| format | n | correct | trial-decoded |\n|---|---:|---:|---:|\n");
        Map<String, int[]> perFormat = new TreeMap<>();
        for (Scored x : xs) {
            String key = x.sample().truth().label() + "/" + x.sample().format();
            int[] c = perFormat.computeIfAbsent(key, k -> new int[3]);
            c[0]++;
            if (x.predicted() == x.sample().truth()) {
                c[1]++;
            }
            if (x.result().decodedAs() != null) {
                c[2]++;
            }
        }
        perFormat.forEach((k, c) -> md.append("| ").append(k).append(" | ").append(c[0]).append(" | ")
                .append(pct(c[1], c[0])).append(" | ").append(c[2]).append(" |\n"));
        md.append('\n');
        double textAcc = accuracy(xs, x -> true,
                x -> (x.predicted() == DataClass.PLAINTEXT) == (x.sample().truth() == DataClass.PLAINTEXT));
        double ce = accuracy(xs, x -> x.sample().truth() != DataClass.PLAINTEXT,
                x -> x.predicted() == x.sample().truth());
        md.append(String.format(Locale.ROOT, "Plaintext vs not %.1f%%, compressed vs encrypted %.1f%%.%n%n",
                100 * textAcc, 100 * ce));
        return new double[] {textAcc, ce};
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
