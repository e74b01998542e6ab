package io.packwatch.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Mutable, reusable builder of one IPv4/IPv6 packet carrying TCP or UDP, with correct lengths and checksums
 * unless told to corrupt them. Reusable (buildInto) so bulk generators allocate nothing per packet.
 */
public final class PacketBuilder {
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    private static final byte[] EMPTY = new byte[0];

    private byte[] src;
    private byte[] dst;
    private int protocol;
    private int srcPort;
    private int dstPort;
    // IPv4
    private int ipId;
    private int ttl = 64;
    private boolean dontFragment = true;
    private boolean moreFragments;
    private int fragmentOffsetBytes;
    private byte[] ipOptions = EMPTY;
    // IPv6 extension headers (lengths in bytes, multiples of 8; 0 = absent), filled with one PadN option
    private int hopByHopLength;
    private int destOptionsLength;
    // TCP
    private long seq;
    private long ack;
    private int flags;
    private int window = 64240;
    private int urgentPointer;
    private byte[] tcpOptions = EMPTY;
    private int tcpOptionsLength;
    // payload slice (not copied)
    private byte[] payload = EMPTY;
    private int payloadOff;
    private int payloadLen;
    private boolean badIpChecksum;
    private boolean badL4Checksum;

    public static PacketBuilder tcp(byte[] src, int srcPort, byte[] dst, int dstPort) {
        return new PacketBuilder().endpoints(PROTO_TCP, src, srcPort, dst, dstPort);
    }

    public static PacketBuilder udp(byte[] src, int srcPort, byte[] dst, int dstPort) {
        return new PacketBuilder().endpoints(PROTO_UDP, src, srcPort, dst, dstPort);
    }

    /** Parses an IP literal ("10.0.0.1", "2001:db8::1"); literals never trigger DNS. */
    public static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    public PacketBuilder endpoints(int protocol, byte[] src, int srcPort, byte[] dst, int dstPort) {
        if (src.length != dst.length) {
            throw new IllegalArgumentException("mixed address families");
        }
        this.protocol = protocol;
        this.src = src;
        this.dst = dst;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        return this;
    }

    public boolean isIpv6() {
        return src.length == 16;
    }

    public PacketBuilder ipId(int id) {
        this.ipId = id;
        return this;
    }

    public PacketBuilder ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    public PacketBuilder dontFragment(boolean df) {
        this.dontFragment = df;
        return this;
    }

    /** Raw IPv4 fragment fields; normally IpFragmenter sets these on a copy instead. */
    public PacketBuilder fragment(boolean more, int offsetBytes) {
        if (offsetBytes % 8 != 0) {
            throw new IllegalArgumentException("fragment offset must be 8-byte aligned");
        }
        this.moreFragments = more;
        this.fragmentOffsetBytes = offsetBytes;
        return this;
    }

    /** IPv4 options; padded with EOL to a 4-byte multiple. */
    public PacketBuilder ipOptions(byte[] options) {
        this.ipOptions = options;
        return this;
    }

    /** Adds an IPv6 hop-by-hop header of the given total length (multiple of 8), holding one PadN option. */
    public PacketBuilder hopByHop(int lengthBytes) {
        this.hopByHopLength = checkExtLength(lengthBytes);
        return this;
    }

    /** Adds an IPv6 destination-options header of the given total length (multiple of 8), holding one PadN. */
    public PacketBuilder destinationOptions(int lengthBytes) {
        this.destOptionsLength = checkExtLength(lengthBytes);
        return this;
    }

    private static int checkExtLength(int len) {
        if (len != 0 && (len < 8 || len % 8 != 0 || len > 2048)) {
            throw new IllegalArgumentException("extension header length must be a multiple of 8: " + len);
        }
        return len;
    }

    public PacketBuilder seq(long seq) {
        this.seq = seq & 0xFFFFFFFFL;
        return this;
    }

    public PacketBuilder ack(long ack) {
        this.ack = ack & 0xFFFFFFFFL;
        return this;
    }

    public PacketBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    public PacketBuilder window(int window) {
        this.window = window;
        return this;
    }

    /** The TCP urgent pointer (meaningful with the URG flag): offset from seq of the byte after the urgent data. */
    public PacketBuilder urgentPointer(int pointer) {
        this.urgentPointer = pointer;
        return this;
    }

    /** TCP options; length must already be a multiple of 4 (see TcpOptions). */
    public PacketBuilder tcpOptions(byte[] options) {
        return tcpOptions(options, options.length);
    }

    public PacketBuilder tcpOptions(byte[] options, int length) {
        if (length % 4 != 0 || length > 40) {
            throw new IllegalArgumentException("TCP options must be a multiple of 4 and at most 40 bytes");
        }
        this.tcpOptions = options;
        this.tcpOptionsLength = length;
        return this;
    }

    public PacketBuilder payload(byte[] data) {
        return payload(data, 0, data.length);
    }

    public PacketBuilder payload(byte[] data, int off, int len) {
        this.payload = data;
        this.payloadOff = off;
        this.payloadLen = len;
        return this;
    }

