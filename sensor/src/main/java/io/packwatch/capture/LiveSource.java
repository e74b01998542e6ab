package io.packwatch.capture;

import io.packwatch.stats.Counters;
import java.io.EOFException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * Live capture from an interface through pcap4j. Reads time out regularly so the pipeline can
 * expire flows and notice a shutdown request even when the wire is quiet.
 *
 * <p>When the capture fails underneath (the interface went down, was deleted or renamed, a driver
 * reset), the source says so once on stderr, counts it ({@code capture.interface_errors}) and
 * tries to reopen the interface after {@code capture.retry_interval}, doubling up to
 * {@code capture.retry_max_interval}, while the pipeline keeps running (flows time out, endpoint
 * syslog still arrives). After {@code capture.max_retries} failed attempts in a row (0 = never) it
 * gives up: the run ends normally, writing the final records, and {@link #problem()} says why.
 */
public final class LiveSource implements PacketSource {
    private final String name;
    private final LiveCaptureOptions options;
    private final String bpf;
    private final PrintStream log;
    private volatile PcapHandle handle;
    private int linkType;
    private volatile boolean finished;
    private String problem;

    private long nextRetryMillis;
    private long retryWaitMillis;
    private int failedRetries;
    private String lastRetryError;
    private long interfaceErrors;
    private long reopenFailures;
    private long reopens;
    /** Kernel counts of handles already closed: a reopened handle starts from zero. */
    private long receivedBefore;
    private long droppedBefore;
    private long ifDroppedBefore;

    private LiveSource(PcapHandle handle, String name, LiveCaptureOptions options, String bpf, PrintStream log) {
        this.handle = handle;
        this.name = name;
        this.options = options;
        this.bpf = bpf;
        this.log = log;
        this.linkType = linkTypeOf(handle);
    }

    private static int linkTypeOf(PcapHandle h) {
        return h.getDlt().value() == LinkType.DLT_RAW_BSD ? LinkType.RAW : h.getDlt().value();
    }

    public String describe() {
        return name + " (" + LinkType.name(linkType) + ")";
    }

    public static LiveSource open(String interfaceName, LiveCaptureOptions options, String bpf)
            throws CaptureException {
        return open(interfaceName, options, bpf, System.err);
    }

    /** Opens the interface; {@code log} gets the messages about failures and reopening. */
    public static LiveSource open(String interfaceName, LiveCaptureOptions options, String bpf, PrintStream log)
            throws CaptureException {
        Libpcap.require();
        return new LiveSource(openHandle(interfaceName, options, bpf), interfaceName, options, bpf, log);
    }

    private static PcapHandle openHandle(String interfaceName, LiveCaptureOptions options, String bpf)
            throws CaptureException {
        PcapNetworkInterface nif;
        try {
            nif = Pcaps.getDevByName(interfaceName);
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot look up interface " + interfaceName + ": " + e.getMessage()
                    + Libpcap.permissionHint(e.getMessage()), e);
        }
        if (nif == null) {
            throw CaptureException.withAdvice("no such interface: " + interfaceName, " (available: "
                    + Libpcap.interfaceNames() + "; see --list-interfaces)");
        }
        PcapHandle handle = build(interfaceName, options, PcapHandle.TimestampPrecision.NANO);
        if (handle == null) {
            // Not every platform offers nanosecond timestamps.
            handle = build(interfaceName, options, PcapHandle.TimestampPrecision.MICRO);
        }
        if (handle == null) {
            throw new CaptureException("cannot open " + interfaceName);
        }
        if (bpf != null && !bpf.isBlank()) {
            try {
                handle.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new CaptureException("invalid --filter '" + bpf + "': " + e.getMessage(), e);
            }
        }
        int dlt = handle.getDlt().value();
        if (!LinkType.isSupported(dlt)) {
            handle.close();
            throw new CaptureException(interfaceName + " has link type " + handle.getDlt()
                    + ", which the decoder does not support (supported: Ethernet, Linux SLL/SLL2, raw IP, loopback)");
        }
        return handle;
    }

    private static PcapHandle build(String name, LiveCaptureOptions o, PcapHandle.TimestampPrecision precision)
            throws CaptureException {
        try {
            return new PcapHandle.Builder(name)
                    .snaplen(o.snaplen())
                    .promiscuousMode(o.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .bufferSize(o.bufferBytes())
                    .immediateMode(o.immediate())
                    .timeoutMillis(o.readTimeoutMillis())
                    .timestampPrecision(precision)
                    .build();
        } catch (PcapNativeException e) {
            String msg = String.valueOf(e.getMessage());
            if (precision == PcapHandle.TimestampPrecision.NANO && msg.toLowerCase().contains("precision")) {
                return null;
            }
            throw new CaptureException("cannot capture on " + name + ": " + msg + Libpcap.permissionHint(msg), e);
        }
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        if (finished) {
            return false;
        }
        PcapHandle h = handle;
        if (h == null) {
            return reopenWhenDue();
        }
        byte[] raw;
        try {
            raw = h.getNextRawPacketEx();
        } catch (TimeoutException e) {
            return false;
        } catch (EOFException | NotOpenException e) {
            finished = true; // stop() broke the loop or closed the handle
            return false;
        } catch (PcapNativeException e) {
            if (finished) {
                return false;
            }
            captureFailed(h, e.getMessage());
            return false;
        }
        System.arraycopy(raw, 0, frame.ensureCapacity(raw.length), 0, raw.length);
        Timestamp ts = h.getTimestamp();
        frame.length = raw.length;
        Integer orig = h.getOriginalLength();
        frame.wireLength = orig == null ? raw.length : Math.max(raw.length, orig);
        frame.tsNanos = Math.floorDiv(ts.getTime(), 1000) * 1_000_000_000L + ts.getNanos();
        frame.linkType = linkType;
        frame.origin = name;
        return true;
    }

    /** The handle broke: keep its kernel counts, close it, and schedule the first reopen. */
    private void captureFailed(PcapHandle h, String message) {
        interfaceErrors++;
        addStats(h);
        handle = null;
        h.close();
        retryWaitMillis = Math.max(1, options.retryIntervalMillis());
        nextRetryMillis = System.currentTimeMillis() + retryWaitMillis;
        failedRetries = 0;
        lastRetryError = null;
        log.println("packwatch: capture on " + name + " failed: " + message + "; reopening it every "
                + retryWaitMillis + " ms or more (capture.retry_interval"
                + (options.maxRetries() > 0 ? ", up to capture.max_retries=" + options.maxRetries() + " times" : "")
                + ")");
        log.flush();
    }

    /** No handle: wait (at most one read timeout, so the pipeline's timers still run) or try to reopen. */
    private boolean reopenWhenDue() {
        long wait = nextRetryMillis - System.currentTimeMillis();
        if (wait > 0) {
            sleep(Math.min(wait, Math.max(1, options.readTimeoutMillis())));
            return false;
        }
        try {
            PcapHandle h = openHandle(name, options, bpf);
            linkType = linkTypeOf(h);
            reopens++;
            handle = h;
            if (finished) { // stop() came while we were opening
                h.close();
                return false;
            }
            log.println("packwatch: capture on " + describe() + " resumed after " + (failedRetries + 1) + " attempt"
                    + (failedRetries == 0 ? "" : "s"));
            log.flush();
        } catch (CaptureException e) {
            reopenFailures++;
            failedRetries++;
            // Said once per failure, not again when only its advice changed (the list of interfaces present).
            if (!e.reason().equals(lastRetryError)) {
                log.println("packwatch: cannot reopen " + name + " yet: " + e.getMessage());
                log.flush();
                lastRetryError = e.reason();
            }
            if (options.maxRetries() > 0 && failedRetries >= options.maxRetries()) {
                problem = "live capture on " + name + " lost and not reopened after " + failedRetries
                        + " attempts (capture.max_retries): " + e.getMessage();
                log.println("packwatch: " + problem + "; stopping");
                finished = true;
                return false;
            }
            retryWaitMillis = Math.min(retryWaitMillis * 2, Math.max(retryWaitMillis, options.retryMaxIntervalMillis()));
            nextRetryMillis = System.currentTimeMillis() + retryWaitMillis;
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the capture from another thread (signal handler); the next read returns false. */
    public void stop() {
        finished = true;
        PcapHandle h = handle;
        if (h == null) {
            return;
        }
        try {
            h.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing to interrupt
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** Why the capture ended before it was asked to: the interface was lost for good. */
    @Override
    public String problem() {
        return problem;
    }

    private void addStats(PcapHandle h) {
        try {
            PcapStat s = h.getStats();
            receivedBefore += s.getNumPacketsReceived();
            droppedBefore += s.getNumPacketsDropped();
            ifDroppedBefore += s.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException e) {
            // a broken handle may have no stats left
        }
    }

    /** Copies the kernel's receive and drop counts and the failure counts into the run's counters. */
    public void reportStats(Counters counters) {
        long received = receivedBefore;
        long dropped = droppedBefore;
        long ifDropped = ifDroppedBefore;
        PcapHandle h = handle;
        if (h != null) {
            try {
                PcapStat s = h.getStats();
                received += s.getNumPacketsReceived();
                dropped += s.getNumPacketsDropped();
                ifDropped += s.getNumPacketsDroppedByIf();
            } catch (PcapNativeException | NotOpenException e) {
                // stats are best effort: a closed handle has none
            }
        }
        counters.counter("capture.kernel_received").set(received);
        counters.counter("capture.kernel_dropped").set(dropped);
        counters.counter("capture.interface_dropped").set(ifDropped);
        counters.counter("capture.interface_errors").set(interfaceErrors);
        counters.counter("capture.reopen_failures").set(reopenFailures);
        counters.counter("capture.reopens").set(reopens);
    }

    @Override
    public void close() {
        finished = true;
        PcapHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }
}
