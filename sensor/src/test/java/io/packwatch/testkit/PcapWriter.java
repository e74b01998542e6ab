package io.packwatch.testkit;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Classic libpcap file writer (micro- or nanosecond, either byte order). Buffered; no per-packet allocation. */
public final class PcapWriter implements Closeable {
    public static final long MAGIC_MICRO = 0xA1B2C3D4L;
    public static final long MAGIC_NANO = 0xA1B23C4DL;

    /** Timestamp resolution of the record headers. */
    public enum Resolution { MICRO, NANO }

    private final OutputStream out;
    private final ByteOrder order;
    private final Resolution resolution;
    private final int snaplen;
    private final byte[] header = new byte[24];
    private long packets;
    private long bytes;

    public PcapWriter(Path file, int linkType, int snaplen, Resolution resolution, ByteOrder order)
            throws IOException {
        this(Files.newOutputStream(file), linkType, snaplen, resolution, order);
    }

    public PcapWriter(OutputStream sink, int linkType, int snaplen, Resolution resolution, ByteOrder order)
            throws IOException {
        this.out = new BufferedOutputStream(sink, 4 << 20);
        this.order = order;
        this.resolution = resolution;
        this.snaplen = snaplen;
        Bytes.put32(header, 0, resolution == Resolution.NANO ? MAGIC_NANO : MAGIC_MICRO, order);
        Bytes.put16(header, 4, 2, order);
        Bytes.put16(header, 6, 4, order);
        Bytes.put32(header, 8, 0, order); // thiszone
        Bytes.put32(header, 12, 0, order); // sigfigs
        Bytes.put32(header, 16, snaplen, order);
        Bytes.put32(header, 20, linkType, order);
        out.write(header, 0, 24);
        bytes = 24;
    }

    /** Little-endian microsecond file with a 262144-byte snaplen: what tcpdump writes by default. */
    public static PcapWriter create(Path file, int linkType) throws IOException {
        return new PcapWriter(file, linkType, 262144, Resolution.MICRO, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a whole capture with {@link #create}'s defaults. */
    public static void writeAll(Path file, int linkType, List<Packet> packets) throws IOException {
        try (PcapWriter w = create(file, linkType)) {
            for (Packet p : packets) {
                w.write(p);
            }
        }
    }

    public void write(long tsNanos, byte[] frame) throws IOException {
        write(tsNanos, frame, 0, frame.length, frame.length);
    }

    /** origLen larger than the frame simulates a packet truncated by the capture snaplen. */
    public void write(long tsNanos, byte[] frame, int origLen) throws IOException {
        write(tsNanos, frame, 0, frame.length, origLen);
    }

    public void write(Packet p) throws IOException {
        write(p.tsNanos(), p.frame(), 0, p.frame().length, p.origLen());
    }

    /** Frames longer than the snaplen are cut to it, as a capture would. */
    public void write(long tsNanos, byte[] buf, int off, int len, int origLen) throws IOException {
        int incl = Math.min(len, snaplen);
        long sec = Math.floorDiv(tsNanos, 1_000_000_000L);
        long frac = Math.floorMod(tsNanos, 1_000_000_000L);
        Bytes.put32(header, 0, sec, order);
        Bytes.put32(header, 4, resolution == Resolution.NANO ? frac : frac / 1000, order);
        Bytes.put32(header, 8, incl, order);
        Bytes.put32(header, 12, Math.max(origLen, len), order);
        out.write(header, 0, 16);
        out.write(buf, off, incl);
        packets++;
        bytes += 16 + incl;
    }

    public long packets() {
        return packets;
    }

    /** File size so far, including the global header. */
    public long bytesWritten() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
