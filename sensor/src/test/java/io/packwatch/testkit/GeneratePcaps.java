package io.packwatch.testkit;

import static io.packwatch.testkit.PacketBuilder.ip;
import static io.packwatch.testkit.Payloads.ascii;
import static io.packwatch.testkit.Payloads.fill;
import static io.packwatch.testkit.Payloads.pattern;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the small checked-in test captures. Everything is fixed (addresses, ISNs, timestamps from
 * 2026-01-01T00:00:00Z, payload patterns), so every run is byte-identical. pcaps/README.md documents each file.
 * Usage: GeneratePcaps OUTPUT_DIR
 */
public final class GeneratePcaps {
    /** 2026-01-01T00:00:00Z in nanoseconds since the epoch. */
    public static final long T0 = 1_767_225_600L * 1_000_000_000L;
    public static final long SEC = 1_000_000_000L;
    public static final long MS = 1_000_000L;
    public static final String HOST = "packwatch.test";

    private final Path dir;

    private GeneratePcaps(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GeneratePcaps OUTPUT_DIR");
            System.exit(2);
        }
        GeneratePcaps g = new GeneratePcaps(Paths.get(args[0]));
        Files.createDirectories(g.dir.resolve("pcap-variants"));
        g.vlanQinq();
        g.sll();
        g.nullLoopback();
        g.rawIp();
        g.ipv6();
        g.ipv4Fragments();
        g.tcpOutOfOrder();
        g.tcpGap();
        g.tcpMidstream();
        g.tcpPortReuse();
        g.tcpSeqWrap();
        g.pcapVariants();
        g.pcapngMulti();
        g.pcapngLittleEndian();
        g.malformed();
        g.truncated();
        new InspectionPcaps(g.dir).writeAll();
        g.httpCaptures();
        new EvasionPcaps(g.dir.resolve("evasion")).writeAll();
        System.out.println("wrote test captures to " + g.dir);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Handshake, GET path, 200 response with pattern(seed, bodyLength) body, client-initiated FIN teardown. */
    static TcpSession http(LinkLayer link, String client, int cport, String server, int sport, long cIsn, long sIsn,
            long start, String path, int seed, int bodyLength) {
        TcpSession s = new TcpSession(link, ip(client), cport, ip(server), sport, cIsn, sIsn, start);
        s.handshake();
        s.sendClient(Payloads.httpGet(HOST, path));
        s.sendServer(Payloads.httpResponse(seed, bodyLength));
        s.closeFromClient();
        return s;
    }

    static Packet udp(LinkLayer link, long ts, String src, int sport, String dst, int dport, byte[] payload,
            boolean outgoing) {
        byte[] pkt = PacketBuilder.udp(ip(src), sport, ip(dst), dport).payload(payload).build();
        return new Packet(ts, link.frame(pkt, outgoing));
    }

    /** Stable merge by timestamp, so interleaved sessions stay in time order. */
    @SafeVarargs
    static List<Packet> merge(List<Packet>... lists) {
        List<Packet> all = new ArrayList<>();
        for (List<Packet> l : lists) {
            all.addAll(l);
        }
        all.sort(Comparator.comparingLong(Packet::tsNanos));
        return all;
    }

    private void writePcap(String name, int linkType, List<Packet> packets) throws IOException {
        PcapWriter.writeAll(dir.resolve(name), linkType, packets);
    }

    private static List<Packet> frames(LinkLayer link, long ts, long step, List<byte[]> ipPackets) {
        List<Packet> out = new ArrayList<>();
        for (byte[] p : ipPackets) {
            out.add(new Packet(ts, link.frame(p, true)));
            ts += step;
        }
        return out;
    }

    // ---- scenarios -----------------------------------------------------------------------------------------

    private void vlanQinq() throws IOException {
        TcpSession a = http(LinkLayer.vlan(100), "10.0.0.1", 51000, "192.0.2.10", 80, 0x10000001L, 0x20000001L,
                T0, "/vlan100", 1, 2000);
        TcpSession b = http(LinkLayer.qinq(200, 300), "10.0.0.2", 51001, "192.0.2.11", 80, 0x10000002L,
                0x20000002L, T0 + SEC, "/qinq", 2, 3000);
        writePcap("vlan-qinq.pcap", Frames.DLT_EN10MB, merge(a.packets(), b.packets()));
    }

