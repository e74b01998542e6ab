package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import java.util.List;

/** Several consumers of the same flow, called in order. */
public final class StreamConsumers implements StreamConsumer {
    private final StreamConsumer[] consumers;

    private StreamConsumers(StreamConsumer[] consumers) {
        this.consumers = consumers;
    }

    public static StreamConsumer of(List<StreamConsumer> list) {
        return list.size() == 1 ? list.get(0) : new StreamConsumers(list.toArray(new StreamConsumer[0]));
    }

    @Override
    public void onData(Flow flow, int direction, byte[] data, int off, int len) {
        for (StreamConsumer c : consumers) {
            c.onData(flow, direction, data, off, len);
        }
    }

    @Override
    public void onGap(Flow flow, int direction, long bytes) {
        for (StreamConsumer c : consumers) {
            c.onGap(flow, direction, bytes);
        }
    }

    @Override
    public void onDepthReached(Flow flow, int direction) {
        for (StreamConsumer c : consumers) {
            c.onDepthReached(flow, direction);
        }
    }

    @Override
    public void onClose(Flow flow, int direction) {
        for (StreamConsumer c : consumers) {
            c.onClose(flow, direction);
        }
    }
}
