package io.packwatch.correlate;

/** Where alerts go: the NDJSON output and the SIEM forwarders. Must not block for long. */
@FunctionalInterface
public interface AlertSink {
    void emit(Alert alert);
}
