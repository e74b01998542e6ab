package io.packwatch.app;

import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/**
 * The application layer of one flow worker: for each TCP flow, tells each direction's protocol from its first
 * bytes and hands it to the HTTP or TLS parser, or inspects it as one raw stream object.
 *
 * @see AppFlow
 */
public final class AppLayer {
    final ObjectOpener inspection;
    final HttpLayer http;
    final TlsSession.Stats tls;
    final int maxHelloBytes;
    final int maxSniffBytes;
    private final Counter tftpTransfers;
    private final Counter tftpIrregular;

    /**
     * @param http null when {@code http.enabled} is off
     * @param tls null when {@code tls.enabled} is off
     */
    public AppLayer(ObjectOpener inspection, HttpLayer http, TlsSession.Stats tls, int maxHelloBytes) {
        this(inspection, http, tls, maxHelloBytes, new Counters());
    }

    /** @param counters where the UDP counters go ({@code udp.tftp_transfers}, {@code udp.tftp_irregular}) */
    public AppLayer(ObjectOpener inspection, HttpLayer http, TlsSession.Stats tls, int maxHelloBytes,
                    Counters counters) {
        this.tftpTransfers = counters.counter("udp.tftp_transfers");
        this.tftpIrregular = counters.counter("udp.tftp_irregular");
        this.inspection = inspection;
        this.http = http;
        this.tls = tls;
        this.maxHelloBytes = maxHelloBytes;
        this.maxSniffBytes = http != null ? http.config().maxInitialLine() + 2 : 8;
    }

    /** Whether any protocol parser is on; with none, every stream is raw from its first byte. */
    boolean sniffs() {
        return http != null || tls != null;
    }

    /** The consumer of a UDP flow's payloads: one {@code datagrams} (or {@code tftp}) object per direction. */
    public StreamConsumer forDatagramFlow(Flow flow) {
        return new DatagramFlow(inspection, tftpTransfers, tftpIrregular);
    }

    public StreamConsumer forFlow(Flow flow) {
        return new AppFlow(this, flow);
    }
}
