package io.packwatch.inspect;

import io.packwatch.inspect.entropy.ByteStats;
import java.util.List;

/**
 * {@code dlp.class} of an object's inspected bytes. Known formats are classified by their format;
 * the byte statistics decide for data without magic.
 */
record Classification(String dataClass, double entropy) {
    /** Fewer bytes than this say too little about their distribution. */
    static final int MIN_BYTES = 256;

    static Classification of(byte[] b, int len, List<Detection> detections, String protocol) {
        ByteStats stats = new ByteStats();
        stats.update(b, 0, len);
        double entropy = stats.entropy();
        if (!detections.isEmpty()) {
            return new Classification("compressed", entropy);
        }
        if (protocol != null) {
            return new Classification("encrypted", entropy);
        }
        if (len < MIN_BYTES) {
            return new Classification("unknown", entropy);
        }
        return new Classification(stats.printableAscii() > 0.95 ? "plaintext" : "unknown", entropy);
    }
}
