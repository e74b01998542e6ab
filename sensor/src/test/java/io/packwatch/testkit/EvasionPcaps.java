package io.packwatch.testkit;

import static io.packwatch.testkit.GeneratePcaps.T0;
import static io.packwatch.testkit.PacketBuilder.ip;
import static io.packwatch.testkit.Payloads.ascii;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The evasion suite, pcaps/evasion/: one capture per trick a sender can play to hide an archive from a passive
 * sensor, each an upload from a home address (10.1.0.20, or fd00::20) to 203.0.113.60 (2001:db8::60) on its own
 * client port. pcaps/evasion/README.md lists each file with the verdict a correct sensor gives and why.
 * Usage: EvasionPcaps OUTPUT_DIR (pcaps/generate.sh evasion).
 */
public final class EvasionPcaps {
    public static final String CLIENT = "10.1.0.20";
    public static final String SERVER = "203.0.113.60";
    public static final String CLIENT6 = "fd00::20";
    public static final String SERVER6 = "2001:db8::60";
    public static final int PORT = 4444;

    /** The exfiltrated archive of most cases: a zip written by the JDK's ZipOutputStream (1977 bytes). */
    public static final byte[] ZIP = InspectionSamples.zip("q3-accounts.csv", InspectionSamples.text(41, 5000),
            "passwords.txt", InspectionSamples.text(42, 1500));
    /** Segment size of the TCP cases that are not about segment size. */
    public static final int MSS = 536;

    // ---- the overlap case: four out-of-order episodes inside ZIP, with the geometry of tcp-ooo.pcap
    /** Episode k: hole [base, base+40) first missing, old [base+40, base+80), then the new segment, then the hole. */
    public static final int[] OVERLAP_BASES = {0, 600, 1200, 1840};
    /** New segment of each episode, relative to the base: starts before old and ends inside it; starts with it
     *  and ends after it; lies inside it; starts before it and ends after it. */
    public static final int[][] OVERLAP_NEW = {{30, 60}, {40, 90}, {50, 70}, {30, 90}};
    /** Which copy carries the real archive bytes in each episode (the other carries '#'): exactly the copies a
     *  Linux receiver keeps (new, new, old, new), so only reassembly.policy=linux rebuilds ZIP. */
    public static final boolean[] OVERLAP_REAL_IS_NEW = {true, true, false, true};

    /** Fragment sizes: tiny 8-byte fragments, and fragments of 64 bytes for the out-of-order and overlap cases. */
    public static final int TINY_FRAGMENT = 8;
    public static final int FRAGMENT = 64;
    /** The overlapping fragment: the first to arrive, [OVERLAP_FRAG_AT, +OVERLAP_FRAG_LEN) of the TCP segment. */
    public static final int OVERLAP_FRAG_AT = 32;
    public static final int OVERLAP_FRAG_LEN = 32;

    /** How far behind the client's next sequence number its insertion RST lies: outside any receive window. */
    public static final int RST_BEHIND = 0x100000;
    /** TTL of the client's insertion packets: they die at the next router, the server never sees them. */
    public static final int INSERTION_TTL = 1;
    /** The byte pushed into the zip's magic as urgent data. */
    public static final int URGENT_AT = 2;
    /** Junk in front of the archive of zip-after-junk.pcap. */
    public static final int JUNK_PREFIX = 3000;

    private final Path dir;

