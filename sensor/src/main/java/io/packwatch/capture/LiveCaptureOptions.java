package io.packwatch.capture;

/** How to open a live interface; every field comes from the {@code capture.*} config keys. */
public record LiveCaptureOptions(int snaplen, boolean promiscuous, int bufferBytes, boolean immediate,
                                 int readTimeoutMillis) {
}
