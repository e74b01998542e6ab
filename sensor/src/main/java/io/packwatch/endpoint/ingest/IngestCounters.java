package io.packwatch.endpoint.ingest;

import io.packwatch.stats.Counters;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receivers' counts. Several event-loop threads and the dispatcher update them at once, so they
 * are {@link LongAdder}s here and are copied into a run's {@link Counters} by {@link #publish} on
 * the thread that owns that registry.
 */
public final class IngestCounters {
    private final LongAdder[] received = adders(Transport.values().length);
    private final LongAdder[] bytes = adders(Transport.values().length);
    final LongAdder truncated = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder refusedSenders = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder connectionsOverLimit = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder tlsHandshakeFailures = new LongAdder();
    final LongAdder framingErrors = new LongAdder();
    final LongAdder connectionErrors = new LongAdder();
    final LongAdder handlerErrors = new LongAdder();
    final AtomicInteger connectionsActive = new AtomicInteger();
    private final AtomicInteger connectionsPeak = new AtomicInteger();

    void received(Transport t, int len) {
        received[t.ordinal()].increment();
        bytes[t.ordinal()].add(len);
    }

    /** Counts an accepted connection; false when it would exceed {@code max}. */
    boolean openConnection(int max) {
        int now = connectionsActive.incrementAndGet();
        if (now > max) {
            connectionsActive.decrementAndGet();
            connectionsOverLimit.increment();
            return false;
        }
        connections.increment();
        connectionsPeak.accumulateAndGet(now, Math::max);
        return true;
    }

    void closeConnection() {
        connectionsActive.decrementAndGet();
    }

    public long received(Transport t) {
        return received[t.ordinal()].sum();
    }

    /** Messages handed to the queue or dropped there, all transports. */
    public long receivedTotal() {
        long n = 0;
        for (LongAdder a : received) {
            n += a.sum();
        }
        return n;
    }

    public long dropped() {
        return dropped.sum();
    }

    /** Copies the current values into {@code into} (call it on the thread that owns {@code into}). */
    public void publish(Counters into) {
        for (Transport t : Transport.values()) {
            if (t != Transport.FILE) {
                into.counter("endpoint.received." + t.label).set(received[t.ordinal()].sum());
                into.counter("endpoint.bytes." + t.label).set(bytes[t.ordinal()].sum());
            }
        }
        into.counter("endpoint.truncated").set(truncated.sum());
        into.counter("endpoint.dropped").set(dropped.sum());
        into.counter("endpoint.refused_senders").set(refusedSenders.sum());
        into.counter("endpoint.connections").set(connections.sum());
        into.counter("endpoint.connections_peak").set(connectionsPeak.get());
        into.counter("endpoint.connections_over_limit").set(connectionsOverLimit.sum());
        into.counter("endpoint.idle_timeouts").set(idleTimeouts.sum());
        into.counter("endpoint.tls_handshake_failures").set(tlsHandshakeFailures.sum());
        into.counter("endpoint.framing_errors").set(framingErrors.sum());
        into.counter("endpoint.connection_errors").set(connectionErrors.sum());
        into.counter("endpoint.handler_errors").set(handlerErrors.sum());
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
