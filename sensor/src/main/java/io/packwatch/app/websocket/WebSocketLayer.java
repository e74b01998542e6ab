package io.packwatch.app.websocket;

import io.packwatch.app.DirectionParser;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.decode.Memcap;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.stats.Counters;

/**
 * The WebSocket stage of one flow worker: its limits, counters and scratch buffers, and parsers for the connections
 * its HTTP parsers see upgraded. The scratch buffers are shared by all of the worker's connections, which its one
 * thread serves in turn: unmasked and inflated bytes only live until the object they go to has read them.
 */
public final class WebSocketLayer {
    /** What one inflater holds natively (zlib's state and its 32 KiB window), drawn from its memcap. */
    static final int INFLATER_BYTES = 48 * 1024;

    /** {@code http.max_decoded_bytes} and {@code http.max_decode_ratio}, per message. */
    final HttpConfig limits;
    final WebSocketCounters counters;
    final Memcap memory;
    final byte[] unmasked = new byte[16 * 1024];
    final byte[] inflated = new byte[32 * 1024];

    /**
     * @param limits the HTTP config, whose decode limits apply to each message
     * @param memory where inflaters draw their memory from ({@code http.websocket_memcap})
     */
    public WebSocketLayer(HttpConfig limits, Memcap memory, Counters counters) {
        this.limits = limits;
        this.memory = memory;
        this.counters = new WebSocketCounters(counters);
    }

    /**
     * The parser of one direction of an upgraded connection (counted once, from the client's side).
     *
     * @param upgrade the request that asked for the upgrade: its host, target and user agent name every message
     */
    public DirectionParser direction(ObjectOpener inspection, Flow flow, int direction, Handshake handshake,
                                     ObjectContext upgrade, DirectionParser fallback) {
        if (direction == Flow.FROM_CLIENT) {
            counters.connections.inc();
        }
        return new WebSocketDirection(this, inspection, flow, direction, handshake, upgrade, fallback);
    }

    /** Counts a 101 to WebSocket whose extensions this parser cannot undo. */
    public void unknownExtensions() {
        counters.unknownExtensions.inc();
    }
}
