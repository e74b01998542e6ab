package io.packwatch.testkit;

import java.nio.ByteOrder;

/** Link-layer framing for the DLTs the sensor must decode. MACs are derived from IPs so frames are deterministic. */
public final class Frames {
    public static final int DLT_NULL = 0;
    public static final int DLT_EN10MB = 1;
    public static final int DLT_RAW = 101;
    public static final int DLT_LINUX_SLL = 113;
    public static final int DLT_LINUX_SLL2 = 276;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    public static final int AF_INET = 2;
    /** BSD loopback uses the host's AF_INET6, which differs: NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
    public static final int AF_INET6_BSD = 24;
    public static final int AF_INET6_FREEBSD = 28;
    public static final int AF_INET6_DARWIN = 30;

    /** Linux SLL packet types. */
    public static final int SLL_HOST = 0;
    public static final int SLL_OUTGOING = 4;

    private Frames() {
    }

    /** 02:00 followed by the last four address bytes: locally administered, unique per test host. */
    public static byte[] macFor(byte[] ip) {
        byte[] mac = new byte[6];
        mac[0] = 0x02;
        System.arraycopy(ip, ip.length - 4, mac, 2, 4);
        return mac;
    }

    /** Ethertype matching the IP version nibble of the packet. */
    public static int etherTypeOf(byte[] ipPacket) {
        return (ipPacket[0] >>> 4 & 0xF) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
    }

    static byte[] srcAddress(byte[] ip) {
        return address(ip, 12, 8);
    }

    static byte[] dstAddress(byte[] ip) {
        return address(ip, 16, 24);
    }

    private static byte[] address(byte[] ip, int v4Off, int v6Off) {
        boolean v6 = (ip[0] >>> 4 & 0xF) == 6;
        byte[] a = new byte[v6 ? 16 : 4];
        System.arraycopy(ip, v6 ? v6Off : v4Off, a, 0, a.length);
        return a;
    }

    /** Writes dst MAC, src MAC and ethertype; returns 14. */
    public static int writeEthernetHeader(byte[] buf, int off, byte[] dstMac, byte[] srcMac, int etherType) {
        System.arraycopy(dstMac, 0, buf, off, 6);
        System.arraycopy(srcMac, 0, buf, off + 6, 6);
        Bytes.put16(buf, off + 12, etherType);
        return 14;
    }

    public static byte[] ethernet(byte[] dstMac, byte[] srcMac, int etherType, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        writeEthernetHeader(f, 0, dstMac, srcMac, etherType);
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    /** Ethernet frame for an IP packet with MACs derived from its addresses. */
    public static byte[] ethernet(byte[] ipPacket) {
        return ethernet(macFor(dstAddress(ipPacket)), macFor(srcAddress(ipPacket)), etherTypeOf(ipPacket), ipPacket);
    }

    /** Ethernet with a stack of tags; tags[i] = {tpid, vlanId}, outermost first. */
    public static byte[] ethernetTagged(byte[] ipPacket, int[]... tags) {
        byte[] f = new byte[14 + 4 * tags.length + ipPacket.length];
        writeEthernetHeader(f, 0, macFor(dstAddress(ipPacket)), macFor(srcAddress(ipPacket)), tags[0][0]);
        int p = 14;
        for (int i = 0; i < tags.length; i++) {
            Bytes.put16(f, p, tags[i][1] & 0x0FFF); // PCP 0, DEI 0
            int next = i + 1 < tags.length ? tags[i + 1][0] : etherTypeOf(ipPacket);
            Bytes.put16(f, p + 2, next);
            p += 4;
        }
        System.arraycopy(ipPacket, 0, f, p, ipPacket.length);
        return f;
    }

    public static byte[] vlan(byte[] ipPacket, int vlanId) {
        return ethernetTagged(ipPacket, new int[] {ETHERTYPE_VLAN, vlanId});
    }

    /** 802.1ad service tag outside, 802.1Q customer tag inside. */
    public static byte[] qinq(byte[] ipPacket, int outerVlan, int innerVlan) {
        return ethernetTagged(ipPacket, new int[] {ETHERTYPE_QINQ, outerVlan}, new int[] {ETHERTYPE_VLAN, innerVlan});
    }

    /** Linux cooked v1: packet type, ARPHRD_ETHER, address length 6, address padded to 8, protocol (16 bytes). */
    public static byte[] sll(byte[] ipPacket, int packetType) {
        byte[] f = new byte[16 + ipPacket.length];
        Bytes.put16(f, 0, packetType);
        Bytes.put16(f, 2, 1);
        Bytes.put16(f, 4, 6);
        System.arraycopy(macFor(srcAddress(ipPacket)), 0, f, 6, 6);
        Bytes.put16(f, 14, etherTypeOf(ipPacket));
        System.arraycopy(ipPacket, 0, f, 16, ipPacket.length);
        return f;
    }

    /** Linux cooked v2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address length, address (20 bytes). */
    public static byte[] sll2(byte[] ipPacket, int packetType, int ifIndex) {
        byte[] f = new byte[20 + ipPacket.length];
        Bytes.put16(f, 0, etherTypeOf(ipPacket));
        Bytes.put16(f, 2, 0);
        Bytes.put32(f, 4, ifIndex);
        Bytes.put16(f, 8, 1);
        f[10] = (byte) packetType;
        f[11] = 6;
        System.arraycopy(macFor(srcAddress(ipPacket)), 0, f, 12, 6);
        System.arraycopy(ipPacket, 0, f, 20, ipPacket.length);
        return f;
    }

    /** BSD loopback: 4-byte address family in the capturing host's byte order (= the file's byte order). */
    public static byte[] nullLoopback(byte[] ipPacket, int family, ByteOrder hostOrder) {
        byte[] f = new byte[4 + ipPacket.length];
        Bytes.put32(f, 0, family, hostOrder);
        System.arraycopy(ipPacket, 0, f, 4, ipPacket.length);
        return f;
    }
}
