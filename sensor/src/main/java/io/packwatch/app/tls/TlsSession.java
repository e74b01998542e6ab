package io.packwatch.app.tls;

import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/**
 * What the two hellos of one TLS flow said, shared by both directions: each direction is one raw stream object
 * (labelled tls by its first bytes, so its randomness never reads as an encrypted upload) that carries the
 * server name, version, cipher and ALPN, and whose size is the byte volume the flow carried that way.
 */
public final class TlsSession {
    /** The {@code tls.*} counters of one worker. */
    public static final class Stats {
        final Counter clientHellos;
        final Counter serverHellos;
        final Counter parseErrors;
        final Counter limitHelloBytes;

        public Stats(Counters c) {
            clientHellos = c.counter("tls.client_hellos");
            serverHellos = c.counter("tls.server_hellos");
            parseErrors = c.counter("tls.parse_errors");
            limitHelloBytes = c.counter("tls.limit.hello_bytes");
        }
    }

    final Flow flow;
    final ObjectOpener inspection;
    final Stats stats;
    final int maxHelloBytes;
    private final ObjectSink[] sinks = new ObjectSink[2];
    private String serverName;
    private int clientVersion;
    private int serverVersion;
    private int cipher = -1;
    private String serverAlpn;

    public TlsSession(Flow flow, ObjectOpener inspection, Stats stats, int maxHelloBytes) {
        this.flow = flow;
        this.inspection = inspection;
        this.stats = stats;
        this.maxHelloBytes = maxHelloBytes;
    }

    void clientHello(TlsHello h) {
        serverName = h.serverName;
        clientVersion = h.version;
        amendAll();
    }

    void serverHello(TlsHello h) {
        serverVersion = h.version;
        cipher = h.cipher;
        serverAlpn = h.alpn;
        amendAll();
    }

    ObjectSink open(int direction) {
        sinks[direction] = inspection.open(flow, direction, context());
        return sinks[direction];
    }

    private void amendAll() {
        ObjectContext c = context();
        for (ObjectSink s : sinks) {
            if (s != null) {
                s.amend(c);
            }
        }
    }

    /** The negotiated version when the server said it, else the highest the client offered. */
    ObjectContext context() {
        int v = serverVersion != 0 ? serverVersion : clientVersion;
        ObjectContext.TlsFacts facts = new ObjectContext.TlsFacts(TlsNames.version(v), TlsNames.cipher(cipher),
                serverAlpn);
        return new ObjectContext("stream", null, null, null, null, null, null, null, 0, false, null, null, serverName,
                facts);
    }

    public TlsDirection direction(int direction) {
        return new TlsDirection(this, direction);
    }
}
