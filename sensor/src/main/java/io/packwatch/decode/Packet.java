package io.packwatch.decode;

/**
 * A decoded packet: offsets and values read out of a frame's bytes, never a copy of them. One
 * instance is refilled for every packet. Addresses are held as two longs each, so IPv4 and IPv6
 * share one representation: an IPv4 address sits in the low 32 bits of {@code lo} with
 * {@code hi == 0}, and {@link #ipVersion} tells the two apart.
 */
public final class Packet {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** The bytes the offsets below point into: the frame, or a reassembled datagram. */
    public byte[] buf;
    public long tsNanos;
    /** Bytes on the wire of the frame (or frames) this packet came in. */
    public int wireLength;
    /** Outer and inner VLAN ids, or -1. */
    public int vlanOuter;
    public int vlanInner;

    public int ipVersion;
    public int ipOffset;
    /** Length of the IP datagram from its header, clipped to what was captured. */
    public int ipLength;
    /** Bytes of the datagram that the snaplen cut off: the IP length field minus {@link #ipLength}. */
    public int ipMissing;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int ttl;
    public int protocol;
    /** True when this packet is a datagram rebuilt from IP fragments. */
    public boolean reassembled;

    public int srcPort;
    public int dstPort;
    public int tcpFlags;
    public int seq;
    public int ack;
    public int window;
    /** TCP options; -1 (or false) when absent. */
    public int mss;
    public int windowScale;
    public boolean sackPermitted;
    public boolean hasTimestamp;

    public int payloadOffset;
    public int payloadLength;
    /** True when the payload is shorter than the headers claim, because of the snaplen. */
    public boolean payloadTruncated;
    /** True when an IP or transport checksum was checked and found wrong. */
    public boolean badChecksum;

    void reset(byte[] bytes, long ts, int wire) {
        buf = bytes;
        tsNanos = ts;
        wireLength = wire;
        vlanOuter = -1;
        vlanInner = -1;
        ipVersion = 0;
        ipMissing = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        protocol = -1;
        reassembled = false;
        srcPort = dstPort = 0;
        tcpFlags = 0;
        seq = ack = window = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        hasTimestamp = false;
        payloadOffset = payloadLength = 0;
        payloadTruncated = false;
        badChecksum = false;
    }

    /** Copies every field of {@code o}; the byte array is shared, not copied. */
    public void copyFrom(Packet o) {
        buf = o.buf;
        tsNanos = o.tsNanos;
        wireLength = o.wireLength;
        vlanOuter = o.vlanOuter;
        vlanInner = o.vlanInner;
        ipVersion = o.ipVersion;
        ipOffset = o.ipOffset;
        ipLength = o.ipLength;
        ipMissing = o.ipMissing;
        srcHi = o.srcHi;
        srcLo = o.srcLo;
        dstHi = o.dstHi;
        dstLo = o.dstLo;
        ttl = o.ttl;
        protocol = o.protocol;
        reassembled = o.reassembled;
        srcPort = o.srcPort;
        dstPort = o.dstPort;
        tcpFlags = o.tcpFlags;
        seq = o.seq;
        ack = o.ack;
        window = o.window;
        mss = o.mss;
        windowScale = o.windowScale;
        sackPermitted = o.sackPermitted;
        hasTimestamp = o.hasTimestamp;
        payloadOffset = o.payloadOffset;
        payloadLength = o.payloadLength;
        payloadTruncated = o.payloadTruncated;
        badChecksum = o.badChecksum;
    }

    public boolean isUdp() {
        return protocol == PROTO_UDP;
    }

    public boolean has(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
