package io.packwatch.inspect.entropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Classifies a labeled corpus with {@link DataClassifier} and trial decoding ({@link TrialDecoder}), as the sensor
 * does, and writes the confusion tables as Markdown: (i) compressed samples that start where the compressed stream
 * starts, right past the format header, where trial decoding applies; (ii) compressed fragments cut at a random
 * offset inside the stream (as HEDGE's), where the statistics decide, helped for xz and deflate by the chunk and
 * block searches ({@link TrialDecoder#resync}). Plaintext and ciphertext samples are the same in both.
 * {@link ConfusionTableTest} runs it on the generated corpus, {@link FileCorpusCheck} on files a user names.
 */
final class ConfusionTable {
    /**
     * The compressors the issue names for the corpus; the corpus adds raw deflate and lzma (alone). Their
     * column is the mean of the compressed and the encrypted recall, so it weighs both classes equally
     * as the others do.
     */
    static final Set<String> ISSUE_FORMATS = Set.of("gzip", "zlib", "bzip2", "xz", "zstd", "zip", "lz4");
    private static final DataClass[] TRUE_ROWS = {DataClass.PLAINTEXT, DataClass.COMPRESSED, DataClass.ENCRYPTED};

    /**
     * The accuracies at one size.
     *
     * @param startText (i) plaintext vs not
     * @param startCe (i) compressed vs encrypted
     * @param fragmentText (ii) plaintext vs not
     * @param fragmentCe (ii) compressed vs encrypted, all formats
     * @param fragmentIssue (ii) compressed vs encrypted on the issue's seven formats, both classes weighed equally
     */
    record Row(int size, double startText, double startCe, double fragmentText, double fragmentCe,
               double fragmentIssue) {
    }

    /** The Markdown report and its summary rows, one per size in {@link CorpusGenerator#SIZES}. */
    record Report(String markdown, List<Row> rows) {
        Row at(int size) {
            return rows.stream().filter(r -> r.size() == size).findFirst().orElseThrow();
        }
    }

    private record Scored(CorpusGenerator.Sample sample, DataClassifier.Result result) {
        DataClass predicted() {
            return result.dataClass();
        }
    }

    private ConfusionTable() {
    }

    /** Classifies every sample of {@code corpus} and reports; {@code intro} is the report's first paragraph. */
    static Report evaluate(List<CorpusGenerator.Sample> corpus, String intro) {
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
        md.append("# Entropy classifier: confusion tables\n\n").append(intro).append(" Trial decoding on, budget ")
                .append(TrialDecoder.DEFAULT_BUDGET).append(" bytes. Plaintext and ciphertext samples are cut anywhere.\n\n");
        StringBuilder summary = new StringBuilder();
        summary.append("| size | (i) plaintext vs not | (i) compressed vs encrypted | (ii) plaintext vs not"
                + " | (ii) compressed vs encrypted | (ii) the issue's seven formats | with format header: C-vs-E |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> rows = new ArrayList<>();
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
            rows.add(new Row(size, a[0], a[1], b[0], b[1], ceIssue));
        }
        md.append("## Summary\n\n").append(summary)
                .append("\nHEDGE (published, fragments): compressed vs encrypted 94.7% at 64 KiB, 70.6% at 1 KiB.\n");
        return new Report(md.toString(), List.copyOf(rows));
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

    private static double accuracy(List<Scored> xs, Predicate<Scored> which, Predicate<Scored> correct) {
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
