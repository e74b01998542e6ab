package io.packwatch.capture;

/**
 * How to open a live interface; every field comes from the {@code capture.*} config keys.
 *
 * @param retryIntervalMillis first wait before reopening an interface that failed; it doubles up to
 *     {@code retryMaxIntervalMillis}
 * @param maxRetries reopen attempts in a row before the capture gives up; 0 = never give up
 */
public record LiveCaptureOptions(int snaplen, boolean promiscuous, int bufferBytes, boolean immediate,
                                 int readTimeoutMillis, long retryIntervalMillis, long retryMaxIntervalMillis,
                                 int maxRetries) {
}
