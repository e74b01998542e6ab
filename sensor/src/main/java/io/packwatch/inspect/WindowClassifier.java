package io.packwatch.inspect;

import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.entropy.DataClass;
import io.packwatch.inspect.entropy.DataClassifier;
import io.packwatch.inspect.entropy.TrialDecoder;
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
        if (!detections.isEmpty()) {
            dataClass = DataClass.COMPRESSED.label();
        } else if (protocol != null) {
            dataClass = DataClass.ENCRYPTED.label();
        } else if (DataClassifier.isText(stats)) {
            dataClass = DataClass.PLAINTEXT.label();
        } else {
            dataClass = classifyBinary(b, len);
        }
    }

    /**
     * Trial decoding and the randomness tests, kept out of {@link #classifyCounted}: the JIT then
     * compiles that per-window method small, without them inlined into it for the rare binary window.
     */
    private String classifyBinary(byte[] b, int len) {
        if (trial != null && len >= DataClassifier.MIN_BYTES
                && stats.entropyCorrected() >= DataClassifier.MIN_ENTROPY && decodes(b, len)) {
            return DataClass.COMPRESSED.label();
        }
        stats.reset();
        stats.update(b, 0, len);
        DataClass c = classifier.classify(stats);
        if (c == DataClass.ENCRYPTED && trial != null && resyncs(b, len)) {
            return DataClass.COMPRESSED.label();
        }
        return c.label();
    }

    /** Whether a deflate block starts inside the window (bytes cut from inside a deflate stream). */
    private boolean resyncs(byte[] b, int len) {
        long bytes = trial.resyncBytes();
        boolean ok = trial.resync(b, 0, len) != null;
        counters.resyncScans.inc();
        counters.resyncBytes.add(trial.resyncBytes() - bytes);
        if (ok) {
            counters.resyncHits.inc();
        }
        return ok;
    }

    private boolean decodes(byte[] b, int len) {
        long bytes = trial.bytesDecoded();
        long hits = trial.budgetHits();
        boolean ok = trial.decode(b, 0, len) != null;
        counters.trialDecodes.inc();
        counters.trialBytes.add(trial.bytesDecoded() - bytes);
        counters.trialBudgetHits.add(trial.budgetHits() - hits);
        if (ok) {
            counters.trialHits.inc();
        }
        return ok;
    }

    String dataClass() {
        return dataClass;
    }

    double entropy() {
        return entropy;
    }
}
