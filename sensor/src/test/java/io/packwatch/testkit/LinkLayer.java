package io.packwatch.testkit;

import java.nio.ByteOrder;

/** How a session's IP packets are framed; "outgoing" means sent by the capturing host (the client). */
public interface LinkLayer {
    int linkType();

    byte[] frame(byte[] ipPacket, boolean outgoing);

    static LinkLayer ethernet() {
        return of(Frames.DLT_EN10MB, (ip, out) -> Frames.ethernet(ip));
    }

    static LinkLayer vlan(int vlanId) {
        return of(Frames.DLT_EN10MB, (ip, out) -> Frames.vlan(ip, vlanId));
    }

    static LinkLayer qinq(int outerVlan, int innerVlan) {
        return of(Frames.DLT_EN10MB, (ip, out) -> Frames.qinq(ip, outerVlan, innerVlan));
    }

    static LinkLayer sll() {
        return of(Frames.DLT_LINUX_SLL, (ip, out) -> Frames.sll(ip, out ? Frames.SLL_OUTGOING : Frames.SLL_HOST));
    }

    static LinkLayer sll2(int ifIndex) {
        return of(Frames.DLT_LINUX_SLL2,
                (ip, out) -> Frames.sll2(ip, out ? Frames.SLL_OUTGOING : Frames.SLL_HOST, ifIndex));
    }

    /** IPv4 packets get AF_INET; IPv6 packets get the given BSD AF_INET6 value (24, 28 or 30). */
    static LinkLayer nullLoopback(int inet6Family, ByteOrder hostOrder) {
        return of(Frames.DLT_NULL, (ip, out) -> Frames.nullLoopback(ip,
                Frames.etherTypeOf(ip) == Frames.ETHERTYPE_IPV6 ? inet6Family : Frames.AF_INET, hostOrder));
    }

    static LinkLayer rawIp() {
        return of(Frames.DLT_RAW, (ip, out) -> ip.clone());
    }

    /** Functional shape of the framing step. */
    interface Framer {
        byte[] frame(byte[] ipPacket, boolean outgoing);
    }

    static LinkLayer of(int linkType, Framer framer) {
        return new LinkLayer() {
            @Override
            public int linkType() {
                return linkType;
            }

            @Override
            public byte[] frame(byte[] ipPacket, boolean outgoing) {
                return framer.frame(ipPacket, outgoing);
            }
        };
    }
}