    private void sll() throws IOException {
        writePcap("sll.pcap", Frames.DLT_LINUX_SLL, http(LinkLayer.sll(), "10.0.1.1", 52000, "192.0.2.20", 80,
                0x10000003L, 0x20000003L, T0, "/sll", 3, 1500).packets());
        writePcap("sll2.pcap", Frames.DLT_LINUX_SLL2, http(LinkLayer.sll2(2), "10.0.2.1", 52001, "192.0.2.21", 80,
                0x10000004L, 0x20000004L, T0, "/sll2", 4, 1500).packets());
    }

    private void nullLoopback() throws IOException {
        LinkLayer af30 = LinkLayer.nullLoopback(Frames.AF_INET6_DARWIN, ByteOrder.LITTLE_ENDIAN);
        LinkLayer af24 = LinkLayer.nullLoopback(Frames.AF_INET6_BSD, ByteOrder.LITTLE_ENDIAN);
        TcpSession v4 = http(af30, "127.0.0.1", 53000, "127.0.0.1", 8080, 0x10000005L, 0x20000005L, T0,
                "/loop4", 5, 1000);
        TcpSession v6 = http(af30, "::1", 53001, "::1", 8080, 0x10000006L, 0x20000006L, T0 + SEC, "/loop6", 6,
                1000);
        List<Packet> udp = List.of(
                udp(af24, T0 + 2 * SEC, "::1", 53002, "::1", 9999, ascii("ping af24"), true),
                udp(af24, T0 + 2 * SEC + MS, "::1", 9999, "::1", 53002, ascii("pong af24"), false));
        writePcap("null-loopback.pcap", Frames.DLT_NULL, merge(v4.packets(), v6.packets(), udp));
    }

    private void rawIp() throws IOException {
        LinkLayer raw = LinkLayer.rawIp();
        TcpSession v4 = http(raw, "10.0.3.1", 54000, "192.0.2.30", 80, 0x10000007L, 0x20000007L, T0, "/raw", 7,
                1000);
        List<Packet> udp = List.of(
                udp(raw, T0 + SEC, "2001:db8::3", 54001, "2001:db8::53", 7777, ascii("raw-ip udp request"), true),
                udp(raw, T0 + SEC + MS, "2001:db8::53", 7777, "2001:db8::3", 54001, ascii("raw-ip udp response"),
                        false));
        writePcap("raw-ip.pcap", Frames.DLT_RAW, merge(v4.packets(), udp));
    }

    private void ipv6() throws IOException {
        LinkLayer eth = LinkLayer.ethernet();
        TcpSession tcp = new TcpSession(eth, ip("2001:db8::10"), 55000, ip("2001:db8::20"), 80, 0x10000008L,
                0x20000008L, T0).ipv6ExtensionHeaders(8, 16);
        tcp.handshake();
        tcp.sendClient(Payloads.httpGet(HOST, "/ipv6"));
        tcp.sendServer(Payloads.httpResponse(8, 2000));
        tcp.closeFromClient();
        byte[] dgram = PacketBuilder.udp(ip("2001:db8::10"), 55001, ip("2001:db8::20"), 6000)
                .payload(pattern(9, 3000)).build();
        List<byte[]> frags = new IpFragmenter(dgram).ipv6Identification(0x6F7A0001L).split(1200, 1200);
        writePcap("ipv6.pcap", Frames.DLT_EN10MB,
                merge(tcp.packets(), frames(eth, T0 + SEC, MS, IpFragmenter.reorder(frags, 2, 0, 1))));
    }

