package io.packwatch.decode;

import io.packwatch.capture.Frame;
import io.packwatch.capture.LinkType;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.Arrays;

/**
 * Turns a frame into a {@link Packet}: link layer (Ethernet with up to two VLAN tags, Linux
 * SLL/SLL2, BSD loopback, raw IP), IPv4/IPv6 (extension headers, fragments through the
 * {@link Defragmenter}) and TCP/UDP. Nothing is copied except fragments. A packet that cannot
 * be decoded is counted by reason and skipped; no input makes this class throw.
 */
public final class PacketDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_EXTENSION_HEADERS = 8;
    /** Packets checked before {@link ChecksumMode#AUTO} decides whether checksums are offloaded. */
    private static final int AUTO_SAMPLE = 1000;
    /** ... though a capture where nearly every checksum is wrong is offloaded for sure after this many. */
    private static final int AUTO_EARLY = 32;

    private final Defragmenter defrag;
    private final Counter[] malformed = new Counter[DecodeError.values().length];
    private final Counter frames;
    private final Counter nonIp;
    private final Counter ipv4;
    private final Counter ipv6;
    private final Counter tcp;
    private final Counter udp;
    private final Counter otherIp;
    private final Counter vlanTagged;
    private final Counter snaplenTruncated;
    private final Counter badIpChecksum;
    private final Counter badTcpChecksum;
    private final Counter badUdpChecksum;
    private final Counter offloadDetected;

    private boolean verifyChecksums;
    private boolean rejectBadChecksums;
    private boolean autoDeciding;
    private int autoChecked;
    private int autoBad;

    public PacketDecoder(ChecksumMode checksums, Defragmenter defrag, Counters counters) {
        this.defrag = defrag;
        for (DecodeError e : DecodeError.values()) {
            malformed[e.ordinal()] = counters.counter(e.counterName());
        }
        frames = counters.counter("decode.frames");
        nonIp = counters.counter("decode.non_ip");
        ipv4 = counters.counter("decode.ipv4");
        ipv6 = counters.counter("decode.ipv6");
        tcp = counters.counter("decode.tcp");
        udp = counters.counter("decode.udp");
        otherIp = counters.counter("decode.other_ip");
        vlanTagged = counters.counter("decode.vlan_tagged");
        snaplenTruncated = counters.counter("decode.snaplen_truncated");
        badIpChecksum = counters.counter("decode.checksum.ipv4_bad");
        badTcpChecksum = counters.counter("decode.checksum.tcp_bad");
        badUdpChecksum = counters.counter("decode.checksum.udp_bad");
        offloadDetected = counters.counter("decode.checksum.offload_detected");
        verifyChecksums = checksums != ChecksumMode.NO;
        rejectBadChecksums = checksums != ChecksumMode.NO;
        autoDeciding = checksums == ChecksumMode.AUTO;
    }

    /**
     * Decodes {@code frame} into {@code p}.
     *
     * @return true when {@code p} is an IP packet for the flow stage; false when the frame was
     *     malformed, not IP, or a fragment of a datagram not yet complete
     */
    public boolean decode(Frame frame, Packet p) {
        frames.inc();
        p.reset(frame.data, frame.tsNanos, frame.wireLength);
        boolean cut = frame.wireLength > frame.length;
        if (cut) {
            snaplenTruncated.inc();
        }
        return decodeLink(frame.linkType, frame.data, frame.length, p, cut);
    }

    private boolean decodeLink(int linkType, byte[] b, int len, Packet p, boolean cut) {
        switch (linkType) {
            case LinkType.ETHERNET:
                return decodeEthernet(b, len, p, cut);
            case LinkType.LINUX_SLL:
                return len < 16 ? fail(DecodeError.LINK_TRUNCATED) : decodeEtherType(u16(b, 14), b, 16, len, p, cut);
            case LinkType.LINUX_SLL2:
                return len < 20 ? fail(DecodeError.LINK_TRUNCATED) : decodeEtherType(u16(b, 0), b, 20, len, p, cut);
            case LinkType.NULL:
            case LinkType.LOOP:
                return decodeLoopback(b, len, p, cut);
            case LinkType.RAW:
            case LinkType.DLT_RAW_BSD:
            case LinkType.DLT_RAW_OPENBSD:
            case LinkType.IPV4:
            case LinkType.IPV6:
                return decodeIp(b, 0, len, p, cut);
            default:
                return fail(DecodeError.UNSUPPORTED_LINK_TYPE);
        }
    }

    private boolean decodeEthernet(byte[] b, int len, Packet p, boolean cut) {
        if (len < 14) {
            return fail(DecodeError.LINK_TRUNCATED);
        }
        int type = u16(b, 12);
        int off = 14;
        int tags = 0;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (++tags > MAX_VLAN_TAGS) {
                return fail(DecodeError.VLAN_TOO_DEEP);
            }
            if (off + 4 > len) {
                return fail(DecodeError.LINK_TRUNCATED);
            }
            int vid = u16(b, off) & 0x0FFF;
            if (tags == 1) {
                p.vlanOuter = vid;
            } else {
                p.vlanInner = vid;
            }
            type = u16(b, off + 2);
            off += 4;
        }
        if (tags > 0) {
            vlanTagged.inc();
        }
        return decodeEtherType(type, b, off, len, p, cut);
    }

    private boolean decodeEtherType(int type, byte[] b, int off, int len, Packet p, boolean cut) {
        if (type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6) {
            return decodeIp(b, off, len, p, cut);
        }
        nonIp.inc();
        return false;
    }

    private boolean decodeLoopback(byte[] b, int len, Packet p, boolean cut) {
        if (len < 4) {
            return fail(DecodeError.LINK_TRUNCATED);
        }
        // The address family is in the writer's byte order; IP's version nibble settles it anyway.
        return decodeIp(b, 4, len, p, cut);
    }

    private boolean decodeIp(byte[] b, int off, int len, Packet p, boolean cut) {
        if (off >= len) {
            return fail(DecodeError.IPV4_TRUNCATED);
        }
        int version = (b[off] & 0xFF) >>> 4;
        if (version == 4) {
            return decodeIpv4(b, off, len, p, cut);
        }
        if (version == 6) {
            return decodeIpv6(b, off, len, p, cut);
        }
        return fail(DecodeError.IPV4_BAD_VERSION);
    }

    private boolean decodeIpv4(byte[] b, int off, int len, Packet p, boolean cut) {
        int avail = len - off;
        if (avail < 20) {
            return fail(DecodeError.IPV4_TRUNCATED);
        }
        int ihl = (b[off] & 0x0F) * 4;
        if (ihl < 20) {
            return fail(DecodeError.IPV4_BAD_HEADER_LENGTH);
        }
        if (ihl > avail) {
            return fail(DecodeError.IPV4_TRUNCATED);
        }
        int total = u16(b, off + 2);
        if (total < ihl) {
            return fail(DecodeError.IPV4_BAD_TOTAL_LENGTH);
        }
        boolean clipped = false;
        if (total > avail) {
            if (!cut) {
                return fail(DecodeError.IPV4_BAD_TOTAL_LENGTH);
            }
            clipped = true;
        }
        ipv4.inc();
        p.ipVersion = 4;
        p.ipOffset = off;
        p.ipLength = Math.min(total, avail);
        p.ipMissing = total - p.ipLength;
        p.ttl = b[off + 8] & 0xFF;
        p.protocol = b[off + 9] & 0xFF;
        p.srcLo = u32(b, off + 12) & 0xFFFFFFFFL;
        p.dstLo = u32(b, off + 16) & 0xFFFFFFFFL;
        if (verifyChecksums && !Checksum.verifies(Checksum.sum(b, off, ihl, 0))) {
            badIpChecksum.inc();
            p.badChecksum = true;
        }
        int flagsFrag = u16(b, off + 6);
        boolean more = (flagsFrag & 0x2000) != 0;
        int fragOffset = (flagsFrag & 0x1FFF) * 8;
        if (more || fragOffset != 0) {
            if (clipped) {
                return fail(DecodeError.IPV4_BAD_TOTAL_LENGTH);
            }
            if (p.badChecksum && rejectBadChecksums) {
                return false;
            }
            byte[] header = Arrays.copyOfRange(b, off, off + ihl);
            byte[] datagram = defrag.offer(p, header, u16(b, off + 4), fragOffset, more, off + ihl, total - ihl);
            if (datagram == null) {
                return false;
            }
            // Present the rebuilt datagram as one unfragmented packet.
            int newTotal = datagram.length;
            datagram[2] = (byte) (newTotal >>> 8);
            datagram[3] = (byte) newTotal;
            datagram[6] = 0;
            datagram[7] = 0;
            p.buf = datagram;
            p.reassembled = true;
            p.ipOffset = 0;
            p.ipLength = newTotal;
            return decodeTransport(datagram, ihl, newTotal, p, false);
        }
        return decodeTransport(b, off + ihl, off + p.ipLength, p, clipped);
    }

    private boolean decodeIpv6(byte[] b, int off, int len, Packet p, boolean cut) {
        int avail = len - off;
        if (avail < 40) {
            return fail(DecodeError.IPV6_TRUNCATED);
        }
        int payloadLen = u16(b, off + 4);
        int next = b[off + 6] & 0xFF;
        if (payloadLen == 0 && next == 0) {
            return fail(DecodeError.IPV6_JUMBOGRAM);
        }
        boolean clipped = false;
        if (40 + payloadLen > avail) {
            if (!cut) {
                return fail(DecodeError.IPV6_BAD_PAYLOAD_LENGTH);
            }
            clipped = true;
        }
        ipv6.inc();
        int end = off + Math.min(40 + payloadLen, avail);
        p.ipVersion = 6;
        p.ipOffset = off;
        p.ipLength = end - off;
        p.ipMissing = 40 + payloadLen - p.ipLength;
        p.ttl = b[off + 7] & 0xFF;
        p.srcHi = u64(b, off + 8);
        p.srcLo = u64(b, off + 16);
        p.dstHi = u64(b, off + 24);
        p.dstLo = u64(b, off + 32);
        int at = off + 40;
        for (int n = 0; ; n++) {
            switch (next) {
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60:  // destination options
                case 135: // mobility
                {
                    if (n >= MAX_EXTENSION_HEADERS || at + 8 > end) {
                        return fail(DecodeError.IPV6_BAD_EXTENSION_HEADER);
                    }
                    int hlen = ((b[at + 1] & 0xFF) + 1) * 8;
                    next = b[at] & 0xFF;
                    at += hlen;
                    if (at > end) {
                        return fail(DecodeError.IPV6_BAD_EXTENSION_HEADER);
                    }
                    break;
                }
                case 51: { // authentication header: length in 4-byte units
                    if (n >= MAX_EXTENSION_HEADERS || at + 8 > end) {
                        return fail(DecodeError.IPV6_BAD_EXTENSION_HEADER);
                    }
                    int hlen = ((b[at + 1] & 0xFF) + 2) * 4;
                    next = b[at] & 0xFF;
                    at += hlen;
                    if (at > end) {
                        return fail(DecodeError.IPV6_BAD_EXTENSION_HEADER);
                    }
                    break;
                }
                case 44:
                    return decodeIpv6Fragment(b, off, at, end, next, p, clipped);
                default:
                    p.protocol = next;
                    return decodeTransport(b, at, end, p, clipped);
            }
        }
    }

    private boolean decodeIpv6Fragment(byte[] b, int off, int at, int end, int next, Packet p, boolean clipped) {
        if (at + 8 > end || clipped) {
            return fail(DecodeError.IPV6_BAD_EXTENSION_HEADER);
        }
        int protocol = b[at] & 0xFF;
        int offsetFlags = u16(b, at + 2);
        int fragOffset = offsetFlags & 0xFFF8;
        boolean more = (offsetFlags & 1) != 0;
        long id = u32(b, at + 4) & 0xFFFFFFFFL;
        p.protocol = protocol;
        int payloadAt = at + 8;
        if (!more && fragOffset == 0) {
            // An atomic fragment (RFC 6946): a whole datagram that merely carries the header.
            return decodeTransport(b, payloadAt, end, p, false);
        }
        if (more && ((end - payloadAt) & 7) != 0) {
            return fail(DecodeError.FRAGMENT_BAD_OFFSET);
        }
        byte[] header = Arrays.copyOfRange(b, off, off + 40);
        header[6] = (byte) protocol;
        byte[] datagram = defrag.offer(p, header, id, fragOffset, more, payloadAt, end - payloadAt);
        if (datagram == null) {
            return false;
        }
        int payloadLen = datagram.length - 40;
        datagram[4] = (byte) (payloadLen >>> 8);
        datagram[5] = (byte) payloadLen;
        p.buf = datagram;
        p.reassembled = true;
        p.ipOffset = 0;
        p.ipLength = datagram.length;
        return decodeTransport(datagram, 40, datagram.length, p, false);
    }

    private boolean decodeTransport(byte[] b, int at, int end, Packet p, boolean clipped) {
        switch (p.protocol) {
            case Packet.PROTO_TCP:
                return decodeTcp(b, at, end, p, clipped);
            case Packet.PROTO_UDP:
                return decodeUdp(b, at, end, p, clipped);
            default:
                otherIp.inc();
                p.payloadOffset = at;
                p.payloadLength = end - at;
                return true;
        }
    }

    private boolean decodeTcp(byte[] b, int at, int end, Packet p, boolean clipped) {
        if (end - at < 20) {
            return fail(DecodeError.TCP_TRUNCATED);
        }
        int dataOffset = ((b[at + 12] & 0xFF) >>> 4) * 4;
        if (dataOffset < 20) {
            return fail(DecodeError.TCP_BAD_DATA_OFFSET);
        }
        if (at + dataOffset > end) {
            return fail(clipped ? DecodeError.TCP_TRUNCATED : DecodeError.TCP_BAD_DATA_OFFSET);
        }
        tcp.inc();
        p.srcPort = u16(b, at);
        p.dstPort = u16(b, at + 2);
        p.seq = u32(b, at + 4);
        p.ack = u32(b, at + 8);
        p.tcpFlags = b[at + 13] & 0x3F;
        p.window = u16(b, at + 14);
        if ((p.tcpFlags & Packet.SYN) != 0 && dataOffset > 20) {
            parseTcpOptions(b, at + 20, at + dataOffset, p);
        }
        p.payloadOffset = at + dataOffset;
        p.payloadLength = end - p.payloadOffset;
        p.payloadTruncated = clipped;
        if (verifyChecksums && !clipped) {
            checkTransportChecksum(b, at, end, p, badTcpChecksum);
        }
        return true;
    }

    private static void parseTcpOptions(byte[] b, int at, int end, Packet p) {
        while (at < end) {
            int kind = b[at] & 0xFF;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= end) {
                return;
            }
            int len = b[at + 1] & 0xFF;
            if (len < 2 || at + len > end) {
                return;
            }
            switch (kind) {
                case 2:
                    if (len == 4) {
                        p.mss = u16(b, at + 2);
                    }
                    break;
                case 3:
                    if (len == 3) {
                        p.windowScale = Math.min(14, b[at + 2] & 0xFF);
                    }
                    break;
                case 4:
                    p.sackPermitted = true;
                    break;
                case 8:
                    p.hasTimestamp = len == 10;
                    break;
                default:
                    break;
            }
            at += len;
        }
    }

    private boolean decodeUdp(byte[] b, int at, int end, Packet p, boolean clipped) {
        if (end - at < 8) {
            return fail(DecodeError.UDP_TRUNCATED);
        }
        int udpLen = u16(b, at + 4);
        if (udpLen < 8 || (!clipped && at + udpLen > end)) {
            return fail(DecodeError.UDP_BAD_LENGTH);
        }
        udp.inc();
        p.srcPort = u16(b, at);
        p.dstPort = u16(b, at + 2);
        int udpEnd = Math.min(end, at + udpLen);
        p.payloadOffset = at + 8;
        p.payloadLength = udpEnd - p.payloadOffset;
        p.payloadTruncated = clipped;
        boolean noChecksum = p.ipVersion == 4 && u16(b, at + 6) == 0;
        if (verifyChecksums && !clipped && !noChecksum) {
            checkTransportChecksum(b, at, udpEnd, p, badUdpChecksum);
        }
        return true;
    }

    private void checkTransportChecksum(byte[] b, int at, int end, Packet p, Counter bad) {
        int len = end - at;
        long sum = p.protocol + len;
        if (p.ipVersion == 4) {
            sum += (p.srcLo >>> 16) + (p.srcLo & 0xFFFF) + (p.dstLo >>> 16) + (p.dstLo & 0xFFFF);
        } else {
            sum += words(p.srcHi) + words(p.srcLo) + words(p.dstHi) + words(p.dstLo);
        }
        boolean ok = Checksum.verifies(Checksum.sum(b, at, len, sum));
        if (!ok) {
            bad.inc();
            p.badChecksum = true;
        }
        if (autoDeciding) {
            decideOffload(ok);
        }
    }

    /** After a sample, mostly-wrong checksums mean the capture host offloaded them: stop rejecting. */
    private void decideOffload(boolean ok) {
        autoChecked++;
        if (!ok) {
            autoBad++;
        }
        boolean nearlyAllBad = autoChecked >= AUTO_EARLY && autoBad * 10 >= autoChecked * 9;
        if (autoChecked == AUTO_SAMPLE || autoBad > AUTO_SAMPLE / 2 || nearlyAllBad) {
            autoDeciding = false;
            if (autoBad * 2 > autoChecked) {
                rejectBadChecksums = false;
                offloadDetected.set(1);
            }
        }
    }

    /** True when a packet with a wrong checksum should be kept out of streams. */
    public boolean shouldReject(Packet p) {
        // While auto mode is still sampling, reject only if wrong checksums are the exception so far.
        return p.badChecksum && rejectBadChecksums && (!autoDeciding || autoBad * 2 <= autoChecked);
    }

    private static long words(long v) {
        return (v >>> 48) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    private boolean fail(DecodeError reason) {
        malformed[reason.ordinal()].inc();
        return false;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int u32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long u64(byte[] b, int i) {
        return ((long) u32(b, i) << 32) | (u32(b, i + 4) & 0xFFFFFFFFL);
    }
}
