package io.packwatch.capture;

import java.io.Closeable;
import java.io.IOException;

/** Where frames come from: a capture file, several of them merged, or a live interface. */
public interface PacketSource extends Closeable {

    /**
     * Fills {@code frame} with the next frame.
     *
     * @return {@code true} with a frame; {@code false} at the end of the input or, for a live
     *     source, when a read timed out with nothing captured (check {@link #finished()}).
     */
    boolean next(Frame frame) throws IOException;

    /** True once no more frames will come. */
    boolean finished();

    /** Bytes consumed so far and in all, for progress reports; total is -1 when unknown. */
    default long position() {
        return 0;
    }

    default long size() {
        return -1;
    }

    /** Why reading stopped early (truncated or corrupt input), or null when it did not. */
    default String problem() {
        return null;
    }

    @Override
    void close() throws IOException;
}