    private void ipv4Fragments() throws IOException {
        LinkLayer eth = LinkLayer.ethernet();
        String c = "10.0.4.1";
        String s = "192.0.2.40";
        List<Packet> all = new ArrayList<>();
        // a) in order
        byte[] a = PacketBuilder.udp(ip(c), 56001, ip(s), 7001).ipId(0x1001).payload(pattern(11, 4000)).build();
        all.addAll(frames(eth, T0, MS, new IpFragmenter(a).split(1008, 1000, 1000)));
        // b) reverse order
        byte[] b = PacketBuilder.udp(ip(c), 56002, ip(s), 7002).ipId(0x1002).payload(pattern(12, 4000)).build();
        all.addAll(frames(eth, T0 + SEC, MS,
                IpFragmenter.reorder(new IpFragmenter(b).split(1008, 1000, 1000), 3, 2, 1, 0)));
        // c) overlapping fragments with conflicting bytes (offsets are IP-payload offsets; UDP payload = -8)
        byte[] o = PacketBuilder.udp(ip(c), 56003, ip(s), 7003).ipId(0x1003).payload(pattern(13, 2392)).build();
        IpFragmenter f = new IpFragmenter(o);
        all.addAll(frames(eth, T0 + 2 * SEC, MS, List.of(
                f.fragment(0, 800, true, null),
                f.fragment(800, 800, true, null),
                f.fragment(1600, 400, true, null),
                f.fragment(600, 400, true, fill('!', 400)),
                f.fragment(1600, 800, false, Bytes.concat(fill('#', 400), pattern(13, 1992, 400))))));
        // d) one TCP data segment in two fragments
        TcpSession t = new TcpSession(eth, ip(c), 56004, ip(s), 80, 0x10000009L, 0x20000009L, T0 + 3 * SEC)
                .mss(4000);
        t.handshake();
        int[] post = t.sendClient(Payloads.httpPost(HOST, "/frag", 14, 2000));
        t.fragment(post[0], 1200);
        t.sendServer(Payloads.httpResponse(15, 100));
        t.closeFromClient();
        all.addAll(t.packets());
        // e) incomplete: last fragment never captured
        byte[] e = PacketBuilder.udp(ip(c), 56005, ip(s), 7005).ipId(0x1005).payload(pattern(16, 3000)).build();
        all.addAll(frames(eth, T0 + 4 * SEC, MS, new IpFragmenter(e).split(1000, 1000).subList(0, 2)));
        // f) tiny first fragment: 8 bytes = ports and sequence number only, flags are in the second fragment
        byte[] syn = PacketBuilder.tcp(ip(c), 56006, ip(s), 22).ipId(0x1006).seq(0x31337000L)
                .flags(PacketBuilder.SYN).tcpOptions(TcpOptions.syn(1460, 1, 0, 7)).build();
        all.addAll(frames(eth, T0 + 5 * SEC, MS, new IpFragmenter(syn).split(8)));
        // g) a late packet that moves capture time past any reassembly timeout
        all.add(udp(eth, T0 + 125 * SEC, c, 56007, s, 7007, ascii("tick"), true));
        writePcap("ipv4-frag.pcap", Frames.DLT_EN10MB, all);
    }

    /** Client stream of tcp-ooo.pcap before any overlap: pattern(21, 14000). */
    public static final int OOO_SEED = 21;
    public static final int OOO_LENGTH = 14000;

