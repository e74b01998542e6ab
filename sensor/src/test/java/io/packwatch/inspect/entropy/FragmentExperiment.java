package io.packwatch.inspect.entropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calibration helper (not a test): compares candidate compressed-vs-encrypted scores on fragments, the
 * classifier's score with the serial test on shorter bit windows ({@link ByteStats#bitSerialZ(int)}) added. Thresholds
 * are chosen on the TRAINING seed and applied unchanged to the EVALUATION seed:
 * {@code java -cp ... io.packwatch.inspect.entropy.FragmentExperiment [trainingPerKind]}.
 */
public final class FragmentExperiment {
    private FragmentExperiment() {
    }

    interface Score {
        double of(ByteStats s);
    }

    public static void main(String[] args) {
        List<String> names = List.of("base", "base+s4", "base+s5", "base+s6", "base+s3", "base+s4s5s6");
        List<Score> scores = List.of(DataClassifier::score,
                s -> Math.max(DataClassifier.score(s), s.bitSerialZ(4)),
                s -> Math.max(DataClassifier.score(s), s.bitSerialZ(5)),
                s -> Math.max(DataClassifier.score(s), s.bitSerialZ(6)),
                s -> Math.max(DataClassifier.score(s), s.bitSerialZ(3)),
                s -> Math.max(DataClassifier.score(s), Math.max(s.bitSerialZ(4), Math.max(s.bitSerialZ(5), s.bitSerialZ(6)))));
        int trainPerKind = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        double[][][] train = features(CorpusGenerator.TRAINING_SEED, trainPerKind, scores);
        double[][][] eval = features(CorpusGenerator.EVALUATION_SEED, 9, scores);
        for (int si = 0; si < CorpusGenerator.SIZES.length; si++) {
            StringBuilder line = new StringBuilder("size " + CorpusGenerator.SIZES[si] + ":");
            for (int k = 0; k < scores.size(); k++) {
                double[] tr = train[si][k];
                double best = 0;
                double bestT = 0;
                for (double t = 0; t <= 12; t += 0.1) {
                    double a = accuracy(tr, train[si][scores.size()], t);
                    if (a > best) {
                        best = a;
                        bestT = t;
                    }
                }
                double ev = accuracy(eval[si][k], eval[si][scores.size()], bestT);
                line.append(String.format(Locale.ROOT, "  %s t=%.1f train=%.1f%% eval=%.1f%%", names.get(k), bestT,
                        100 * best, 100 * ev));
            }
            System.out.println(line);
        }
    }

    /** [size][score k][sample] with the truth (1 compressed, 0 encrypted) as the last "score". */
    private static double[][][] features(long seed, int perKind, List<Score> scores) {
        List<CorpusGenerator.Sample> corpus = new CorpusGenerator(seed, perKind).generate();
        double[][][] out = new double[CorpusGenerator.SIZES.length][scores.size() + 1][];
        ByteStats s = new ByteStats();
        for (int si = 0; si < CorpusGenerator.SIZES.length; si++) {
            int size = CorpusGenerator.SIZES[si];
            List<CorpusGenerator.Sample> xs = new ArrayList<>();
            for (CorpusGenerator.Sample x : corpus) {
                if (x.size() == size && x.cut() == CorpusGenerator.Cut.FRAGMENT && x.truth() != DataClass.PLAINTEXT) {
                    xs.add(x);
                }
            }
            for (int k = 0; k <= scores.size(); k++) {
                out[si][k] = new double[xs.size()];
            }
            for (int i = 0; i < xs.size(); i++) {
                s.reset();
                s.update(xs.get(i).data(), 0, size);
                for (int k = 0; k < scores.size(); k++) {
                    out[si][k][i] = scores.get(k).of(s);
                }
                out[si][scores.size()][i] = xs.get(i).truth() == DataClass.COMPRESSED ? 1 : 0;
            }
        }
        return out;
    }

    private static double accuracy(double[] score, double[] truth, double t) {
        int ok = 0;
        for (int i = 0; i < score.length; i++) {
            if ((score[i] >= t) == (truth[i] == 1)) {
                ok++;
            }
        }
        return (double) ok / score.length;
    }
}
