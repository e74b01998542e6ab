package io.packwatch.inspect.entropy;

/**
 * Classifies bytes without magic as plaintext, compressed, encrypted or unknown from a {@link ByteStats}.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Fewer than {@value #MIN_BYTES} bytes: {@link DataClass#UNKNOWN} (the byte histogram of fewer bytes has
 *       under one count per value, and every test below loses its power).
 *   <li>Text: at most {@value #MAX_NON_TEXT} of the bytes are ones that cannot occur in UTF-8 text (C0 controls
 *       other than tab/newline/return, DEL, 0xc0, 0xc1, 0xf5..0xff) and the UTF-8 continuation bytes balance
 *       the lead bytes within {@value #MAX_UTF8_IMBALANCE} of n: {@link DataClass#PLAINTEXT}, in any script.
 *       Random and compressed data have about 17% of such bytes (8% at the least in the training corpus), text
 *       none.
 *   <li>Not text with a (Miller-Madow corrected) entropy under {@value #MIN_ENTROPY} bits/byte: structured
 *       binary, {@link DataClass#UNKNOWN}.
 *   <li>Otherwise the question is compressed or encrypted. Ciphertext is, to every test, uniform random bytes;
 *       compressor output keeps small biases. The score is the largest of four z-scores computed under the
 *       hypothesis of random bytes: the byte chi-square (255 d.o.f.), the chi-square of the high and low
 *       nibbles (30 d.o.f.; deflate and bzip2 Huffman codes), the NIST serial test on overlapping 8-bit windows
 *       at every bit offset in both bit orders (Huffman codes that are not byte-aligned; bzip2 most) and the
 *       absolute monobit z (zstd's FSE/Huffman output has too few one bits). A score at or above the size's
 *       threshold means {@link DataClass#COMPRESSED}, below it {@link DataClass#ENCRYPTED}.
 * </ol>
 *
 * <p>With a {@link TrialDecoder} ({@link #classifyWithConfidence(ByteStats, TrialDecoder, byte[], int, int)}),
 * bytes that pass rules 1-3 are first trial-decoded from their first byte as headerless compressed streams; a
 * success means {@link DataClass#COMPRESSED} whatever the score. That catches what the statistics miss
 * (LZMA-family output above all) when an object starts where a compressed stream starts. Bytes the score then
 * calls encrypted are searched for an LZMA2 chunk header or the start of a deflate block
 * ({@link TrialDecoder#resync}): that catches xz and deflate cut from inside their streams, when a chunk or block
 * starts in the searched bytes.
 *
 * <p>The thresholds were chosen on the training corpus ({@code CorpusGenerator.TRAINING_SEED}, 117 compressed and
 * 117 encrypted samples per size) to maximise compressed-vs-encrypted accuracy at 512 B, 1, 4, 16 and 64 KiB;
 * between those sizes they are interpolated on log2(n), beyond them held. The evaluation
 * ({@code ConfusionTableTest}) uses a different seed. LZMA-family output (xz, lzma) and a fraction of the deflate
 * samples at the small sizes pass every test and are called encrypted: with range coding there is nothing left
 * to see in the bytes.
 */
public final class DataClassifier {
    /** Below this many bytes the result is {@link DataClass#UNKNOWN}. */
    public static final int MIN_BYTES = 256;
    public static final double MAX_NON_TEXT = 0.01;
    public static final double MAX_UTF8_IMBALANCE = 0.02;
    public static final double MIN_ENTROPY = 3.5;

    /** Sizes (log2) and the score thresholds calibrated there. */
    private static final double[] LOG2_SIZES = {9, 10, 12, 14, 16};
    private static final double[] THRESHOLDS = {2.2, 1.8, 2.1, 5.0, 4.6};