    EvasionPcaps(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EvasionPcaps OUTPUT_DIR");
            System.exit(2);
        }
        new EvasionPcaps(Paths.get(args[0])).writeAll();
        System.out.println("wrote evasion captures to " + args[0]);
    }

    void writeAll() throws IOException {
        Files.createDirectories(dir);
        write("tcp-1byte-segments.pcap", oneByteSegments());
        write("tcp-out-of-order.pcap", outOfOrder());
        write("tcp-overlap-linux-target.pcap", overlaps());
        write("ip4-fragments.pcap", fragments(CLIENT, SERVER, 49004));
        write("ip6-fragments.pcap", fragments(CLIENT6, SERVER6, 49005));
        write("ip4-fragment-overlap.pcap", fragmentOverlap());
        write("ip6-fragment-overlap.pcap", ipv6FragmentOverlap());
        write("insertion-bad-checksum.pcap", insertion(49007, false));
        write("insertion-low-ttl.pcap", insertion(49008, true));
        write("insertion-rst-out-of-window.pcap", outOfWindowReset());
        write("urgent-byte-in-magic.pcap", urgent());
        write("zip-magic-split.pcap", magicSplit());
        write("zip-after-junk.pcap", upload(session(49011, PORT, MSS), zipAfterJunk()));
        write("base64-gzip-zip.pcap", upload(session(49012, PORT, MSS), base64GzipZip()));
        write("http-zip-as-text.pcap", zipAsText());
        write("tls-prefix-4444.pcap", upload(session(49014, PORT, MSS), tlsPrefixed()));
        write("tls-prefix-443.pcap", upload(session(49015, 443, MSS), tlsPrefixed()));
        write("tls-header-ciphertext.pcap", upload(session(49018, 443, MSS), tlsHeaderCiphertext()));
    }

    private void write(String name, List<Packet> packets) throws IOException {
        PcapWriter.writeAll(dir.resolve(name), Frames.DLT_EN10MB, packets);
    }

    private static TcpSession session(int clientPort, int serverPort, int mss) {
        return session(CLIENT, SERVER, clientPort, serverPort, mss);
    }

    /** A connection 100 µs a packet; ISNs from the port so every file differs. */
    private static TcpSession session(String client, String server, int clientPort, int serverPort, int mss) {
        return new TcpSession(LinkLayer.ethernet(), ip(client), clientPort, ip(server), serverPort,
                0x60000000L + clientPort * 7919L, 0x70000000L + clientPort * 104729L, T0).mss(mss).stepNanos(100_000);
    }

    private static List<Packet> upload(TcpSession t, byte[] payload) {
        t.handshake();
        t.sendClient(payload);
        t.closeFromClient();
        return t.packets();
    }

    // ---- payloads, public so the test rebuilds what each case carries

    public static byte[] zipAfterJunk() {
        return Bytes.concat(InspectionSamples.text(43, JUNK_PREFIX), ZIP);
    }

    /** A gzip of ZIP (JDK GZIPOutputStream), base64-encoded (JDK), as a script would post it. */
    public static byte[] base64GzipZip() {
        return ascii(Base64.getEncoder().encodeToString(InspectionSamples.gzip(ZIP)));
    }

    /** A real TLS ClientHello record (SNI cdn.example.com), then ZIP in the clear. */
    public static byte[] tlsPrefixed() {
        return Bytes.concat(tlsHello(), ZIP);
    }

    /**
     * Five bytes of a TLS handshake record header (claiming 512 bytes), then 20,000 bytes of AES-CTR ciphertext
     * with no record framing: encrypted data dressed as TLS.
     */
    public static byte[] tlsHeaderCiphertext() {
        byte[] header = {0x16, 3, 1, 2, 0};
        return Bytes.concat(header, InspectionSamples.aesCtr(InspectionSamples.text(44, 20_000)));
    }

    public static byte[] tlsHello() {
        return TlsRecords.records(22, TlsRecords.clientHello("cdn.example.com", new String[] {"http/1.1"},
                new int[] {0x0303}), 16384);
    }

    /** The multipart body of http-zip-as-text.pcap: ZIP as report.txt, text/plain. */
    public static byte[] zipAsTextBody() {
        return HttpSamples.multipart("report.txt", "text/plain", ZIP);
    }

    /** ZIP with the '#' copies of the overlap episodes where {@code newWins} says the copy that won carried them. */
    public static byte[] overlapStream(boolean[] newWins) {
        byte[] s = ZIP.clone();
        for (int k = 0; k < OVERLAP_BASES.length; k++) {
            if (newWins[k] != OVERLAP_REAL_IS_NEW[k]) {
                int from = OVERLAP_BASES[k] + Math.max(40, OVERLAP_NEW[k][0]);
                int to = OVERLAP_BASES[k] + Math.min(80, OVERLAP_NEW[k][1]);
                Arrays.fill(s, from, to, (byte) '#');
            }
        }
        return s;
    }

    /** The zip with one byte, 'X', pushed in at URGENT_AT: the urgent byte a Linux socket takes out of the stream. */
    public static byte[] zipWithUrgentByte() {
        return Bytes.concat(Arrays.copyOf(ZIP, URGENT_AT), ascii("X"), Arrays.copyOfRange(ZIP, URGENT_AT, ZIP.length));
    }

    // ---- cases

    /** ZIP one byte a segment; the server ACKs every 64th. */
    private static List<Packet> oneByteSegments() {
        TcpSession t = session(49001, PORT, 1).ackEvery(64);
        return upload(t, ZIP);
    }

    /** ZIP in MSS segments sent last first; one ACK after all of them. */
    private static List<Packet> outOfOrder() {
        TcpSession t = session(49002, PORT, MSS);
        t.handshake();
        int n = (ZIP.length + MSS - 1) / MSS;
        for (int i = n - 1; i >= 0; i--) {
            int off = i * MSS;
            t.clientSegment(off, Arrays.copyOfRange(ZIP, off, Math.min(ZIP.length, off + MSS)));
        }
        t.ackFromServer();
        t.closeFromClient();
        return t.packets();
    }

    /**
     * ZIP with four out-of-order overlap episodes. Between episodes the bytes go in order. In each episode the
     * copy named by OVERLAP_REAL_IS_NEW carries the real bytes and the other '#' where they overlap.
     */
    private static List<Packet> overlaps() {
        TcpSession t = session(49003, PORT, MSS);
        t.handshake();
        int at = 0;
        for (int k = 0; k < OVERLAP_BASES.length; k++) {
            int base = OVERLAP_BASES[k];
            if (base > at) {
                t.clientSegment(at, Arrays.copyOfRange(ZIP, at, base));
            }
            byte[] old = Arrays.copyOfRange(ZIP, base + 40, base + 80);
            int ns = base + OVERLAP_NEW[k][0];
            int ne = base + OVERLAP_NEW[k][1];
            byte[] neu = Arrays.copyOfRange(ZIP, ns, ne);
            int from = Math.max(base + 40, ns);
            int to = Math.min(base + 80, ne);
            byte[] loser = OVERLAP_REAL_IS_NEW[k] ? old : neu;
            int loserStart = OVERLAP_REAL_IS_NEW[k] ? base + 40 : ns;
            Arrays.fill(loser, from - loserStart, to - loserStart, (byte) '#');
            t.clientSegment(base + 40, old);
            t.ackFromServer();
            t.clientSegment(ns, neu);
            t.ackFromServer();
            t.clientSegment(base, Arrays.copyOfRange(ZIP, base, base + 40));
            t.ackFromServer();
            at = Math.max(base + 80, ne);
        }
        t.clientSegment(at, Arrays.copyOfRange(ZIP, at, ZIP.length));
        t.ackFromServer();
        t.closeFromClient();
        return t.packets();
    }

    /**
     * ZIP in MSS segments (not DF) over IPv4 or IPv6: the first segment in 8-byte fragments (its TCP header spans
     * four of them), the second in 64-byte fragments sent last first, the rest whole.
     */
    private static List<Packet> fragments(String client, String server, int port) {
        TcpSession t = session(client, server, port, PORT, MSS);
        t.handshake();
        int[] segs = t.sendClient(ZIP);
        t.replace(segs[0], fragmenter(t, segs[0]).split(sizes(t, segs[0], TINY_FRAGMENT)));
        List<byte[]> reversed = new ArrayList<>(fragmenter(t, segs[1]).split(sizes(t, segs[1], FRAGMENT)));
        Collections.reverse(reversed);
        t.replace(segs[1], reversed);
        t.closeFromClient();
        return t.packets();
    }

    private static IpFragmenter fragmenter(TcpSession t, int i) {
        return new IpFragmenter(t.ipPacket(i)).ipv6Identification(0x0E0A_0000L + i);
    }

    /** Equal fragment sizes for packet i; the remainder is the last fragment. */
    private static int[] sizes(TcpSession t, int i, int size) {
        int n = (fragmenter(t, i).fragmentableLength() - 1) / size;
        int[] s = new int[n];
        Arrays.fill(s, size);
        return s;
    }

    /**
     * The first data segment in 64-byte fragments, preceded by a fragment over [32, 64) of it whose bytes
     * differ and still leave the TCP checksum right: which copy the sensor keeps decides what it sees. The
     * later, real fragment [0, 64) starts before the early one, so bsd, linux, windows, solaris and last keep
     * the real bytes; only first keeps the forgery.
     */
    private static List<Packet> fragmentOverlap() {
        TcpSession t = session(49006, PORT, MSS);
        t.handshake();
        int[] segs = t.sendClient(ZIP);
        IpFragmenter f = fragmenter(t, segs[0]);
        List<byte[]> frags = new ArrayList<>();
        byte[] real = Arrays.copyOfRange(t.ipPacket(segs[0]), 20 + OVERLAP_FRAG_AT, 20 + OVERLAP_FRAG_AT + OVERLAP_FRAG_LEN);
        frags.add(f.fragment(OVERLAP_FRAG_AT, OVERLAP_FRAG_LEN, true, forgery(real)));
        frags.addAll(f.split(sizes(t, segs[0], FRAGMENT)));
        t.replace(segs[0], frags);
        t.closeFromClient();
        return t.packets();
    }

    /**
     * IPv6: the first data segment as in ip4-fragment-overlap.pcap (the forged fragment first, then 64-byte
     * fragments), which the server discards whole (RFC 5722) and does not acknowledge; the client then
     * retransmits the segment unfragmented, and the rest of ZIP follows.
     */
    private static List<Packet> ipv6FragmentOverlap() {
        TcpSession t = session(CLIENT6, SERVER6, 49017, PORT, MSS);
        t.handshake();
        byte[] head = Arrays.copyOf(ZIP, MSS);
        int first = t.clientSegment(0, head);
        IpFragmenter f = fragmenter(t, first);
        List<byte[]> frags = new ArrayList<>();
        byte[] real = Arrays.copyOfRange(t.ipPacket(first), 40 + OVERLAP_FRAG_AT, 40 + OVERLAP_FRAG_AT + OVERLAP_FRAG_LEN);
        frags.add(f.fragment(OVERLAP_FRAG_AT, OVERLAP_FRAG_LEN, true, forgery(real)));
        frags.addAll(f.split(sizes(t, first, FRAGMENT)));
        t.replace(first, frags);
        t.clientSegment(0, head);
        t.ackFromServer();
        for (int off = MSS; off < ZIP.length; off += MSS) {
            t.clientSegment(off, Arrays.copyOfRange(ZIP, off, Math.min(ZIP.length, off + MSS)));
            t.ackFromServer();
        }
        t.closeFromClient();
        return t.packets();
    }

    /**
     * '#' bytes in place of {@code real}, except the last two, chosen so that both have the same one's
     * complement sum: a transport checksum over either copy verifies.
     */
    public static byte[] forgery(byte[] real) {
        byte[] f = Payloads.fill('#', real.length);
        long want = 0;
        long have = 0;
        for (int i = 0; i < real.length; i += 2) {
            want += (real[i] & 0xFF) << 8 | real[i + 1] & 0xFF;
            if (i < real.length - 2) {
                have += (f[i] & 0xFF) << 8 | f[i + 1] & 0xFF;
            }
        }
        int w = (int) Math.floorMod(want - have, 0xFFFFL);
        f[real.length - 2] = (byte) (w >> 8);
        f[real.length - 1] = (byte) w;
        return f;
    }

    /**
     * Before each real MSS segment of ZIP, an insertion packet over the same bytes carrying text instead: with a
     * wrong TCP checksum, or with TTL INSERTION_TTL. The server drops both kinds, so it receives ZIP.
     */
    private static List<Packet> insertion(int port, boolean lowTtl) {
        TcpSession t = session(port, PORT, MSS);
        t.handshake();
        byte[] decoy = InspectionSamples.text(44, ZIP.length);
        for (int off = 0; off < ZIP.length; off += MSS) {
            int end = Math.min(ZIP.length, off + MSS);
            byte[] fake = Arrays.copyOfRange(decoy, off, end);
            t.clientSegment(off, fake, lowTtl ? b -> b.ttl(INSERTION_TTL) : b -> b.corruptL4Checksum(true));
            t.clientSegment(off, Arrays.copyOfRange(ZIP, off, end));
            t.ackFromServer();
        }
        t.closeFromClient();
        return t.packets();
    }

    /**
     * After the first MSS of ZIP, a client RST whose sequence number lies RST_BEHIND before the next byte: out of
     * the receive window, so the server drops it (RFC 793, RFC 5961) and takes the rest of ZIP.
     */
    private static List<Packet> outOfWindowReset() {
        TcpSession t = session(49016, PORT, MSS);
        t.handshake();
        t.clientSegment(0, Arrays.copyOf(ZIP, MSS));
        t.ackFromServer();
        long bogus = t.seq(true, MSS) - RST_BEHIND;
        t.clientSegment(MSS, new byte[0], b -> b.flags(PacketBuilder.RST | PacketBuilder.ACK).seq(bogus));
        t.sendClient(Arrays.copyOfRange(ZIP, MSS, ZIP.length));
        t.closeFromClient();
        return t.packets();
    }

    /**
     * zipWithUrgentByte(): the first segment carries "PK", 'X', then the rest of the first MSS, with URG set
     * and the urgent pointer just past 'X' (the BSD reading every stack uses). A Linux receiver without
     * SO_OOBINLINE takes 'X' out of band: its application reads ZIP.
     */
    private static List<Packet> urgent() {
        TcpSession t = session(49009, PORT, MSS);
        t.handshake();
        byte[] s = zipWithUrgentByte();
        for (int off = 0; off < s.length; off += MSS) {
            byte[] seg = Arrays.copyOfRange(s, off, Math.min(s.length, off + MSS));
            if (off == 0) {
                t.clientSegment(0, seg, b -> b.flags(PacketBuilder.ACK | PacketBuilder.PSH | PacketBuilder.URG)
                        .urgentPointer(URGENT_AT + 1));
            } else {
                t.clientSegment(off, seg);
            }
            t.ackFromServer();
        }
        t.closeFromClient();
        return t.packets();
    }

    /** "P" | "K\3" | "\4" and the rest: the local header magic across three segments. */
    private static List<Packet> magicSplit() {
        TcpSession t = session(49010, PORT, MSS);
        t.handshake();
        t.clientSegment(0, Arrays.copyOfRange(ZIP, 0, 1));
        t.clientSegment(1, Arrays.copyOfRange(ZIP, 1, 3));
        for (int off = 3; off < ZIP.length; off += MSS) {
            t.clientSegment(off, Arrays.copyOfRange(ZIP, off, Math.min(ZIP.length, off + MSS)));
        }
        t.ackFromServer();
        t.closeFromClient();
        return t.packets();
    }

    /** An HTTP multipart upload of ZIP named report.txt, typed text/plain, to port 80. */
    private static List<Packet> zipAsText() {
        TcpSession t = session(49013, 80, 1448);
        t.handshake();
        t.sendClient(HttpSamples.request("POST", "/upload", "Content-Type: multipart/form-data; boundary="
                + HttpSamples.BOUNDARY + "\r\n", zipAsTextBody()));
        t.sendServer(HttpSamples.ok("stored\n"));
        t.closeFromClient();
        return t.packets();
    }
}
