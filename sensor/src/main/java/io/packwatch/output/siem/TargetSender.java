package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers alerts to one target on its own thread. Callers only enqueue ({@link #offer}); the
 * thread formats, connects, sends, and spools to disk whatever cannot be sent now.
 *
 * <p>Order: a message goes straight to the socket only when nothing older waits in the spool;
 * otherwise it is appended behind it and the spool is replayed first, so the SIEM sees alerts in
 * the order they were raised.
 *
 * <p>Delivery is at-least-once over TCP and TLS. Syslog has no acknowledgements, so a sent
 * message stays "in flight" until the connection has stayed up for {@code resendWindow} after it
 * (checked by looking for end-of-stream from the receiver). When the connection fails, every
 * in-flight message is sent again after the reconnect: the receiver may see a few twice, never
 * none. At close the connection is half-closed and the receiver's close awaited, which confirms
 * everything it read; what is unconfirmed then is spooled. UDP is fire-and-forget.
 */
final class TargetSender implements Runnable {
    private static final long PROBE_INTERVAL_NANOS = 100_000_000L;
    private static final int REPLAY_BATCH = 512;
    private static final int MAX_IN_FLIGHT = 1 << 16;

    /** A message sent but not yet known delivered: from the spool (position) or live (bytes). */
    private record InFlight(long sentNanos, Spool.Position spoolEnd, byte[] live) {
    }

    private final SiemTarget target;
    private final SizedFormatter formatter;
    private final Connector connector;
    private final Spool spool;
    private final SiemOptions options;
    private final SiemStats stats;
    private final PrintStream log;
    private final BlockingQueue<Alert> queue;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final Thread thread;

    private volatile Connection connection;
    private volatile long writeStartedNanos;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile boolean idle;
    private boolean everConnected;
    /** The last connect attempt succeeded: a connection lost since then is worth a reconnect at close. */
    private boolean reachable;
    private long nextConnectNanos;
    private long backoffNanos;
    private long lastProbeNanos;
    private long spoolDropsInBurst;
    private long spoolWriteErrorsInEpisode;
    private boolean deleteErrorLogged;
    private String lastError;

    TargetSender(SiemTarget target, SizedFormatter formatter, Connector connector, Spool spool, SiemOptions options,
                 SiemStats stats, PrintStream log) {
        this.target = target;
        this.formatter = formatter;
        this.connector = connector;
        this.spool = spool;
        this.options = options;
        this.stats = stats;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(options.queueSize());
        this.backoffNanos = options.backoffMinNanos();
        this.thread = new Thread(this, "siem-" + target.slug());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    SiemTarget target() {
        return target;
    }

    /** Enqueues without blocking; false (counted) when the queue is full. */
    boolean offer(Alert alert) {
        if (closing || !queue.offer(alert)) {
            stats.droppedQueueFull.incrementAndGet();
            return false;
        }
        accepted.incrementAndGet();
        return true;
    }

    /**
     * Waits until every alert accepted so far has been sent or spooled, and the spool has been
     * replayed if the target is reachable; false if that took longer than the timeout.
     */
    boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeoutNanos;
        while (processed.get() < target || !idle) {
            if (System.nanoTime() - deadline > 0 || !thread.isAlive()) {
                return processed.get() >= target && idle;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Starts the shutdown: deliver or spool everything within the flush timeout, then stop. */
    void beginClose() {
        closeDeadlineNanos = System.nanoTime() + options.flushTimeoutNanos();
        closing = true; // no interrupt: it would close a spool FileChannel mid-write; the poll wakes within 100 ms
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Called by the watchdog: kills a write stuck on a receiver that stopped reading. */
    void checkStuck(long now) {
        long started = writeStartedNanos;
        Connection c = connection;
        if (started != 0 && c != null && (now - started > options.writeTimeoutNanos()
                || closing && now - closeDeadlineNanos > 0)) {
            c.close();
        }
    }

    private String lastInternalError;

    @Override
    public void run() {
        try {
            while (!runLoopOnce()) {
                Thread.sleep(1000); // a failure that repeats must not spin
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutDown();
        }
    }

    /**
     * Runs the loop; true when it ended as asked. A bug or a spool file gone from under us costs
     * the connection and what was in flight (resent from the spool or the queue), never the
     * forwarder: delivery carries on, and {@code siem.internal_errors} says it happened.
     */
    private boolean runLoopOnce() {
        try {
            loop();
            return true;
        } catch (RuntimeException e) {
            stats.internalErrors.incrementAndGet();
            String msg = String.valueOf(e);
            if (!msg.equals(lastInternalError)) { // once per kind, not once a second
                log.println("packwatch: SIEM forwarder for " + target + " hit " + msg + "; carrying on");
                lastInternalError = msg;
            }
            failed(new IOException("internal error: " + e, e));
            return closing && System.nanoTime() - closeDeadlineNanos > 0;
        }
    }

    private void loop() {
        while (true) {
            long now = System.nanoTime();
            if (connection == null && now - nextConnectNanos >= 0 && (!closing || now - closeDeadlineNanos < 0)) {
                connect();
            }
            Alert a;
            while ((a = queue.poll()) != null) {
                accept(a);
            }
            if (connection != null) {
                replay();
            }
            if (connection != null) { // a failed replay write (reset, or cut by the write timeout) dropped it
                flushAndProbe(System.nanoTime());
            }
            boolean backlog = connection != null && spool != null && spool.hasUnread();
            idle = !backlog && queue.isEmpty();
            if (closing && !reconnectBeforeDeadline() && (!backlog || System.nanoTime() - closeDeadlineNanos > 0)
                    && queue.isEmpty()) {
                return;
            }
            if (!backlog) {
                long waitMillis = 100;
                if (connection == null) {
                    waitMillis = Math.max(1, Math.min(waitMillis, (nextConnectNanos - System.nanoTime()) / 1_000_000L));
                }
                try {
                    a = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (a != null) {
                        idle = false;
                        accept(a);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * At close, a connection that broke while the receiver was reachable (a write cut by the write
     * timeout, a receiver restart) is worth one more attempt within the flush timeout: without it,
     * what waits in the spool stays there until the next start. A receiver that refused the last
     * attempt is not waited for.
     */
    private boolean reconnectBeforeDeadline() {
        return connection == null && reachable && spool != null && spool.hasUnread()
                && nextConnectNanos - closeDeadlineNanos < 0;
    }

    private void connect() {
        try {
            connection = connector.open();
            reachable = true;
            lastProbeNanos = System.nanoTime();
            if (everConnected) {
                stats.reconnects.incrementAndGet();
                log.println("packwatch: SIEM " + target + " reconnected");
            }
            everConnected = true;
            backoffNanos = options.backoffMinNanos();
            lastError = null;
        } catch (IOException | RuntimeException e) {
            reachable = false;
            stats.connectFailures.incrementAndGet();
            String msg = String.valueOf(e.getMessage());
            if (!msg.equals(lastError)) {
                log.println("packwatch: cannot connect to SIEM " + target + ": " + msg
                        + (spool != null ? "; spooling alerts until it is back" : ""));
                lastError = msg;
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        nextConnectNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, options.backoffMaxNanos());
    }

    private void accept(Alert a) {
        byte[] message;
        try {
            message = formatter.format(a);
        } catch (RuntimeException e) { // a bug must cost one alert, not the forwarder
            if (stats.droppedFormatError.getAndIncrement() == 0) {
                log.println("packwatch: cannot format alert " + a.id() + " for SIEM " + target + ": " + e);
            }
            processed.incrementAndGet();
            return;
        }
        if (formatter.lastTruncated()) {
            stats.truncated.incrementAndGet();
            if (message.length > options.maxMessageBytes()) {
                stats.oversize.incrementAndGet();
            }
        }
        try {
            if (target.transport() == SiemTarget.Transport.UDP || spool == null) {
                sendUnreliable(message);
            } else if (connection != null && !spool.hasUnread() && inFlight.size() < MAX_IN_FLIGHT) {
                sendLive(message);
            } else {
                toSpool(message);
            }
        } finally {
            processed.incrementAndGet();
        }
    }

    private void sendUnreliable(byte[] message) {
        if (connection == null) {
            stats.droppedUnreliable.incrementAndGet();
            return;
        }
        try {
            connection.send(message);
            stats.sent.incrementAndGet();
        } catch (IOException e) {
            stats.sendErrors.incrementAndGet();
            stats.droppedUnreliable.incrementAndGet();
        }
    }

    private void sendLive(byte[] message) {
        try {
            write(message);
            inFlight.addLast(new InFlight(System.nanoTime(), null, message));
            stats.sent.incrementAndGet();
        } catch (IOException e) {
            failed(e);
            toSpool(message);
        }
    }

    private void replay() {
        for (int i = 0; i < REPLAY_BATCH && connection != null && inFlight.size() < MAX_IN_FLIGHT; i++) {
            Spool.Entry e = spool == null ? null : spool.next();
            if (e == null) {
                return;
            }
            inFlight.addLast(new InFlight(System.nanoTime(), e.end(), null));
            try {
                write(e.message());
                stats.sent.incrementAndGet();
                stats.replayed.incrementAndGet();
            } catch (IOException ex) {
                failed(ex);
            }
        }
    }

    private void write(byte[] message) throws IOException {
        writeStartedNanos = System.nanoTime();
        try {
            connection.send(message);
        } finally {
            writeStartedNanos = 0;
        }
    }

    private void flushAndProbe(long now) {
        try {
            writeStartedNanos = now;
            connection.flush();
        } catch (IOException e) {
            failed(e);
            return;
        } finally {
            writeStartedNanos = 0;
        }
        if (inFlight.isEmpty() || now - lastProbeNanos < PROBE_INTERVAL_NANOS
                && inFlight.size() < MAX_IN_FLIGHT) {
            return;
        }
        lastProbeNanos = now;
        if (connection.peerClosed()) {
            failed(new IOException("the receiver closed the connection"));
            return;
        }
        confirm(now - options.resendWindowNanos());
    }

    /** Everything sent before {@code before} counts as delivered. */
    private void confirm(long before) {
        Spool.Position end = null;
        while (!inFlight.isEmpty() && inFlight.peekFirst().sentNanos() - before <= 0) {
            InFlight f = inFlight.removeFirst();
            if (f.spoolEnd() != null) {
                end = f.spoolEnd();
            }
        }
        if (end != null) {
            commit(end);
        }
    }

    /** Marks the spool delivered up to {@code end}; the first segment that cannot be deleted is said once. */
    private void commit(Spool.Position end) {
        spool.commit(end);
        String error = spool.takeDeleteError();
        if (error != null && !deleteErrorLogged) {
            log.println("packwatch: " + error + "; delivered alerts stay on disk and are sent again after a restart"
                    + " (siem.spool_delete_errors counts every such segment)");
            deleteErrorLogged = true;
        }
    }

    private void confirmAll() {
        Spool.Position end = null;
        for (InFlight f : inFlight) {
            if (f.spoolEnd() != null) {
                end = f.spoolEnd();
            }
        }
        inFlight.clear();
        if (end != null) {
            commit(end);
        }
    }

    /**
     * The connection broke: close it, put the unconfirmed spool records back in line, and spool
     * the unconfirmed live messages behind them (they were sent after every spooled one).
     */
    private void failed(IOException e) {
        stats.sendErrors.incrementAndGet();
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        String msg = "SIEM " + target + " connection lost (" + e.getMessage() + ")";
        if (!msg.equals(lastError)) {
            log.println("packwatch: " + msg + "; resending " + inFlight.size() + " unconfirmed alerts after reconnect");
            lastError = msg;
        }
        requeueInFlight();
        scheduleReconnect();
    }

    private void requeueInFlight() {
        if (spool == null) {
            inFlight.clear();
            return;
        }
        spool.rewind();
        while (!inFlight.isEmpty()) {
            InFlight f = inFlight.removeFirst();
            if (f.live() != null) {
                toSpool(f.live());
            }
        }
    }

    private void toSpool(byte[] message) {
        boolean ok;
        try {
            ok = spool.append(message);
        } catch (UncheckedIOException e) {
            spoolWriteFailed(e);
            return;
        }
        if (ok) {
            stats.spooled.incrementAndGet();
            spoolWritable();
            if (spoolDropsInBurst > 0) {
                log.println("packwatch: SIEM spool for " + target + " has room again; " + spoolDropsInBurst
                        + " alerts were dropped while it was full");
                spoolDropsInBurst = 0;
            }
            return;
        }
        spoolWritable();
        stats.droppedSpoolFull.incrementAndGet();
        if (spoolDropsInBurst++ == 0) {
            log.println("packwatch: SIEM spool for " + target + " is full (" + spool.bytes()
                    + " bytes, siem.spool.max_bytes); dropping alerts until it drains");
        }
    }

    /** The disk refused a write (full, read-only, I/O error): count the alert lost, say so once per episode. */
    private void spoolWriteFailed(UncheckedIOException e) {
        stats.spoolWriteErrors.incrementAndGet();
        if (spoolWriteErrorsInEpisode++ == 0) {
            log.println("packwatch: " + e.getMessage() + "; alerts for SIEM " + target
                    + " that cannot be sent now are lost until the disk takes writes again (siem.spool_write_errors)");
        }
    }

    private void spoolWritable() {
        if (spoolWriteErrorsInEpisode > 0) {
            log.println("packwatch: SIEM spool for " + target + " is writable again; " + spoolWriteErrorsInEpisode
                    + " alerts could not be spooled meanwhile");
            spoolWriteErrorsInEpisode = 0;
        }
    }

    /** The end of the thread: confirm or spool what is in flight, spool what is queued, close the files. */
    private void shutDown() {
        Connection c = connection;
        if (c != null) {
            long left = Math.max(100, (closeDeadlineNanos - System.nanoTime()) / 1_000_000L);
            if (c.finish(left)) {
                confirmAll();
            } else {
                stats.sendErrors.incrementAndGet();
            }
            connection = null;
        }
        requeueInFlight();
        Alert a;
        while ((a = queue.poll()) != null) {
            byte[] message = formatter.format(a);
            if (spool != null && target.transport() != SiemTarget.Transport.UDP) {
                toSpool(message);
            } else {
                stats.droppedUnreliable.incrementAndGet();
            }
            processed.incrementAndGet();
        }
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                log.println("packwatch: cannot close the SIEM spool for " + target + ": " + e.getMessage());
            }
        }
        idle = true;
    }
}