    /**
     * A classification.
     *
     * @param dataClass the class
     * @param confidence a heuristic in [0.5, 1] (0 for UNKNOWN): how far the deciding statistic was from its
     *     boundary; not a calibrated probability
     * @param score the compressed-vs-encrypted score (largest z-score), NaN when not computed
     * @param decodedAs the format the bytes trial-decoded as, or {@code null}
     */
    public record Result(DataClass dataClass, double confidence, double score, TrialDecoder.Format decodedAs) {
        public Result(DataClass dataClass, double confidence, double score) {
            this(dataClass, confidence, score, null);
        }
    }

    /** Shorthand for {@code classifyWithConfidence(s).dataClass()}. */
    public DataClass classify(ByteStats s) {
        return classifyWithConfidence(s).dataClass();
    }

    /**
     * Whether the bytes are text (rule 2 above). Needs only the histogram, so a caller can decide
     * text after {@link ByteStats#updateHistogram} and pay for the full statistics only when not.
     */
    public static boolean isText(ByteStats s) {
        return s.count() >= MIN_BYTES && s.nonTextFraction() <= MAX_NON_TEXT && s.utf8Imbalance() <= MAX_UTF8_IMBALANCE;
    }

    public Result classifyWithConfidence(ByteStats s) {
        return classifyWithConfidence(s, null, null, 0, 0);
    }

    /**
     * Classifies {@code b[off, off + len)}, whose statistics {@code s} holds, trial-decoding it with
     * {@code trial} (when not {@code null}) before the score decides compressed or encrypted. {@code s} may
     * hold the histogram only ({@link ByteStats#histogramOnly}): the rest is then computed into it from
     * {@code b} when the score is needed, so text and decodable bytes never pay for it.
     */
    public Result classifyWithConfidence(ByteStats s, TrialDecoder trial, byte[] b, int off, int len) {
        long n = s.count();
        if (n < MIN_BYTES) {
            return new Result(DataClass.UNKNOWN, 0, Double.NaN);
        }
        double nonText = s.nonTextFraction();
        if (isText(s)) {
            return new Result(DataClass.PLAINTEXT, 1 - 0.5 * nonText / MAX_NON_TEXT, Double.NaN);
        }
        if (s.entropyCorrected() < MIN_ENTROPY) {
            return new Result(DataClass.UNKNOWN, 0, Double.NaN);
        }
        if (trial != null) {
            TrialDecoder.Format f = trial.decode(b, off, len);
            if (f != null) {
                return new Result(DataClass.COMPRESSED, 1, Double.NaN, f);
            }
        }
        if (s.histogramOnly() && b != null) {
            s.reset();
            s.update(b, off, len);
        }
        double score = score(s);
        double t = threshold(n);
        TrialDecoder.Format inside = score < t && trial != null ? trial.resync(b, off, len) : null;
        if (inside != null) {
            return new Result(DataClass.COMPRESSED, 1, score, inside);
        }
        double margin = Math.abs(score - t);
        double confidence = 0.5 + 0.5 * Math.tanh(margin / 2);
        return new Result(score >= t ? DataClass.COMPRESSED : DataClass.ENCRYPTED, confidence, score);
    }

    /** The compressed-vs-encrypted score: the largest of the randomness tests' z-scores. */
    public static double score(ByteStats s) {
        return Math.max(Math.max(s.chiSquareZ(), s.nibbleZ()), Math.max(s.bitSerialZ(), Math.abs(s.monobitZ())));
    }

    /** The score threshold for {@code n} bytes. */
    public static double threshold(long n) {
        double l = Math.log(Math.max(1, n)) / Math.log(2);
        if (l <= LOG2_SIZES[0]) {
            return THRESHOLDS[0];
        }
        for (int i = 1; i < LOG2_SIZES.length; i++) {
            if (l <= LOG2_SIZES[i]) {
                double f = (l - LOG2_SIZES[i - 1]) / (LOG2_SIZES[i] - LOG2_SIZES[i - 1]);
                return THRESHOLDS[i - 1] + f * (THRESHOLDS[i] - THRESHOLDS[i - 1]);
            }
        }
        return THRESHOLDS[THRESHOLDS.length - 1];
    }
}
