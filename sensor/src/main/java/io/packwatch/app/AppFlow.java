package io.packwatch.app;

import io.packwatch.app.http.HttpConversation;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import java.util.Arrays;

/**
 * Both directions of one TCP flow at the application layer. Each direction's first bytes pick its parser: HTTP
 * for a request line from the client or a status line from the server, TLS for a hello, raw otherwise. While
 * the first line is incomplete its bytes are held (at most {@code http.max_initial_line}); usually the first
 * byte already rules HTTP out.
 */
final class AppFlow implements StreamConsumer {
    private final AppLayer layer;
    private final Flow flow;
    private final DirectionParser[] parsers = new DirectionParser[2];
    private final byte[][] heads = new byte[2][];
    private final int[] headLens = new int[2];
    private HttpConversation http;
    private TlsSession tls;

    AppFlow(AppLayer layer, Flow flow) {
        this.layer = layer;
        this.flow = flow;
    }

    @Override
    public void onData(Flow f, int d, byte[] data, int off, int len) {
        DirectionParser p = parsers[d];
        if (p != null) {
            p.data(data, off, len);
            return;
        }
        if (!layer.sniffs()) {
            start(d, ProtocolSniffer.OTHER).data(data, off, len);
            return;
        }
        byte[] head = heads[d];
        if (head == null) {
            int verdict = ProtocolSniffer.sniff(data, off, len, layer.maxSniffBytes);
            if (verdict != ProtocolSniffer.NEED_MORE || len >= layer.maxSniffBytes) {
                start(d, verdict).data(data, off, len);
                return;
            }
            head = heads[d] = new byte[Math.max(64, len * 2)];
        }
        int n = headLens[d];
        if (n + len > head.length) {
            head = heads[d] = Arrays.copyOf(head, Math.max(head.length * 2, n + len));
        }
        System.arraycopy(data, off, head, n, len);
        n = headLens[d] = n + len;
        int verdict = ProtocolSniffer.sniff(head, 0, n, layer.maxSniffBytes);
        if (verdict != ProtocolSniffer.NEED_MORE || n >= layer.maxSniffBytes) {
            flushHead(d, verdict);
        }
    }

    /** Ends sniffing: the held bytes go to the parser the verdict picks (raw if still undecided). */
    private DirectionParser flushHead(int d, int verdict) {
        DirectionParser p = start(d, verdict);
        if (heads[d] != null) {
            byte[] head = heads[d];
            heads[d] = null;
            p.data(head, 0, headLens[d]);
        }
        return p;
    }

    private DirectionParser decided(int d) {
        DirectionParser p = parsers[d];
        if (p != null) {
            return p;
        }
        int verdict = heads[d] == null ? ProtocolSniffer.OTHER
                : ProtocolSniffer.sniff(heads[d], 0, headLens[d], layer.maxSniffBytes);
        return flushHead(d, verdict);
    }

    private DirectionParser start(int d, int verdict) {
        boolean client = d == Flow.FROM_CLIENT;
        DirectionParser p;
        if (layer.http != null && (client && verdict == ProtocolSniffer.HTTP_REQUEST
                || !client && verdict == ProtocolSniffer.HTTP_RESPONSE)) {
            if (http == null) {
                http = layer.http.conversation(flow, layer.inspection);
            }
            p = layer.http.direction(http, d);
        } else if (layer.tls != null && (client && verdict == ProtocolSniffer.TLS_CLIENT
                || !client && verdict == ProtocolSniffer.TLS_SERVER)) {
            if (tls == null) {
                tls = new TlsSession(flow, layer.inspection, layer.tls, layer.maxHelloBytes);
            }
            p = tls.direction(d);
        } else {
            p = new RawDirection(layer.inspection, flow, d);
        }
        parsers[d] = p;
        return p;
    }

    @Override
    public void onGap(Flow f, int d, long bytes) {
        decided(d).gap(bytes);
    }

    @Override
    public void onDepthReached(Flow f, int d) {
        decided(d).depthReached();
    }

    @Override
    public void onClose(Flow f, int d) {
        if (parsers[d] == null && heads[d] == null) {
            return; // nothing was ever sent this way
        }
        decided(d).close(f.lastSeen());
    }
}
