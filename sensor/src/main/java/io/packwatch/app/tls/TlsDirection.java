package io.packwatch.app.tls;

import io.packwatch.app.DirectionParser;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectSink;
import java.util.Arrays;

/**
 * One direction of a TLS flow: holds its first bytes (at most {@code tls.max_hello_bytes}) until the hello in
 * them is read, then opens the direction's object with what the hello said and streams everything into it.
 */
public final class TlsDirection implements DirectionParser {
    private final TlsSession session;
    private final int direction;
    private final TlsHello hello;
    private byte[] head = new byte[2048];
    private int headLen;
    private ObjectSink sink;

    TlsDirection(TlsSession session, int direction) {
        this.session = session;
        this.direction = direction;
        this.hello = new TlsHello(session.maxHelloBytes);
    }

    @Override
    public void data(byte[] b, int off, int len) {
        if (sink != null) {
            sink.write(b, off, len);
            return;
        }
        int room = session.maxHelloBytes - headLen;
        int take = Math.min(room, len);
        if (headLen + take > head.length) {
            head = Arrays.copyOf(head, Math.min(session.maxHelloBytes, Math.max(head.length * 2, headLen + take)));
        }
        System.arraycopy(b, off, head, headLen, take);
        headLen += take;
        boolean client = direction == Flow.FROM_CLIENT;
        int verdict = hello.parse(head, headLen, client);
        if (verdict == TlsHello.DONE) {
            if (client) {
                session.stats.clientHellos.inc();
                session.clientHello(hello);
            } else {
                session.stats.serverHellos.inc();
                session.serverHello(hello);
            }
        } else if (verdict == TlsHello.FAILED) {
            session.stats.parseErrors.inc();
        } else if (headLen == session.maxHelloBytes) {
            session.stats.limitHelloBytes.inc();
        } else {
            return;
        }
        flushHead();
        if (take < len) {
            sink.write(b, off + take, len - take);
        }
    }

    private void flushHead() {
        sink = session.open(direction);
        sink.write(head, 0, headLen);
        head = null;
    }

    @Override
    public void gap(long bytes) {
        if (sink == null) {
            session.stats.parseErrors.inc();
            flushHead();
        }
        sink.gap(bytes);
    }

    @Override
    public void depthReached() {
        if (sink == null) {
            flushHead();
        }
        sink.truncate();
    }

    @Override
    public void close(long endNanos) {
        if (sink == null) {
            flushHead();
        }
        sink.close(endNanos);
    }
}
