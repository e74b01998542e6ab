package io.packwatch.app;

/** Turns one direction of a TCP flow into objects for inspection, once its protocol is known. */
public interface DirectionParser {
    void data(byte[] b, int off, int len);

    /** {@code bytes} bytes of the direction were lost in a capture gap. */
    void gap(long bytes);

    /** Reassembly depth reached: nothing more comes; what is open is cut short. */
    void depthReached();

    /** The direction ended: every open object is closed. */
    void close(long endNanos);
}