    public PacketBuilder corruptIpChecksum(boolean corrupt) {
        this.badIpChecksum = corrupt;
        return this;
    }

    public PacketBuilder corruptL4Checksum(boolean corrupt) {
        this.badL4Checksum = corrupt;
        return this;
    }

    private int ipv4HeaderLength() {
        return 20 + (ipOptions.length + 3) / 4 * 4;
    }

    private int l4HeaderLength() {
        return protocol == PROTO_TCP ? 20 + tcpOptionsLength : 8;
    }

    /** Total IP packet length in bytes. */
    public int length() {
        int l4 = l4HeaderLength() + payloadLen;
        return isIpv6() ? 40 + hopByHopLength + destOptionsLength + l4 : ipv4HeaderLength() + l4;
    }

    public byte[] build() {
        byte[] out = new byte[length()];
        buildInto(out, 0);
        return out;
    }

    /** Writes the packet at buf[off..]; returns its length. Allocation-free. */
    public int buildInto(byte[] buf, int off) {
        int total = length();
        int l4Off = isIpv6() ? writeIpv6Header(buf, off, total) : writeIpv4Header(buf, off, total);
        int l4Len = total - (l4Off - off);
        int hdr = l4HeaderLength();
        Bytes.put16(buf, l4Off, srcPort);
        Bytes.put16(buf, l4Off + 2, dstPort);
        int csumOff;
        if (protocol == PROTO_TCP) {
            Bytes.put32(buf, l4Off + 4, seq);
            Bytes.put32(buf, l4Off + 8, ack);
            buf[l4Off + 12] = (byte) ((hdr / 4) << 4);
            buf[l4Off + 13] = (byte) flags;
            Bytes.put16(buf, l4Off + 14, window);
            Bytes.put16(buf, l4Off + 16, 0); // checksum, filled in below
            Bytes.put16(buf, l4Off + 18, urgentPointer);
            System.arraycopy(tcpOptions, 0, buf, l4Off + 20, tcpOptionsLength);
            csumOff = l4Off + 16;
        } else {
            Bytes.put16(buf, l4Off + 4, l4Len);
            Bytes.put16(buf, l4Off + 6, 0);
            csumOff = l4Off + 6;
        }
        System.arraycopy(payload, payloadOff, buf, l4Off + hdr, payloadLen);
        int csum = Checksums.transport(src, dst, protocol, buf, l4Off, l4Len);
        if (protocol == PROTO_UDP && csum == 0) {
            csum = 0xFFFF; // zero means "no checksum" for UDP
        }
        if (badL4Checksum) {
            csum = corrupt(csum);
        }
        Bytes.put16(buf, csumOff, csum);
        return total;
    }

    /** A wrong but non-zero value, so UDP never turns it into "checksum absent". */
    static int corrupt(int csum) {
        int bad = csum ^ 0x5A5A;
        return bad == 0 ? 0x1234 : bad;
    }

    private int writeIpv4Header(byte[] b, int off, int total) {
        int hl = ipv4HeaderLength();
        b[off] = (byte) (0x40 | (hl / 4));
        b[off + 1] = 0;
        Bytes.put16(b, off + 2, total);
        Bytes.put16(b, off + 4, ipId);
        int frag = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | (fragmentOffsetBytes / 8);
        Bytes.put16(b, off + 6, frag);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        Bytes.put16(b, off + 10, 0);
        System.arraycopy(src, 0, b, off + 12, 4);
        System.arraycopy(dst, 0, b, off + 16, 4);
        for (int i = 0; i < hl - 20; i++) {
            b[off + 20 + i] = i < ipOptions.length ? ipOptions[i] : 0;
        }
        int csum = Checksums.ipv4Header(b, off, hl);
        Bytes.put16(b, off + 10, badIpChecksum ? corrupt(csum) : csum);
        return off + hl;
    }

    private int writeIpv6Header(byte[] b, int off, int total) {
        Bytes.put32(b, off, 0x60000000L);
        Bytes.put16(b, off + 4, total - 40);
        int first = hopByHopLength > 0 ? 0 : destOptionsLength > 0 ? 60 : protocol;
        b[off + 6] = (byte) first;
        b[off + 7] = (byte) ttl;
        System.arraycopy(src, 0, b, off + 8, 16);
        System.arraycopy(dst, 0, b, off + 24, 16);
        int p = off + 40;
        if (hopByHopLength > 0) {
            p = writePadOnlyExtension(b, p, hopByHopLength, destOptionsLength > 0 ? 60 : protocol);
        }
        if (destOptionsLength > 0) {
            p = writePadOnlyExtension(b, p, destOptionsLength, protocol);
        }
        return p;
    }

    /** Extension header = next header, length in 8-octet units minus one, then one PadN option filling the rest. */
    private static int writePadOnlyExtension(byte[] b, int p, int len, int next) {
        b[p] = (byte) next;
        b[p + 1] = (byte) (len / 8 - 1);
        b[p + 2] = 1; // PadN
        b[p + 3] = (byte) (len - 4);
        for (int i = 4; i < len; i++) {
            b[p + i] = 0;
        }
        return p + len;
    }
}
