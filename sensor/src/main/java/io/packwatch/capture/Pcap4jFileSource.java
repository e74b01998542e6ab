package io.packwatch.capture;

import java.io.EOFException;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file through libpcap. The sensor reads files with {@link PcapFileSource};
 * this one exists to check that both give the same packets, and as a reference when in doubt.
 */
public final class Pcap4jFileSource implements PacketSource {
    private final PcapHandle handle;
    private final String name;
    private final int linkType;
    private boolean finished;
    private String problem;

    public Pcap4jFileSource(String path) throws CaptureException {
        Libpcap.require();
        try {
            handle = Pcaps.openOffline(path, PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureException(path + ": " + e.getMessage(), e);
        }
        name = path;
        int dlt = handle.getDlt().value();
        linkType = dlt == LinkType.DLT_RAW_BSD ? LinkType.RAW : dlt;
    }

    @Override
    public boolean next(Frame frame) {
        if (finished) {
            return false;
        }
        byte[] raw;
        try {
            raw = handle.getNextRawPacketEx();
        } catch (EOFException e) {
            finished = true;
            return false;
        } catch (NotOpenException | PcapNativeException | TimeoutException e) {
            finished = true;
            problem = name + ": libpcap: " + e.getMessage();
            return false;
        }
        System.arraycopy(raw, 0, frame.ensureCapacity(raw.length), 0, raw.length);
        Timestamp ts = handle.getTimestamp();
        frame.length = raw.length;
        frame.wireLength = Math.max(raw.length, handle.getOriginalLength());
        frame.tsNanos = Math.floorDiv(ts.getTime(), 1000) * 1_000_000_000L + ts.getNanos();
        frame.linkType = linkType;
        frame.origin = name;
        return true;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        handle.close();
    }
}
