package io.packwatch.inspect;

import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.entropy.DataClass;
import io.packwatch.inspect.entropy.DataClassifier;
import io.packwatch.inspect.entropy.TrialDecoder;
import io.packwatch.stats.Counter;
import java.util.List;

/**
 * {@code dlp.class} and entropy of an object's window. Known formats are classified by their
 * format and protocols encrypted by design by their protocol; for the rest, a trial decode as a
 * headerless compressed stream, then byte statistics decide, and what they call encrypted is searched
 * for a deflate block start. One per worker: the statistics
 * buffers and decoders are reused from object to object.
 */
final class WindowClassifier {
    private final ByteStats stats = new ByteStats();
    private final DataClassifier classifier = new DataClassifier();
    private final TrialDecoder trial;
    private final InspectionCounters counters;
    private String dataClass;
    private ClassBasis basis;
    private TrialDecoder.Format decoder;
    private double entropy;

    /** Statistics only. */
    WindowClassifier() {
        this(null, null);
    }

    /**
     * @param trial the trial decoder, or {@code null} for statistics only
     * @param counters where the trial decoder's work is counted ({@code null} only without one)
     */
    WindowClassifier(TrialDecoder trial, InspectionCounters counters) {
        this.trial = trial;
        this.counters = counters;
    }

    /** Counts the window's bytes: the histogram the detectors and {@link #classify} then share. */
    void count(byte[] b, int len) {
        stats.reset();
        stats.updateHistogram(b, 0, len);
    }

    /** {@link #count}, marking the window's candidate spans for text encodings in the same pass. */
    void count(byte[] b, int len, CandidateRuns runs) {
        stats.reset();
        runs.countAndMark(b, 0, len, stats.lanes());
        stats.addLanes(len);
    }

    /** Whether the window last passed to {@link #count} is text (see {@link DataClassifier#isText}). */
    boolean looksLikeText() {
        return DataClassifier.isText(stats);
    }

    /** The counts of the window last passed to {@link #count}; read only. */
    long[] histogram() {
        return stats.histogram();
    }

    void classify(byte[] b, int len, List<Detection> detections, String protocol) {
        count(b, len);
        classifyCounted(b, len, detections, protocol);
    }

    /** {@link #classify} of the window just passed to {@link #count}, without counting it again. */
    void classifyCounted(byte[] b, int len, List<Detection> detections, String protocol) {
        // The histogram alone gives the entropy and recognizes text, the bulk of traffic; the
        // costlier randomness tests run only for data that is neither text nor a known format.
        entropy = stats.entropy();
        decoder = null;
        if (!detections.isEmpty()) {
            dataClass = DataClass.COMPRESSED.label();
            basis = ClassBasis.FORMAT;
        } else if (protocol != null) {
            dataClass = DataClass.ENCRYPTED.label();
            basis = ClassBasis.PROTOCOL;
        } else if (DataClassifier.isText(stats)) {
            dataClass = DataClass.PLAINTEXT.label();
            basis = ClassBasis.TEXT;
        } else {
            dataClass = classifyBinary(b, len);
        }
    }

    /**
     * Trial decoding and the randomness tests, kept out of {@link #classifyCounted}: the JIT then
     * compiles that per-window method small, without them inlined into it for the rare binary window.
     */
    private String classifyBinary(byte[] b, int len) {
        basis = len < DataClassifier.MIN_BYTES ? ClassBasis.TOO_SHORT : ClassBasis.STATISTICS;
        if (trial == null) {
            return classifier.classifyWithConfidence(stats, null, b, 0, len).dataClass().label();
        }
        // the classifier computes the full statistics only if the window does not decode
        long bytes = trial.bytesDecoded();
        long budgetHits = trial.budgetHits();
        long scanned = trial.resyncBytes();
        DataClassifier.Result r = classifier.classifyWithConfidence(stats, trial, b, 0, len);
        DataClass c = r.dataClass();
        TrialDecoder.Format f = r.decodedAs();
        // the classifier trial-decodes what it finds to be neither text nor low-entropy, and searches
        // what its statistics then call encrypted for an xz chunk header or stream end, or a deflate block
        if (c == DataClass.COMPRESSED || c == DataClass.ENCRYPTED) {
            counters.trialDecodes.inc();
            counters.trialBytes.add(trial.bytesDecoded() - bytes);
            counters.trialBudgetHits.add(trial.budgetHits() - budgetHits);
        }
        if (c == DataClass.ENCRYPTED || f != null && f.foundInside()) {
            counters.resyncScans.inc();
            counters.resyncBytes.add(trial.resyncBytes() - scanned);
        }
        if (f != null) {
            switch (f) {
                case DEFLATE_BLOCK -> foundInside(counters.resyncHits, ClassBasis.DEFLATE_BLOCK);
                case LZMA2_CHUNK -> foundInside(counters.lzma2ChunkHits, ClassBasis.LZMA2_CHUNK);
                case XZ_INDEX -> foundInside(counters.xzIndexHits, ClassBasis.XZ_INDEX);
                default -> {
                    counters.trialHits.inc();
                    basis = ClassBasis.DECODED;
                    decoder = f;
                }
            }
        }
        return c.label();
    }

    private void foundInside(Counter hits, ClassBasis what) {
        hits.inc();
        basis = what;
    }

    String dataClass() {
        return dataClass;
    }

    /** What decided {@link #dataClass}. */
    ClassBasis basis() {
        return basis;
    }

    /** The trial decoder that decoded the window when {@link #basis} is {@link ClassBasis#DECODED}, else null. */
    TrialDecoder.Format decoder() {
        return decoder;
    }

    double entropy() {
        return entropy;
    }
}
