package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;

/** Turns an alert into one syslog message (without transport framing), as UTF-8 bytes. */
interface AlertFormatter {
    /**
     * The message, with values clipped as {@code clip} says. The result never contains a line feed,
     * so it can be framed by LF as well as by octet counting.
     */
    byte[] format(Alert alert, Clip clip);
}
