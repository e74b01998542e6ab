package io.packwatch.flow;

/**
 * Receives one TCP flow's reassembled bytes, in order, per direction
 * ({@link Flow#FROM_CLIENT} or {@link Flow#FROM_SERVER}). The byte array is only valid during
 * the call.
 */
public interface StreamConsumer {
    void onData(Flow flow, int direction, byte[] data, int off, int len);

    /** {@code bytes} bytes of the stream were never seen; what follows comes after them. */
    void onGap(Flow flow, int direction, long bytes);

    /** The direction reached {@code reassembly.depth}; no more data will be delivered for it. */
    void onDepthReached(Flow flow, int direction);

    /** The direction ended (FIN, RST, timeout, eviction or end of input). */
    void onClose(Flow flow, int direction);
}
