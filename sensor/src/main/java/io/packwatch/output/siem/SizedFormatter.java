package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;

/**
 * Keeps messages within {@code siem.max_message_bytes}: formats the alert whole, and when it is
 * too large formats it again with ever shorter values and lists ({@link Clip#LADDER}), so a
 * cut message is still a well-formed one (never a broken escape or a cut JSON). Alerts are rare,
 * so formatting twice or three times is cheap.
 */
final class SizedFormatter {
    private final AlertFormatter formatter;
    private final int maxBytes;
    private boolean lastTruncated;

    SizedFormatter(AlertFormatter formatter, int maxBytes) {
        this.formatter = formatter;
        this.maxBytes = maxBytes;
    }

    byte[] format(Alert alert) {
        byte[] out = null;
        for (Clip clip : Clip.LADDER) {
            out = formatter.format(alert, clip);
            if (out.length <= maxBytes) {
                lastTruncated = clip.clips();
                return out;
            }
        }
        lastTruncated = true; // the minimal form is still too large: send it rather than lose the alert
        return out;
    }

    /** Whether the last message had to be clipped. */
    boolean lastTruncated() {
        return lastTruncated;
    }
}
