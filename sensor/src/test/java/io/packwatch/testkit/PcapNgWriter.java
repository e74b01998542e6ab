package io.packwatch.testkit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pcapng writer covering the block types a reader must handle or skip. Every block is padded to 32 bits and
 * repeats its total length at the end. Timestamps are given in nanoseconds and scaled to each interface's
 * if_tsresol (default 10^-6 when the option is absent).
 */
public final class PcapNgWriter implements Closeable {
    public static final int BT_SHB = 0x0A0D0D0A;
    public static final int BT_IDB = 1;
    public static final int BT_OPB = 2;
    public static final int BT_SPB = 3;
    public static final int BT_NRB = 4;
    public static final int BT_ISB = 5;
    public static final int BT_EPB = 6;
    public static final int BT_CUSTOM = 0x00000BAD;
    public static final int OPT_COMMENT = 1;
    public static final int OPT_CUSTOM_UTF8 = 2988;
    /** IANA PEN 32473 is reserved for documentation examples (RFC 5612). */
    public static final int EXAMPLE_PEN = 32473;

    private final OutputStream out;
    private final ByteOrder order;
    private final java.util.List<long[]> interfaces = new java.util.ArrayList<>(); // {snaplen, divisor}

    public PcapNgWriter(Path file, ByteOrder order) throws IOException {
        this(Files.newOutputStream(file), order);
    }

    /** Writes the first section header block immediately. */
    public PcapNgWriter(OutputStream sink, ByteOrder order) throws IOException {
        this.out = new BufferedOutputStream(sink, 1 << 20);
        this.order = order;
        newSection();
    }

    /** Starts a new section (SHB); interface ids restart at 0 and must be re-declared. */
    public void newSection() throws IOException {
        interfaces.clear();
        Block b = new Block();
        b.u32(0x1A2B3C4DL).u16(1).u16(0).u32(0xFFFFFFFFL).u32(0xFFFFFFFFL); // section length unknown (-1)
        b.option(4, "packwatch testkit".getBytes(StandardCharsets.UTF_8)); // shb_userappl
        b.endOptions();
        emit(BT_SHB, b);
    }

    /**
     * Declares an interface; returns its id. tsResolExponent 6 or 9 writes if_tsresol; 0 omits the option
     * (readers must then assume microseconds). name may be null.
     */
    public int addInterface(int linkType, int snaplen, int tsResolExponent, String name) throws IOException {
        Block b = new Block();
        b.u16(linkType).u16(0).u32(snaplen);
        if (name != null) {
            b.option(2, name.getBytes(StandardCharsets.UTF_8));
        }
        if (tsResolExponent != 0) {
            b.option(9, new byte[] {(byte) tsResolExponent});
        }
        b.endOptions();
        emit(BT_IDB, b);
        long divisor = tsResolExponent == 9 ? 1 : tsResolExponent == 6 || tsResolExponent == 0 ? 1000 : -1;
        if (divisor < 0) {
            throw new IllegalArgumentException("only 10^-6 and 10^-9 supported");
        }
        interfaces.add(new long[] {snaplen, divisor});
        return interfaces.size() - 1;
    }

    public void writeEnhanced(int iface, long tsNanos, byte[] frame) throws IOException {
        writeEnhanced(iface, tsNanos, frame, frame.length, null, null);
    }

    /** EPB; comment (opt_comment) and customUtf8 (option 2988: PEN + UTF-8 data) are optional (null). */
    public void writeEnhanced(int iface, long tsNanos, byte[] frame, int origLen, String comment, String customUtf8)
            throws IOException {
        Block b = new Block();
        int incl = (int) Math.min(frame.length, interfaces.get(iface)[0]);
        b.u32(iface);
        timestamp(b, iface, tsNanos);
        b.u32(incl).u32(Math.max(origLen, frame.length)).bytes(frame, incl);
        if (comment != null) {
            b.option(OPT_COMMENT, comment.getBytes(StandardCharsets.UTF_8));
        }
        if (customUtf8 != null) {
            Block v = new Block();
            v.u32(EXAMPLE_PEN).bytes(customUtf8.getBytes(StandardCharsets.UTF_8));
            b.option(OPT_CUSTOM_UTF8, v.toByteArray());
        }
        if (comment != null || customUtf8 != null) {
            b.endOptions();
        }
        emit(BT_EPB, b);
    }

