package io.packwatch.endpoint.ingest;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-off between the event loops (many producers) and the handler (one dispatcher
 * thread). A ring of reusable slots: a producer claims the next slot with one CAS, copies the message
 * into the slot's own array and publishes it; it never waits. When the ring holds
 * {@code endpoint.queue} messages or {@code endpoint.queue_memory} bytes the message is dropped and
 * counted. Slot arrays are kept for reuse up to {@link #RETAINED_SLOT_BYTES}, so the steady state
 * allocates nothing and an idle queue holds at most capacity x that much.
 *
 * <p>An idle dispatcher sleeps in growing steps up to {@link #MAX_PARK_NANOS} instead of being woken
 * for every message: waking it is a system call and a context switch per message, which at one UDP
 * datagram per read cost more than the receive itself. Producers wake it only when the queue is half
 * full, so a short sleep never causes drops.
 */
final class MessageQueue {
    static final int RETAINED_SLOT_BYTES = 1024;
    private static final int SPINS_BEFORE_PARK = 10;
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int ERRORS_SHOWN = 5;

    private static final class Slot {
        byte[] buf;
        int len;
        InetSocketAddress sender;
        String transport;
        long receivedNanos;
        boolean truncated;
        /** Index + 1 of the message published in this slot; the consumer waits for exactly that. */
        volatile long published;
    }

    private final Slot[] slots;
    private final int capacity;
    private final long maxBytes;
    private final IngestCounters counters;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Written by the dispatcher only. */
    private volatile long head;
    private volatile boolean dispatcherParked;
    private volatile boolean stopping;
    private final Thread dispatcher;
    private final long wakeAt;

    MessageQueue(int capacity, long maxBytes, IngestCounters counters, SyslogMessageHandler handler) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.wakeAt = Math.max(1, capacity / 2);
        this.slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
        }
        this.dispatcher = new Thread(() -> dispatch(handler), "packwatch-syslog-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Queues {@code len} bytes of {@code src} from {@code index}; false when dropped. */
    boolean offer(ByteBuf src, int index, int len, InetSocketAddress sender, Transport t, long nanos, boolean truncated) {
        Slot s = claim(len);
        if (s == null) {
            return false;
        }
        src.getBytes(index, s.buf, 0, len);
        publish(s, len, sender, t, nanos, truncated);
        return true;
    }

    boolean offer(byte[] src, int off, int len, InetSocketAddress sender, Transport t, long nanos, boolean truncated) {
        Slot s = claim(len);
        if (s == null) {
            return false;
        }
        System.arraycopy(src, off, s.buf, 0, len);
        publish(s, len, sender, t, nanos, truncated);
        return true;
    }

    /** Messages waiting for the handler. */
    int size() {
        return (int) (tail.get() - head);
    }

    private Slot claim(int len) {
        if (queuedBytes.addAndGet(len) > maxBytes) {
            queuedBytes.addAndGet(-len);
            counters.dropped.increment();
            return null;
        }
        long t;
        do {
            t = tail.get();
            if (t - head >= capacity) {
                queuedBytes.addAndGet(-len);
                counters.dropped.increment();
                return null;
            }
        } while (!tail.compareAndSet(t, t + 1));
        Slot s = slots[(int) (t % capacity)];
        if (s.buf == null || s.buf.length < len) {
            s.buf = new byte[Math.max(len, 256)];
        }
        s.published = -t - 1; // claimed, not yet readable: remember the index for publish()
        return s;
    }

    private void publish(Slot s, int len, InetSocketAddress sender, Transport t, long nanos, boolean truncated) {
        s.len = len;
        s.sender = sender;
        s.transport = t.label;
        s.receivedNanos = nanos;
        s.truncated = truncated;
        s.published = -s.published;
        if (dispatcherParked && tail.get() - head >= wakeAt) {
            LockSupport.unpark(dispatcher);
        }
    }

    private void dispatch(SyslogMessageHandler handler) {
        long h = head;
        int idle = 0;
        long park = MIN_PARK_NANOS;
        while (true) {
            Slot s = slots[(int) (h % capacity)];
            if (s.published != h + 1) {
                if (stopping && tail.get() == h) {
                    return;
                }
                if (++idle < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    dispatcherParked = true;
                    if (slots[(int) (h % capacity)].published != h + 1 && !stopping) {
                        LockSupport.parkNanos(this, park);
                        park = Math.min(MAX_PARK_NANOS, park * 2);
                    }
                    dispatcherParked = false;
                    idle = 0;
                }
                continue;
            }
            idle = 0;
            park = MIN_PARK_NANOS;
            try {
                handler.onMessage(s.buf, 0, s.len, s.sender, s.transport, s.receivedNanos, s.truncated);
            } catch (RuntimeException e) {
                // A handler bug costs one message, not the receiver.
                counters.handlerErrors.increment();
                if (counters.handlerErrors.sum() <= ERRORS_SHOWN) {
                    System.err.println("packwatch: error handling a syslog message (please report it): " + e);
                    e.printStackTrace();
                }
            }
            queuedBytes.addAndGet(-s.len);
            s.sender = null;
            if (s.buf.length > RETAINED_SLOT_BYTES) {
                s.buf = null;
            }
            head = ++h;
        }
    }

    /** Lets the dispatcher hand over what is queued, then ends it. */
    void stop(long timeoutMillis) throws InterruptedException {
        stopping = true;
        LockSupport.unpark(dispatcher);
        dispatcher.join(timeoutMillis);
    }
}
