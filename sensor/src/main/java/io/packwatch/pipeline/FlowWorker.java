package io.packwatch.pipeline;

import io.packwatch.decode.Packet;
import io.packwatch.flow.FlowTable;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Owns one flow table and everything after it for the flows hashed to it: one thread owns a
 * flow, so the flow path takes no locks. Fed either directly on the reader's thread, or with
 * batches on a thread of its own.
 */
final class FlowWorker implements Runnable {
    /** Batches in flight per worker: enough to ride out jitter, few enough to bound memory. */
    private static final int QUEUE = 8;
    private static final int ERRORS_SHOWN = 5;

    final Counters counters = new Counters();
    final FlowTable flows;
    private final Counter internalErrors;
    private final BlockingQueue<PacketBatch> full = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<PacketBatch> empty = new ArrayBlockingQueue<>(QUEUE);
    private final PacketBatch endMarker = new PacketBatch();
    private int allocated;
    private volatile Throwable failure;
    /** True when the reader calls {@link #process} itself and no thread runs this worker. */
    boolean inline;

    FlowWorker(Function<Counters, FlowTable> tableFactory) {
        this.flows = tableFactory.apply(counters);
        this.internalErrors = counters.counter("pipeline.internal_errors");
    }

    /** Processes one packet on the calling thread. */
    void process(Packet p, boolean accept) {
        try {
            flows.process(p, accept);
        } catch (RuntimeException e) {
            // A bug must cost one packet, not the run: count it, show the first few, go on.
            internalErrors.inc();
            if (internalErrors.get() <= ERRORS_SHOWN) {
                System.err.println("packwatch: internal error in the flow stage (please report it): " + e);
                e.printStackTrace();
            }
        }
    }

    /** A batch to fill: waits when the worker is behind, which is the reader's backpressure. */
    PacketBatch borrow() throws InterruptedException {
        if (empty.isEmpty() && allocated < QUEUE) {
            allocated++;
            return new PacketBatch();
        }
        return empty.take();
    }

    void submit(PacketBatch batch) throws InterruptedException {
        if (failure != null) {
            batch.clear();
            empty.put(batch);
            return;
        }
        full.put(batch);
    }

    /** Tells the worker thread that no more batches come; it then ends every flow and stops. */
    void finish() throws InterruptedException {
        full.put(endMarker);
    }

    @Override
    public void run() {
        try {
            while (true) {
                PacketBatch b = full.take();
                if (b == endMarker) {
                    break;
                }
                for (int i = 0; i < b.count; i++) {
                    process(b.packets[i], b.accept[i]);
                }
                if (b.clock != 0) {
                    flows.advanceTime(b.clock);
                }
                b.clear();
                empty.put(b);
            }
            flows.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // Out of memory or worse: keep the reader from blocking on a worker that is gone.
            failure = t;
            PacketBatch b;
            while ((b = full.poll()) != null) {
                b.clear();
                empty.offer(b);
            }
        }
    }

    Throwable failure() {
        return failure;
    }
}
