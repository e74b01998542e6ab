package io.packwatch.capture;

import io.packwatch.stats.Counters;
import java.sql.Timestamp;
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
 */
public final class LiveSource implements PacketSource {
    private final PcapHandle handle;
    private final String name;
    private final int linkType;
    private volatile boolean finished;

    private LiveSource(PcapHandle handle, String name) {
        this.handle = handle;
        this.name = name;
        this.linkType = handle.getDlt().value() == LinkType.DLT_RAW_BSD ? LinkType.RAW : handle.getDlt().value();
    }

    public String describe() {
        return name + " (" + LinkType.name(linkType) + ")";
    }

    public static LiveSource open(String interfaceName, LiveCaptureOptions options, String bpf)
            throws CaptureException {
        Libpcap.require();
        PcapNetworkInterface nif;
        try {
            nif = Pcaps.getDevByName(interfaceName);
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot look up interface " + interfaceName + ": " + e.getMessage()
                    + Libpcap.permissionHint(e.getMessage()), e);
        }
        if (nif == null) {
            throw new CaptureException("no such interface: " + interfaceName + " (available: "
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
        return new LiveSource(handle, interfaceName);
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
        byte[] raw;
        try {
            raw = handle.getNextRawPacket();
        } catch (NotOpenException e) {
            finished = true;
            return false;
        }
        if (raw == null) {
            return false;
        }
        System.arraycopy(raw, 0, frame.ensureCapacity(raw.length), 0, raw.length);
        Timestamp ts = handle.getTimestamp();
        frame.length = raw.length;
        Integer orig = handle.getOriginalLength();
        frame.wireLength = orig == null ? raw.length : Math.max(raw.length, orig);
        frame.tsNanos = Math.floorDiv(ts.getTime(), 1000) * 1_000_000_000L + ts.getNanos();
        frame.linkType = linkType;
        frame.origin = name;
        return true;
    }

    /** Ends the capture from another thread (signal handler); the next read returns false. */
    public void stop() {
        finished = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing to interrupt
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** Copies the kernel's receive and drop counts into the run's counters. */
    public void reportStats(Counters counters) {
        try {
            PcapStat s = handle.getStats();
            counters.counter("capture.kernel_received").set(s.getNumPacketsReceived());
            counters.counter("capture.kernel_dropped").set(s.getNumPacketsDropped());
            counters.counter("capture.interface_dropped").set(s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            // stats are best effort: a closed handle has none
        }
    }

    @Override
    public void close() {
        finished = true;
        handle.close();
    }
}
