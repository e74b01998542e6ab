package io.packwatch.app.http;

import io.packwatch.app.websocket.Handshake;
import io.packwatch.app.websocket.WebSocketLayer;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import java.util.ArrayDeque;

/**
 * The HTTP state both directions of one flow share: the requests still waiting for their response (a FIFO, so
 * pipelined requests pair with responses in order), and the switch to opaque bytes after CONNECT or Upgrade.
 */
public final class HttpConversation {
    final Flow flow;
    final ObjectOpener inspection;
    final HttpConfig config;
    final HttpCounters counters;
    /** Null when WebSocket is not read: upgraded connections are raw streams. */
    final WebSocketLayer webSockets;
    private final ArrayDeque<RequestInfo> pending = new ArrayDeque<>(4);
    private HttpDirection client;

    HttpConversation(Flow flow, ObjectOpener inspection, HttpConfig config, HttpCounters counters,
                     WebSocketLayer webSockets) {
        this.webSockets = webSockets;
        this.flow = flow;
        this.inspection = inspection;
        this.config = config;
        this.counters = counters;
    }

    void register(HttpDirection d) {
        if (d.direction() == Flow.FROM_CLIENT) {
            client = d;
        }
    }

    void requestSeen(RequestInfo r) {
        if (pending.size() >= config.maxPendingRequests()) {
            // Responses never came (or were lost): forget the oldest rather than grow.
            counters.limitPendingRequests.inc();
            pending.pollFirst();
        }
        pending.addLast(r);
    }

    /** The request the next response answers, without taking it. */
    RequestInfo peek() {
        RequestInfo r = pending.peekFirst();
        return r == null ? RequestInfo.UNKNOWN : r;
    }

    RequestInfo take() {
        RequestInfo r = pending.pollFirst();
        if (r == null) {
            counters.unpairedResponses.inc();
            return RequestInfo.UNKNOWN;
        }
        return r;
    }

    /**
     * The server accepted CONNECT or switched protocols: the client's later bytes are the tunnel too, WebSocket
     * frames when {@code webSocket} is not null.
     */
    void tunnelOpened(Handshake webSocket, ObjectContext request) {
        counters.tunnels.inc();
        if (client != null) {
            if (webSocket != null) {
                client.switchToWebSocket(webSocket, request);
            } else {
                client.switchToOpaque();
            }
        }
    }

    /** Whether the objects go anywhere; decoding a body nobody inspects would be wasted work. */
    boolean inspects() {
        return inspection != ObjectOpener.NONE;
    }

    ObjectSink open(int direction, ObjectContext context) {
        counters.bodies.inc();
        return inspection.open(flow, direction, context);
    }
}