    private void tcpOutOfOrder() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), ip("10.0.5.1"), 57000, ip("192.0.2.50"), 7350,
                0x1000000AL, 0x2000000AL, T0).mss(1000);
        t.handshake();
        seg(t, 0, 1000);
        t.ackFromServer();
        // plain reordering: [2000,3000) arrives before [1000,2000)
        seg(t, 2000, 1000);
        t.ackFromServer();
        seg(t, 1000, 1000);
        t.ackFromServer();
        // identical retransmission of [3000,4000)
        int dup = seg(t, 3000, 1000);
        t.ackFromServer();
        t.retransmit(dup);
        t.ackFromServer();
        // episode 1: new [4800,5500) starts before old [5000,6000), ends inside it; conflict [5000,5500) '!'
        episode(t, 4000, Bytes.concat(pattern(OOO_SEED, 4800, 200), fill('!', 500)), 4800, false);
        // episode 2: new [7000,8200) starts with old [7000,8000), ends after it; conflict [7000,8000) '#'
        episode(t, 6000, Bytes.concat(fill('#', 1000), pattern(OOO_SEED, 8000, 200)), 7000, true);
        // episode 3: new [10200,10800) lies inside old [10000,11000); conflict [10200,10800) '$'
        episode(t, 9000, fill('$', 600), 10200, false);
        // episode 4: new [11500,13500) starts before old [12000,13000), ends after it; conflict [12000,13000) '%'
        episode(t, 11000, Bytes.concat(pattern(OOO_SEED, 11500, 500), fill('%', 1000),
                pattern(OOO_SEED, 13000, 500)), 11500, true);
        t.sendServer(ascii("received 14000 bytes\n"));
        t.closeFromClient();
        writePcap("tcp-ooo.pcap", Frames.DLT_EN10MB, t.packets());
    }

    private static int seg(TcpSession t, int offset, int length) {
        return t.clientSegment(offset, pattern(OOO_SEED, offset, length));
    }

    /**
     * Hole [base, base+1000) is missing; old segment [base+1000, base+2000) arrives out of order, then the
     * conflicting segment at newOffset, then the hole is filled; optionally [base+2000, base+3000) follows.
     */
    private static void episode(TcpSession t, int base, byte[] conflicting, int newOffset, boolean thenNext) {
        seg(t, base + 1000, 1000);
        t.ackFromServer();
        t.clientSegment(newOffset, conflicting);
        t.ackFromServer();
        seg(t, base, 1000);
        t.ackFromServer();
        if (thenNext) {
            seg(t, base + 2000, 1000);
            t.ackFromServer();
        }
    }

    private void tcpGap() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), ip("10.0.6.1"), 58000, ip("192.0.2.60"), 7200,
                0x1000000BL, 0x2000000BL, T0).mss(1000);
        t.handshake();
        int[] segs = t.sendClient(pattern(31, 10000));
        t.drop(segs[4]); // [4000,5000) never captured; the server's ACK 5000 still covers it
        t.sendServer(ascii("received 10000 bytes\n"));
        t.closeFromClient();
        writePcap("tcp-gap.pcap", Frames.DLT_EN10MB, t.packets());
    }

    private void tcpMidstream() throws IOException {
        LinkLayer eth = LinkLayer.ethernet();
        TcpSession web = new TcpSession(eth, ip("10.0.7.1"), 51234, ip("192.0.2.70"), 80, 0x7000_0000L,
                0x7100_0000L, T0);
        web.sendServer(pattern(41, 1000));
        web.sendClient(Payloads.httpGet(HOST, "/midstream"));
        web.closeFromClient();
        TcpSession db = new TcpSession(eth, ip("10.0.7.2"), 40000, ip("10.0.7.3"), 5432, 0x7200_0000L,
                0x7300_0000L, T0 + SEC);
        db.sendServer(pattern(42, 600));
        db.sendClient(pattern(43, 200));
        db.sendServer(pattern(44, 400));
        db.closeFromClient();
        writePcap("tcp-midstream.pcap", Frames.DLT_EN10MB, merge(web.packets(), db.packets()));
    }

    private void tcpPortReuse() throws IOException {
        LinkLayer eth = LinkLayer.ethernet();
        TcpSession first = http(eth, "10.0.8.1", 59000, "192.0.2.80", 80, 0x8000_0000L, 0x8100_0000L, T0,
                "/first", 51, 1000);
        List<Packet> p1 = first.packets();
        long secondStart = p1.get(p1.size() - 1).tsNanos() + 2 * SEC;
        TcpSession second = http(eth, "10.0.8.1", 59000, "192.0.2.80", 80, 0x8800_0000L, 0x8900_0000L,
                secondStart, "/second", 52, 1500);
        TcpSession cut = new TcpSession(eth, ip("10.0.8.2"), 59001, ip("192.0.2.81"), 7300, 0x8A00_0000L,
                0x8B00_0000L, T0 + 10 * SEC).mss(1000);
        cut.handshake();
        cut.sendClient(pattern(53, 3000));
        cut.reset(false);
        writePcap("tcp-port-reuse.pcap", Frames.DLT_EN10MB, merge(p1, second.packets(), cut.packets()));
    }

    private void tcpSeqWrap() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), ip("10.0.9.1"), 60000, ip("192.0.2.90"), 7400,
                0xFFFFF000L, 0xFFFFFFF0L, T0).mss(1000);
        t.handshake();
        t.sendClient(pattern(61, 20000));
        t.sendServer(ascii("received 20000 bytes across the sequence wrap\n"));
        t.closeFromClient();
        writePcap("tcp-seq-wrap.pcap", Frames.DLT_EN10MB, t.packets());
    }

    private void pcapVariants() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), ip("10.0.10.1"), 61000, ip("192.0.2.100"), 80,
                0x1000000CL, 0x2000000CL, T0 + 123_456_789L).stepNanos(250_123L);
        t.handshake();
        t.sendClient(Payloads.httpGet(HOST, "/variant"));
        t.sendServer(Payloads.httpResponse(71, 500));
        t.closeFromClient();
        String[] names = {"micro-le", "micro-be", "nano-le", "nano-be"};
        for (String n : names) {
            PcapWriter.Resolution res = n.startsWith("nano") ? PcapWriter.Resolution.NANO
                    : PcapWriter.Resolution.MICRO;
            ByteOrder order = n.endsWith("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            try (PcapWriter w = new PcapWriter(dir.resolve("pcap-variants/" + n + ".pcap"), Frames.DLT_EN10MB,
                    262144, res, order)) {
                for (Packet p : t.packets()) {
                    w.write(p);
                }
            }
        }
    }

    /** One frame of pcapng-multi with the interface it belongs to. */
    private record Tagged(int iface, Packet packet, boolean annotate) {
    }

    private void pcapngMulti() throws IOException {
        TcpSession s0 = http(LinkLayer.ethernet(), "10.0.11.1", 62000, "192.0.2.110", 80, 0x1000000DL,
                0x2000000DL, T0, "/ng0", 81, 800);
        TcpSession s1 = new TcpSession(LinkLayer.sll(), ip("10.0.11.2"), 62001, ip("192.0.2.111"), 80,
                0x1000000EL, 0x2000000EL, T0 + 250_037L).stepNanos(1_000_111L);
        s1.handshake();
        s1.sendClient(Payloads.httpGet(HOST, "/ng1"));
        s1.sendServer(Payloads.httpResponse(82, 900));
        s1.closeFromClient();
        LinkLayer raw = LinkLayer.rawIp();
        List<Tagged> all = new ArrayList<>();
        List<Packet> p0 = s0.packets();
        for (int i = 0; i < p0.size(); i++) {
            all.add(new Tagged(0, p0.get(i), i == 3)); // i == 3: the GET request
        }
        for (Packet p : s1.packets()) {
            all.add(new Tagged(1, p, false));
        }
        all.add(new Tagged(2, udp(raw, T0 + 2_500_000L, "10.0.11.3", 62002, "192.0.2.112", 7500,
                ascii("ng2 udp request"), true), false));
        all.add(new Tagged(2, udp(raw, T0 + 3_500_000L, "192.0.2.112", 7500, "10.0.11.3", 62002,
                ascii("ng2 udp response"), false), false));
        all.sort(Comparator.comparingLong(t -> t.packet().tsNanos()));

        LinkLayer eth = LinkLayer.ethernet();
        try (PcapNgWriter w = new PcapNgWriter(dir.resolve("pcapng-multi.pcapng"), ByteOrder.BIG_ENDIAN)) {
            w.addInterface(Frames.DLT_EN10MB, 262144, 6, "eth0");
            w.addInterface(Frames.DLT_LINUX_SLL, 262144, 9, "any");
            w.addInterface(Frames.DLT_RAW, 262144, 0, "tun0");
            long last = 0;
            for (int i = 0; i < all.size(); i++) {
                Tagged t = all.get(i);
                Packet p = t.packet();
                if (t.annotate()) {
                    w.writeEnhanced(t.iface(), p.tsNanos(), p.frame(), p.frame().length, "GET request on eth0",
                            "packwatch custom option: skip me");
                } else {
                    w.writeEnhanced(t.iface(), p.tsNanos(), p.frame());
                }
                last = p.tsNanos();
                if (i == 5) {
                    w.writeSimple(udp(eth, 0, "10.0.11.4", 62003, "192.0.2.113", 7501, ascii("spb"), true)
                            .frame());
                    w.writeObsolete(0, last + 10_000L, udp(eth, 0, "10.0.11.5", 62004, "192.0.2.114", 7502,
                            ascii("opb"), true).frame());
                    w.writeCustom(ascii("packwatch custom block: skip me"));
                    w.writeNameResolution(ip("192.0.2.110"), "ng0.packwatch.test");
                }
            }
            w.writeInterfaceStatistics(0, last, p0.size() + 2, 0);
        }
    }

    private void pcapngLittleEndian() throws IOException {
        TcpSession s = http(LinkLayer.ethernet(), "10.0.12.1", 63000, "192.0.2.120", 80, 0x1000000FL,
                0x2000000FL, T0, "/ngle", 91, 3000);
        List<Packet> p = s.packets();
        try (PcapNgWriter w = new PcapNgWriter(dir.resolve("pcapng-le.pcapng"), ByteOrder.LITTLE_ENDIAN)) {
            w.addInterface(Frames.DLT_EN10MB, 262144, 0, "eth0");
            for (int i = 0; i < p.size(); i++) {
                if (i == 5) { // after SYN, SYN-ACK, ACK, GET, ACK: new section, interface re-declared (ns)
                    w.newSection();
                    w.addInterface(Frames.DLT_EN10MB, 262144, 9, "eth0");
                }
                w.writeEnhanced(0, p.get(i).tsNanos(), p.get(i).frame());
            }
        }
    }

    private void malformed() throws IOException {
        LinkLayer eth = LinkLayer.ethernet();
        List<Packet> good = http(eth, "10.0.13.1", 64000, "192.0.2.130", 80, 0x10000010L, 0x20000010L, T0,
                "/good", 101, 1000).packets();
        String dst = "192.0.2.131";
        List<byte[]> bad = new ArrayList<>();
        // 1. runt: 10 bytes, shorter than an Ethernet header
        bad.add(Arrays.copyOf(Frames.ethernet(ip4Udp("10.0.13.1", 64001, dst, 7601, "runt")), 10));
        // 2. unknown ethertype 0x88B5
        bad.add(Frames.ethernet(Frames.macFor(ip(dst)), Frames.macFor(ip("10.0.13.2")), 0x88B5, pattern(102, 46)));
        // 3. IPv4 version 4 but IHL 3
        byte[] ihl = ip4Udp("10.0.13.3", 64003, dst, 7603, "ihl3");
        ihl[0] = 0x43;
        Checksums.fixIpv4Header(ihl, 0, 20);
        bad.add(Frames.ethernet(ihl));
        // 4. IPv4 total length 200 bytes larger than what was captured
        byte[] tl = ip4Udp("10.0.13.4", 64004, dst, 7604, "total-length-too-big");
        Bytes.put16(tl, 2, tl.length + 200);
        Checksums.fixIpv4Header(tl, 0, 20);
        bad.add(Frames.ethernet(tl));
        // 5. IPv4 header cut short: only 12 of its 20 bytes present
        bad.add(Arrays.copyOf(Frames.ethernet(ip4Udp("10.0.13.5", 64005, dst, 7605, "short-ip")), 14 + 12));
        // 6. TCP data offset 4 (< 5)
        byte[] doff = PacketBuilder.tcp(ip("10.0.13.6"), 64006, ip(dst), 7606).seq(1000).ack(2000)
                .flags(PacketBuilder.ACK | PacketBuilder.PSH).payload(ascii("doff4")).build();
        doff[20 + 12] = 0x40;
        fixL4Checksum(doff, 16);
        bad.add(Frames.ethernet(doff));
        // 7. TCP header cut short: IP total length 30, only 10 bytes of TCP header
        byte[] th = Arrays.copyOf(PacketBuilder.tcp(ip("10.0.13.7"), 64007, ip(dst), 7607).seq(1000).ack(2000)
                .flags(PacketBuilder.ACK).build(), 30);
        Bytes.put16(th, 2, 30);
        Checksums.fixIpv4Header(th, 0, 20);
        bad.add(Frames.ethernet(th));
        // 8. UDP length field 200 while the UDP datagram is 58 bytes
        byte[] ul = PacketBuilder.udp(ip("10.0.13.8"), 64008, ip(dst), 7608).payload(pattern(108, 50)).build();
        Bytes.put16(ul, 20 + 4, 200);
        fixL4Checksum(ul, 6);
        bad.add(Frames.ethernet(ul));
        // 9. IPv6 payload length 300 bytes larger than captured
        byte[] v6 = PacketBuilder.udp(ip("2001:db8::13:9"), 64009, ip("2001:db8::131"), 7609)
                .payload(ascii("ipv6-payload-length-too-big")).build();
        Bytes.put16(v6, 4, v6.length - 40 + 300);
        bad.add(Frames.ethernet(v6));
        // 10. IPv4 header checksum wrong
        bad.add(Frames.ethernet(PacketBuilder.udp(ip("10.0.13.10"), 64010, ip(dst), 7610)
                .payload(ascii("bad-ip-checksum")).corruptIpChecksum(true).build()));
        // 11. TCP checksum wrong
        bad.add(Frames.ethernet(PacketBuilder.tcp(ip("10.0.13.11"), 64011, ip(dst), 7611).seq(1000).ack(2000)
                .flags(PacketBuilder.ACK | PacketBuilder.PSH).payload(ascii("bad-tcp-checksum"))
                .corruptL4Checksum(true).build()));
        // 12. snaplen truncation: 1454-byte frame captured as 128 bytes (written below with origLen)
        byte[] big = Frames.ethernet(PacketBuilder.tcp(ip("10.0.13.12"), 64012, ip(dst), 7612).seq(1000)
                .ack(2000).flags(PacketBuilder.ACK).payload(pattern(112, 1400)).build());
        try (PcapWriter w = PcapWriter.create(dir.resolve("malformed.pcap"), Frames.DLT_EN10MB)) {
            int b = 0;
            for (Packet g : good) {
                w.write(g);
                if (b < bad.size()) {
                    w.write(g.tsNanos() + 500_000L, bad.get(b++));
                }
            }
            long ts = good.get(good.size() - 1).tsNanos() + 600_000L;
            while (b < bad.size()) {
                w.write(ts, bad.get(b++));
                ts += 100_000L;
            }
            w.write(ts, Arrays.copyOf(big, 128), big.length);
        }
    }

    private static byte[] ip4Udp(String src, int sport, String dst, int dport, String text) {
        return PacketBuilder.udp(ip(src), sport, ip(dst), dport).payload(ascii(text)).build();
    }

    /** Recomputes the TCP/UDP checksum of an option-less IPv4 packet after a header field was patched. */
    private static void fixL4Checksum(byte[] pkt, int checksumOffsetInL4) {
        int l4Len = pkt.length - 20;
        Bytes.put16(pkt, 20 + checksumOffsetInL4, 0);
        int csum = Checksums.transport(Arrays.copyOfRange(pkt, 12, 16), Arrays.copyOfRange(pkt, 16, 20), pkt[9],
                pkt, 20, l4Len);
        Bytes.put16(pkt, 20 + checksumOffsetInL4, csum);
    }

    private void truncated() throws IOException {
        List<Packet> p = http(LinkLayer.ethernet(), "10.0.14.1", 65000, "192.0.2.140", 80, 0x10000011L,
                0x20000011L, T0, "/trunc", 121, 1000).packets();
        Path file = dir.resolve("truncated.pcap");
        writePcap("truncated.pcap", Frames.DLT_EN10MB, p);
        int lastLen = p.get(p.size() - 1).frame().length;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - lastLen / 2); // the last record keeps its header and half of its bytes
        }
    }

    /** HTTP uploads and downloads, HTTP evasions, and a TLS session (see {@link HttpCaptures}). */
    private void httpCaptures() throws IOException {
        HttpCaptures c = new HttpCaptures();
        writePcap("http.pcap", Frames.DLT_EN10MB, c.http());
        writePcap("http-evasions.pcap", Frames.DLT_EN10MB, c.evasions());
        writePcap("tls.pcap", Frames.DLT_EN10MB, c.tls());
    }
}
