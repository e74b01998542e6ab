package io.packwatch.inspect;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;

/** Inspects both directions of one TCP flow, each as one object (raw stream inspection). */
final class FlowInspector implements StreamConsumer {
    private final Inspection inspection;
    private ObjectInspector client;
    private ObjectInspector server;

    FlowInspector(Inspection inspection) {
        this.inspection = inspection;
    }

    private ObjectInspector of(Flow flow, int direction) {
        if (direction == Flow.FROM_CLIENT) {
            if (client == null) {
                client = inspection.newObject(flow, direction, ObjectContext.STREAM);
            }
            return client;
        }
        if (server == null) {
            server = inspection.newObject(flow, direction, ObjectContext.STREAM);
        }
        return server;
    }

    @Override
    public void onData(Flow flow, int direction, byte[] data, int off, int len) {
        of(flow, direction).onData(data, off, len);
    }

    @Override
    public void onGap(Flow flow, int direction, long bytes) {
        of(flow, direction).onGap(bytes);
    }

    @Override
    public void onDepthReached(Flow flow, int direction) {
        of(flow, direction).cutShort();
    }

    @Override
    public void onClose(Flow flow, int direction) {
        ObjectInspector o = direction == Flow.FROM_CLIENT ? client : server;
        if (o != null) {
            if (!flow.ended(direction)) {
                // Timed out, evicted or the capture ended: what followed was never seen.
                o.cutShort();
            }
            inspection.finished(o.finish(flow.lastSeen()));
        }
    }
}