    /** SPB: no interface id or timestamp; always refers to interface 0. */
    public void writeSimple(byte[] frame) throws IOException {
        Block b = new Block();
        int incl = (int) Math.min(frame.length, interfaces.get(0)[0]);
        b.u32(frame.length).bytes(frame, incl);
        emit(BT_SPB, b);
    }

    /** Obsolete packet block (type 2): 16-bit interface id and drops count, then like an EPB. */
    public void writeObsolete(int iface, long tsNanos, byte[] frame) throws IOException {
        Block b = new Block();
        b.u16(iface).u16(0);
        timestamp(b, iface, tsNanos);
        b.u32(frame.length).u32(frame.length).bytes(frame, frame.length);
        emit(BT_OPB, b);
    }

    /** Custom block (0x00000BAD, copiable): readers skip it. */
    public void writeCustom(byte[] data) throws IOException {
        Block b = new Block();
        b.u32(EXAMPLE_PEN).bytes(data, data.length);
        emit(BT_CUSTOM, b);
    }

    /** Name resolution block with one IPv4 record. */
    public void writeNameResolution(byte[] ipv4, String name) throws IOException {
        byte[] record = Bytes.concat(ipv4, name.getBytes(StandardCharsets.UTF_8), new byte[] {0});
        Block b = new Block();
        b.option(1, record); // nrb_record_ipv4; records share the option TLV layout
        b.u16(0).u16(0); // nrb_record_end
        emit(BT_NRB, b);
    }

    /** Interface statistics block with isb_ifrecv and isb_ifdrop. */
    public void writeInterfaceStatistics(int iface, long tsNanos, long received, long dropped) throws IOException {
        Block b = new Block();
        b.u32(iface);
        timestamp(b, iface, tsNanos);
        b.option(4, u64(received));
        b.option(5, u64(dropped));
        b.endOptions();
        emit(BT_ISB, b);
    }

    private byte[] u64(long v) {
        Block b = new Block();
        if (order == ByteOrder.BIG_ENDIAN) {
            b.u32(v >>> 32).u32(v & 0xFFFFFFFFL);
        } else {
            b.u32(v & 0xFFFFFFFFL).u32(v >>> 32);
        }
        return b.toByteArray();
    }

    private void timestamp(Block b, int iface, long tsNanos) {
        long units = tsNanos / interfaces.get(iface)[1];
        b.u32(units >>> 32).u32(units & 0xFFFFFFFFL);
    }

    private void emit(int type, Block body) throws IOException {
        int total = 12 + body.size();
        Block head = new Block();
        head.u32(type & 0xFFFFFFFFL).u32(total);
        head.writeTo(out);
        body.writeTo(out);
        Block tail = new Block();
        tail.u32(total);
        tail.writeTo(out);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Block body under construction in the section's byte order; data and options are 32-bit padded. */
    private final class Block extends ByteArrayOutputStream {
        private final byte[] tmp = new byte[4];

        Block u16(int v) {
            Bytes.put16(tmp, 0, v, order);
            write(tmp, 0, 2);
            return this;
        }

        Block u32(long v) {
            Bytes.put32(tmp, 0, v, order);
            write(tmp, 0, 4);
            return this;
        }

        Block bytes(byte[] data) {
            return bytes(data, data.length);
        }

        /** Writes len bytes of data plus zero padding to 32 bits. */
        Block bytes(byte[] data, int len) {
            write(data, 0, len);
            for (int i = len; i % 4 != 0; i++) {
                write(0);
            }
            return this;
        }

        Block option(int code, byte[] value) {
            u16(code).u16(value.length);
            return bytes(value, value.length);
        }

        Block endOptions() {
            return u16(0).u16(0);
        }
    }
}
