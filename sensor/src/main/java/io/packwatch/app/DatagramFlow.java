package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectSink;

/**
 * Both directions of one UDP flow: each direction's datagram payloads, in the order they came, are one
 * {@code datagrams} object, opened at its first payload and closed when the flow ends. A script that sends an
 * archive in datagrams sends its bytes in order, so its format is found as in a stream; a payload the snaplen cut
 * is a gap.
 */
final class DatagramFlow implements StreamConsumer {
    private final ObjectOpener inspection;
    private final ObjectSink[] sinks = new ObjectSink[2];

    DatagramFlow(ObjectOpener inspection) {
        this.inspection = inspection;
    }

    private ObjectSink sink(Flow f, int d) {
        ObjectSink s = sinks[d];
        if (s == null) {
            s = sinks[d] = inspection.open(f, d, ObjectContext.DATAGRAMS);
        }
        return s;
    }

    @Override
    public void onData(Flow f, int d, byte[] data, int off, int len) {
        if (len > 0) {
            sink(f, d).write(data, off, len);
        }
    }

    @Override
    public void onGap(Flow f, int d, long bytes) {
        sink(f, d).gap(bytes);
    }

    @Override
    public void onDepthReached(Flow f, int d) {
        // UDP has no reassembly depth
    }

    @Override
    public void onClose(Flow f, int d) {
        ObjectSink s = sinks[d];
        if (s != null) {
            sinks[d] = null;
            s.close(f.lastSeen());
        }
    }
}
