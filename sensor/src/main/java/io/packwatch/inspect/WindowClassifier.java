package io.packwatch.inspect;

import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.entropy.DataClass;
import io.packwatch.inspect.entropy.DataClassifier;
import java.util.List;

/**
 * {@code dlp.class} and entropy of an object's window. Known formats are classified by their
 * format and protocols encrypted by design by their protocol; byte statistics decide for the rest.
 * One per worker: the statistics buffers are reused from object to object.
 */
final class WindowClassifier {
    private final ByteStats stats = new ByteStats();
    private final DataClassifier classifier = new DataClassifier();
    private String dataClass;
    private double entropy;

    /** Counts the window's bytes: the histogram the detectors and {@link #classify} then share. */
    void count(byte[] b, int len) {
        stats.reset();
        stats.updateHistogram(b, 0, len);
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
     * The randomness tests, kept out of {@link #classifyCounted}: the JIT then compiles that one
     * per-window method small, without the full statistics inlined into it for the rare binary window.
     */
    private String classifyBinary(byte[] b, int len) {
        stats.reset();
        stats.update(b, 0, len);
        return classifier.classify(stats).label();
    }

    String dataClass() {
        return dataClass;
    }

    double entropy() {
        return entropy;
    }
}
