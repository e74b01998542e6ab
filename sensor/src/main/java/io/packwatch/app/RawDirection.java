package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;

/**
 * Bytes no protocol parser claims (a raw stream, the tunnel after CONNECT or an Upgrade, junk between HTTP
 * messages), inspected as one {@code stream} object, opened on the first byte. A gap ends the object: what
 * follows is inspected as a new one whose start was not seen, so an archive sent after a lost segment is
 * still found; it inherits the protocol (TLS, SSH) the part before the gap was found to be.
 */
public final class RawDirection implements DirectionParser {
    private final ObjectOpener inspection;
    private final Flow flow;
    private final int direction;
    private ObjectSink sink;
    /** The bytes to come do not continue what was seen: the next data opens a new object. */
    private boolean afterGap;
    /** The protocol of the object a gap ended, for the one after it. */
    private String protocolBeforeGap;

    public RawDirection(ObjectOpener inspection, Flow flow, int direction) {
        this.inspection = inspection;
        this.flow = flow;
        this.direction = direction;
    }

    private ObjectSink sink() {
        if (sink == null) {
            sink = inspection.open(flow, direction, ObjectContext.STREAM);
            if (afterGap || flow.midstream()) {
                // bytes before these were lost, or no handshake was seen: the start is unknown
                sink.startUnseen();
                if (protocolBeforeGap != null) {
                    sink.continues(protocolBeforeGap);
                }
                afterGap = false;
            }
        }
        return sink;
    }

    @Override
    public void data(byte[] b, int off, int len) {
        if (len > 0) {
            if (afterGap && sink != null) {
                // sticky: a connection that was TLS or SSH stays so, even past a short piece after a gap
                String protocol = sink.protocol();
                if (protocol != null) {
                    protocolBeforeGap = protocol;
                }
                sink.close(flow.lastSeen());
                sink = null;
            }
            sink().write(b, off, len);
        }
    }

    @Override
    public void gap(long bytes) {
        if (sink != null) {
            sink.gap(bytes);
        }
        afterGap = true;
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
