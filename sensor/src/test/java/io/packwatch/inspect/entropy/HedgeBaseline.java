package io.packwatch.inspect.entropy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A HEDGE-style baseline on the project's corpus (not a test): the published method's kind of decision, run on
 * the same fragments as {@link ConfusionTable}'s table (ii), so that the classifier is compared with the method
 * and not only with the published figure, which was measured on other data.
 *
 * <p>HEDGE (Casino, Choo and Patsakis, IEEE TIFS 2019) calls a fragment compressed when the byte chi-square
 * is too large or when it fails NIST SP 800-22 randomness tests. This baseline takes the byte chi-square (as
 * {@link ByteStats#chiSquareZ}) and five NIST tests ({@link RandomnessTests}) and calls a fragment compressed
 * when the chi-square z reaches T or the smallest NIST p-value is below alpha. It does not know the paper's
 * own thresholds, so it is given the best it could have: T and alpha are chosen per size on the training seed
 * to maximise the same accuracy the table reports, then applied unchanged to the evaluation seed. With
 * directories named, the evaluation corpus is made of their files instead ({@link FileTexts}, as
 * {@link FileCorpusCheck} does), which shows whether the baseline comes near HEDGE's published figures on
 * real text. {@code --seed} evaluates on another seed than {@link CorpusGenerator#EVALUATION_SEED}. Run by
 * {@code sensor/bin/bench hedge [--per N] [--seed S] [DIR...]}.
 */
public final class HedgeBaseline {
    private static final double[] ALPHAS = {0, 1e-4, 1e-3, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15,
        0.2, 0.3};

    /** One fragment: truth, the baseline's two statistics, and the classifier's verdicts. */
    private record Point(boolean compressed, double chiZ, double minP, double score, boolean classifierSaysCompressed) {
    }

    private HedgeBaseline() {
    }

    public static void main(String[] args) throws IOException {
        int perKind = 36;
        long seed = CorpusGenerator.EVALUATION_SEED;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per" -> perKind = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> dirs.add(Path.of(args[i]));
            }
        }
        List<List<Point>> train = points(new CorpusGenerator(CorpusGenerator.TRAINING_SEED, 9));
        List<List<Point>> eval = points(dirs.isEmpty()
                ? new CorpusGenerator(seed, perKind)
                : new CorpusGenerator(seed, perKind, new FileTexts(dirs)));
        System.out.println("| size | chi-square only | chi-square or NIST, alpha 0.01 | chi-square or NIST, calibrated"
                + " | packwatch statistics | packwatch |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int si = 0; si < CorpusGenerator.SIZES.length; si++) {
            List<Point> tr = train.get(si);
            List<Point> ev = eval.get(si);
            double[] chiOnly = best(tr, new double[] {0});
            double[] fixed = best(tr, new double[] {0.01});
            double[] free = best(tr, ALPHAS);
            double t = DataClassifier.threshold(CorpusGenerator.SIZES[si]);
            System.out.printf(Locale.ROOT,
                    "| %d | %.1f %% | %.1f %% | %.1f %% (T %.1f, alpha %s) | %.1f %% | %.1f %% |%n",
                    CorpusGenerator.SIZES[si], 100 * accuracy(ev, chiOnly[0], chiOnly[1]),
                    100 * accuracy(ev, fixed[0], fixed[1]), 100 * accuracy(ev, free[0], free[1]), free[0],
                    free[1], 100 * meanRecall(ev, p -> p.score() >= t),
                    100 * meanRecall(ev, Point::classifierSaysCompressed));
        }
    }

    /** {T, alpha} that maximise the accuracy on {@code xs}, T in 0.1 steps. */
    private static double[] best(List<Point> xs, double[] alphas) {
        double[] best = {Double.POSITIVE_INFINITY, 0};
        double top = -1;
        for (double alpha : alphas) {
            for (int ti = -30; ti <= 400; ti++) {
                double a = accuracy(xs, ti / 10.0, alpha);
                if (a > top) {
                    top = a;
                    best = new double[] {ti / 10.0, alpha};
                }
            }
        }
        return best;
    }

    private static double accuracy(List<Point> xs, double t, double alpha) {
        return meanRecall(xs, p -> p.chiZ() >= t || p.minP() < alpha);
    }

    /** The mean of the compressed and the encrypted recall, as {@link ConfusionTable} reports it. */
    private static double meanRecall(List<Point> xs, java.util.function.Predicate<Point> saysCompressed) {
        int[] n = new int[2];
        int[] right = new int[2];
        for (Point p : xs) {
            int c = p.compressed() ? 1 : 0;
            n[c]++;
            if (saysCompressed.test(p) == p.compressed()) {
                right[c]++;
            }
        }
        return ((double) right[0] / n[0] + (double) right[1] / n[1]) / 2;
    }

    /** Per size, the fragments of the issue's seven formats and the ciphertexts of a corpus. */
    private static List<List<Point>> points(CorpusGenerator generator) {
        List<CorpusGenerator.Sample> corpus = generator.generate();
        List<List<Point>> out = new ArrayList<>();
        ByteStats s = new ByteStats();
        DataClassifier classifier = new DataClassifier();
        TrialDecoder trial = new TrialDecoder();
        for (int size : CorpusGenerator.SIZES) {
            List<Point> xs = new ArrayList<>();
            for (CorpusGenerator.Sample x : corpus) {
                boolean compressed = x.truth() == DataClass.COMPRESSED;
                if (x.size() != size || x.cut() != CorpusGenerator.Cut.FRAGMENT || x.truth() == DataClass.PLAINTEXT
                        || compressed && !ConfusionTable.ISSUE_FORMATS.contains(x.format())) {
                    continue;
                }
                s.reset();
                s.update(x.data(), 0, size);
                boolean verdict = classifier.classifyWithConfidence(s, trial, x.data(), 0, size).dataClass()
                        == DataClass.COMPRESSED;
                xs.add(new Point(compressed, s.chiSquareZ(), RandomnessTests.minP(x.data(), size),
                        DataClassifier.score(s), verdict));
            }
            out.add(xs);
        }
        return out;
    }
}
