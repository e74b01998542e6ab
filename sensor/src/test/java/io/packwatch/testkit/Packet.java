package io.packwatch.testkit;

/** One captured frame: capture time in nanoseconds since the epoch, bytes, and the on-wire length. */
public record Packet(long tsNanos, byte[] frame, int origLen) {
    public Packet(long tsNanos, byte[] frame) {
        this(tsNanos, frame, frame.length);
    }
}
