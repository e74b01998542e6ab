package io.packwatch.output.siem;

import io.packwatch.stats.Counters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The forwarder's counters, summed over its targets. The sender threads count here (atomically,
 * since {@link io.packwatch.stats.Counter} belongs to one thread); {@link #publish} copies the
 * values into the run's registry.
 */
public final class SiemStats {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong droppedQueueFull = new AtomicLong();
    final AtomicLong droppedSpoolFull = new AtomicLong();
    final AtomicLong spoolWriteErrors = new AtomicLong();
    final AtomicLong spoolDeleteErrors = new AtomicLong();
    final AtomicLong droppedUnreliable = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();
    final AtomicLong oversize = new AtomicLong();
    final AtomicLong spoolCorrupt = new AtomicLong();
    final AtomicLong droppedFormatError = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();

    public long sent() {
        return sent.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long spooled() {
        return spooled.get();
    }

    public long replayed() {
        return replayed.get();
    }

    public long droppedQueueFull() {
        return droppedQueueFull.get();
    }

    public long droppedSpoolFull() {
        return droppedSpoolFull.get();
    }

    /** Alerts that could not be written to the spool (disk full, I/O error) and so never reach the SIEM. */
    public long spoolWriteErrors() {
        return spoolWriteErrors.get();
    }

    /** Delivered spool segments that could not be deleted (sent again after a restart). */
    public long spoolDeleteErrors() {
        return spoolDeleteErrors.get();
    }

    public long connectFailures() {
        return connectFailures.get();
    }

    public long truncated() {
        return truncated.get();
    }

    public long spoolCorrupt() {
        return spoolCorrupt.get();
    }

    /** Failures the sender survived by dropping its connection (a bug, spool files removed from outside). */
    public long internalErrors() {
        return internalErrors.get();
    }

    /** Sets the {@code siem.*} counters in {@code counters} to the current values. */
    public void publish(Counters counters) {
        counters.counter("siem.sent").set(sent.get());
        counters.counter("siem.send_errors").set(sendErrors.get());
        counters.counter("siem.connect_failures").set(connectFailures.get());
        counters.counter("siem.reconnects").set(reconnects.get());
        counters.counter("siem.spooled").set(spooled.get());
        counters.counter("siem.replayed").set(replayed.get());
        counters.counter("siem.dropped_queue_full").set(droppedQueueFull.get());
        counters.counter("siem.dropped_spool_full").set(droppedSpoolFull.get());
        counters.counter("siem.spool_write_errors").set(spoolWriteErrors.get());
        counters.counter("siem.spool_delete_errors").set(spoolDeleteErrors.get());
        counters.counter("siem.dropped_unreliable").set(droppedUnreliable.get());
        counters.counter("siem.truncated").set(truncated.get());
        counters.counter("siem.oversize").set(oversize.get());
        counters.counter("siem.spool_corrupt").set(spoolCorrupt.get());
        counters.counter("siem.internal_errors").set(internalErrors.get());
        counters.counter("siem.dropped_format_error").set(droppedFormatError.get());
    }
}
