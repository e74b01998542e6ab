package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;

/**
 * Bytes no protocol parser claims (a raw stream, the tunnel after CONNECT or an Upgrade, junk between HTTP
 * messages), inspected as one {@code stream} object, opened on the first byte.
 */
public final class RawDirection implements DirectionParser {
    private final ObjectOpener inspection;
    private final Flow flow;
    private final int direction;
    private ObjectSink sink;

    public RawDirection(ObjectOpener inspection, Flow flow, int direction) {
        this.inspection = inspection;
        this.flow = flow;
        this.direction = direction;
    }

    private ObjectSink sink() {
        if (sink == null) {
            sink = inspection.open(flow, direction, ObjectContext.STREAM);
            if (flow.midstream()) {
                // no handshake was seen, so neither was the stream's first byte
                sink.startUnseen();
            }
        }
        return sink;
    }

    @Override
    public void data(byte[] b, int off, int len) {
        if (len > 0) {
            sink().write(b, off, len);
        }
    }

    @Override
    public void gap(long bytes) {
        sink().gap(bytes);
    }

    @Override
    public void depthReached() {
        if (sink != null) {
            sink.truncate();
        }
    }

    @Override
    public void close(long endNanos) {
        if (sink != null) {
            if (!flow.ended(direction)) {
                // Timed out, evicted or the capture ended: what followed was never seen.
                sink.truncate();
            }
            sink.close(endNanos);
        }
    }
}
