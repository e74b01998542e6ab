package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/** Counts what reassembly delivers: the simplest raw-stream consumer, and a check on the rest. */
public final class RawStreamCounter implements StreamConsumer {
    private final Counter bytes;
    private final Counter chunks;
    private final Counter gaps;
    private final Counter closed;
    private final Counter depth;

    public RawStreamCounter(Counters counters) {
        bytes = counters.counter("app.raw.bytes");
        chunks = counters.counter("app.raw.chunks");
        gaps = counters.counter("app.raw.gaps");
        closed = counters.counter("app.raw.streams_closed");
        depth = counters.counter("app.raw.depth_reached");
    }

    @Override
    public void onData(Flow flow, int direction, byte[] data, int off, int len) {
        bytes.add(len);
        chunks.inc();
    }

    @Override
    public void onGap(Flow flow, int direction, long n) {
        gaps.inc();
    }

    @Override
    public void onDepthReached(Flow flow, int direction) {
        depth.inc();
    }

    @Override
    public void onClose(Flow flow, int direction) {
        closed.inc();
    }
}
