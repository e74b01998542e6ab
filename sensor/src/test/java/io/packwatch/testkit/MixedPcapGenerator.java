package io.packwatch.testkit;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark capture generator (files are generated on demand, never committed). Writes a nanosecond Ethernet
 * pcap of many interleaved TCP flows (plus some UDP) until the file reaches the requested size, or a SYN flood
 * of N distinct half-open flows. One reusable frame buffer and PacketBuilder: no per-packet allocation.
 *
 * <pre>
 * MixedPcapGenerator --out FILE --size 600m [--seed N] [--concurrency 2000] [--http PCT] [--random PCT] [--tls PCT]
 * MixedPcapGenerator --syn-flood N --out FILE [--seed N]
 * </pre>
 * With {@code --http PCT}, that share of the TCP flows to ports 80 and 8080 carry HTTP/1.1 framing: a POST with
 * Content-Length and a 200 response with Content-Length around the same payload bytes. With {@code --random PCT},
 * that share of the TCP flows carry random bytes instead of text (ciphertext that is not TLS: what the entropy
 * classifier's costliest path runs on). With {@code --tls PCT}, that share of the TCP flows to ports 443 and 8443
 * carry TLS records in each direction: a handshake record, then application-data records of random bytes, back to
 * back, as TLS looks to a sensor that cannot decrypt it. The defaults, 0, write exactly the captures written before the options existed.
 */
public final class MixedPcapGenerator {
    static final int MSS = 1448; // 1500 MTU minus IPv4, TCP and the 12-byte timestamps option
    private static final int POOL = 1 << 20;
    private static final int[] SERVER_PORTS = {80, 443, 443, 443, 80, 8080, 8443, 445, 5432, 3306};

    private final SplittableRandom rnd;
    private final PcapWriter out;
    private final byte[] pool = new byte[POOL + 2 * MSS];
    /** Random bytes, laid out as {@link #pool}; made only when some flows carry them. */
    private byte[] noise;
    private final byte[] frame = new byte[2048];
    private final byte[] segment = new byte[2 * MSS];
    private int httpPercent;
    private int randomPercent;
    private int tlsPercent;
    private final byte[] tsOption = new byte[12];
    private final byte[] synOptions = TcpOptions.syn(1460, 0, 0, 7);
    private final PacketBuilder builder = new PacketBuilder();
    private long clock = GeneratePcaps.T0;
    private int nextFlowId = 1;
    private long flowsStarted;
    private long flowsCompleted;
    private long segments;
    private long reordered;
    private long retransmitted;

    private MixedPcapGenerator(Path file, long seed) throws IOException {
        this.rnd = new SplittableRandom(seed);
        this.out = new PcapWriter(file, Frames.DLT_EN10MB, 262144, PcapWriter.Resolution.NANO,
                ByteOrder.LITTLE_ENDIAN);
        // Payload pool: lowercase words and spaces, so streams look like text; the tail repeats the head so a
        // segment starting anywhere in the pool is one contiguous slice.
        for (int i = 0; i < POOL; i++) {
            pool[i] = rnd.nextInt(7) == 0 ? (byte) ' ' : (byte) ('a' + rnd.nextInt(26));
        }
        System.arraycopy(pool, 0, pool, POOL, 2 * MSS);
    }

    public static void main(String[] args) throws IOException {
        String outFile = null;
        long size = -1;
        long seed = 1;
        int concurrency = 2000;
        int httpPercent = 0;
        int randomPercent = 0;
        int tlsPercent = 0;
        long synFlood = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> outFile = args[++i];
                case "--size" -> size = parseSize(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--syn-flood" -> synFlood = Long.parseLong(args[++i]);
                case "--http" -> httpPercent = Integer.parseInt(args[++i]);
                case "--random" -> randomPercent = Integer.parseInt(args[++i]);
                case "--tls" -> tlsPercent = Integer.parseInt(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (outFile == null || (size < 0) == (synFlood < 0)) {
            usage("need --out and exactly one of --size / --syn-flood");
        }
        long start = System.nanoTime();
        MixedPcapGenerator g = new MixedPcapGenerator(Paths.get(outFile), seed);
        g.httpPercent = httpPercent;
        if (randomPercent > 0 || tlsPercent > 0) {
            g.randomPercent = randomPercent;
            g.tlsPercent = tlsPercent;
            g.noise = new byte[POOL + 2 * MSS];
            new SplittableRandom(seed ^ 0x6E6F697365L).nextBytes(g.noise);
        }
        try {
            if (synFlood >= 0) {
                g.synFlood(synFlood);
            } else {
                g.mixed(size, concurrency);
            }
        } finally {
            g.out.close();
        }
        System.out.printf(Locale.ROOT,
                "%s: packets=%d flows=%d completed=%d segments=%d reordered=%d retransmitted=%d bytes=%d in %.1fs%n",
                outFile, g.out.packets(), g.flowsStarted, g.flowsCompleted, g.segments, g.reordered,
                g.retransmitted, g.out.bytesWritten(), (System.nanoTime() - start) / 1e9);
    }

    private static void usage(String why) {
        System.err.println(why);
        System.err.println("usage: MixedPcapGenerator --out FILE --size 600m [--seed N] [--concurrency 2000]"
                + " [--http PCT] [--random PCT] [--tls PCT]");
        System.err.println("       MixedPcapGenerator --syn-flood N --out FILE [--seed N]");
        System.exit(2);
    }

    /** "600m" = 600 MiB; suffixes k, m, g are binary; no suffix = bytes. */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
    }

    // ---- mixed traffic ------------------------------------------------------------------------------------

    private void mixed(long targetBytes, int concurrency) throws IOException {
        Flow[] slots = new Flow[concurrency];
        for (int i = 0; i < concurrency; i++) {
            slots[i] = newFlow();
        }
        while (out.bytesWritten() < targetBytes) {
            int i = rnd.nextInt(concurrency);
            if (step(slots[i])) {
                flowsCompleted++;
                slots[i] = newFlow();
            }
        }
    }

    /** Mutable per-flow state; one object per flow, none per packet. */
    private static final class Flow {
        final byte[] clientIp = new byte[4];
        final byte[] serverIp = new byte[4];
        byte[] clientMac;
        byte[] serverMac;
        int clientPort;
        int serverPort;
        long clientIsn;
        long serverIsn;
        boolean udp;
        long requestLength;
        long responseLength;
        long clientSent;
        long serverSent;
        int unacked;
        int state;
        int poolBase;
        int ipId;
        /** Where the payload bytes come from: the text pool, or the random one. */
        byte[] source;
        /** Whether the payload is framed as TLS records ({@link #tlsFraming}). */
        boolean tls;
        /** HTTP message heads that precede the payload bytes, or null. */
        byte[] clientHead;
        byte[] serverHead;
    }

    private static final int SYN_SENT = 0;
    private static final int SYN_ACKED = 1;
    private static final int ESTABLISHING = 2;
    private static final int REQUEST = 3;
    private static final int RESPONSE = 4;
    private static final int CLIENT_FIN = 5;
    private static final int SERVER_FIN = 6;
    private static final int LAST_ACK = 7;

    private Flow newFlow() {
        Flow f = new Flow();
        int id = nextFlowId++;
        flowsStarted++;
        f.clientIp[0] = 10;
        f.clientIp[1] = (byte) (id >>> 16);
        f.clientIp[2] = (byte) (id >>> 8);
        f.clientIp[3] = (byte) id;
        int server = 1 + rnd.nextInt(500);
        f.serverIp[0] = (byte) 192;
        f.serverIp[1] = (byte) 168;
        f.serverIp[2] = (byte) (server >>> 8);
        f.serverIp[3] = (byte) server;
        f.clientMac = Frames.macFor(f.clientIp);
        f.serverMac = Frames.macFor(f.serverIp);
        f.clientPort = 40000 + id % 20000; // above the traceroute range 33434+
        f.clientIsn = rnd.nextLong(1L << 32);
        f.serverIsn = rnd.nextLong(1L << 32);
        f.poolBase = rnd.nextInt(POOL);
        f.source = pool;
        double r = rnd.nextDouble();
        if (r < 0.05) { // UDP request/response
            f.udp = true;
            f.serverPort = 5000;
            f.requestLength = 40 + rnd.nextInt(160);
            f.responseLength = 40 + rnd.nextInt(1160);
        } else if (r < 0.75) { // small request/response
            f.serverPort = SERVER_PORTS[rnd.nextInt(SERVER_PORTS.length)];
            f.requestLength = 200 + rnd.nextInt(1800);
            f.responseLength = 500 + rnd.nextInt(7500);
        } else if (r < 0.997) { // 10 KB - 1 MB transfer, download or upload
            f.serverPort = SERVER_PORTS[rnd.nextInt(SERVER_PORTS.length)];
            long big = logUniform(10_000, 1_000_000);
            boolean upload = rnd.nextInt(10) < 3;
            f.requestLength = upload ? big : 300 + rnd.nextInt(700);
            f.responseLength = upload ? 200 + rnd.nextInt(300) : big;
        } else { // multi-MB upload
            f.serverPort = 443;
            f.requestLength = logUniform(2_000_000, 20_000_000);
            f.responseLength = 200 + rnd.nextInt(300);
        }
        if (httpPercent > 0 && !f.udp && (f.serverPort == 80 || f.serverPort == 8080) && rnd.nextInt(100) < httpPercent) {
            byte[] req = ("POST /upload/" + id + " HTTP/1.1\r\nHost: files.example.net\r\nUser-Agent: mixed\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
            f.clientHead = head(req, f.requestLength);
            f.serverHead = head("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    .getBytes(StandardCharsets.US_ASCII), f.responseLength);
        }
        if (randomPercent > 0 && !f.udp && rnd.nextInt(100) < randomPercent) {
            f.source = noise;
        }
        boolean tlsPort = f.serverPort == 443 || f.serverPort == 8443;
        if (tlsPercent > 0 && !f.udp && tlsPort && rnd.nextInt(100) < tlsPercent) {
            f.source = noise;
            f.tls = true;
        }
        return f;
    }

    /** {@code start} + the body length that makes the message {@code total} bytes + CRLF CRLF. */
    private static byte[] head(byte[] start, long total) {
        for (int digits = 1; ; digits++) {
            long body = total - start.length - digits - 4;
            if (Long.toString(body).length() <= digits) { // a leading zero fills the gap at 9 -> 10 and the like
                String length = String.format(Locale.ROOT, "%0" + digits + "d", body);
                return (new String(start, StandardCharsets.US_ASCII) + length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    private long logUniform(long lo, long hi) {
        return (long) (lo * Math.exp(rnd.nextDouble() * Math.log((double) hi / lo)));
    }

    /** Emits the flow's next packet(s); returns true when the flow is finished. */
    private boolean step(Flow f) throws IOException {
        if (f.udp) {
            udp(f, true, f.requestLength);
            udp(f, false, f.responseLength);
            return true;
        }
        switch (f.state) {
            case SYN_SENT -> {
                tcp(f, true, PacketBuilder.SYN, 0, 0, true);
                f.state = SYN_ACKED;
            }
            case SYN_ACKED -> {
                tcp(f, false, PacketBuilder.SYN | PacketBuilder.ACK, 0, 0, true);
                f.state = ESTABLISHING;
            }
            case ESTABLISHING -> {
                tcp(f, true, PacketBuilder.ACK, 0, 0, false);
                f.state = REQUEST;
            }
            case REQUEST -> {
                if (data(f, true)) {
                    f.state = RESPONSE;
                }
            }
            case RESPONSE -> {
                if (data(f, false)) {
                    f.state = CLIENT_FIN;
                }
            }
            case CLIENT_FIN -> {
                tcp(f, true, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0, false);
                f.state = SERVER_FIN;
            }
            case SERVER_FIN -> {
                tcp(f, false, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0, false);
                f.state = LAST_ACK;
            }
            default -> {
                tcp(f, true, PacketBuilder.ACK, 0, 0, false);
                return true;
            }
        }
        return false;
    }

    /**
     * One step of a bulk transfer: the receiver ACKs every second segment and after the last; occasionally two
     * segments go out swapped (0.5%) or one is sent twice (0.2%). Returns true once the direction is done.
     */
    private boolean data(Flow f, boolean fromClient) throws IOException {
        long total = fromClient ? f.requestLength : f.responseLength;
        long sent = fromClient ? f.clientSent : f.serverSent;
        if (f.unacked >= 2 || (sent == total && f.unacked > 0)) {
            tcp(f, !fromClient, PacketBuilder.ACK, 0, 0, false);
            f.unacked = 0;
            return sent == total;
        }
        int len = (int) Math.min(MSS, total - sent);
        int flags = PacketBuilder.ACK | (sent + len == total ? PacketBuilder.PSH : 0);
        if (sent + len < total && rnd.nextInt(200) == 0) {
            int len2 = (int) Math.min(MSS, total - sent - len);
            int flags2 = PacketBuilder.ACK | (sent + len + len2 == total ? PacketBuilder.PSH : 0);
            tcp(f, fromClient, flags2, sent + len, len2, false);
            tcp(f, fromClient, flags, sent, len, false);
            reordered++;
            len += len2;
            f.unacked += 2;
        } else {
            tcp(f, fromClient, flags, sent, len, false);
            if (rnd.nextInt(500) == 0) {
                tcp(f, fromClient, flags, sent, len, false);
                retransmitted++;
            }
            f.unacked++;
        }
        if (fromClient) {
            f.clientSent += len;
        } else {
            f.serverSent += len;
        }
        return false;
    }

    private void tcp(Flow f, boolean fromClient, int flags, long offset, int len, boolean syn) throws IOException {
        long clientNext = f.clientIsn + 1 + f.clientSent + (f.state > CLIENT_FIN ? 1 : 0);
        long serverNext = f.serverIsn + 1 + f.serverSent + (f.state > SERVER_FIN ? 1 : 0);
        long seq;
        if (syn) {
            seq = fromClient ? f.clientIsn : f.serverIsn;
        } else if (len > 0) {
            seq = (fromClient ? f.clientIsn : f.serverIsn) + 1 + offset;
        } else {
            seq = fromClient ? clientNext : serverNext; // a FIN is sent before its state counts it
        }
        long ack = fromClient ? serverNext : clientNext;
        if (flags == PacketBuilder.SYN) {
            ack = 0;
        } else if (syn) {
            ack = f.clientIsn + 1;
        }
        long tsVal = clock / 1_000_000 & 0xFFFFFFFFL;
        builder.endpoints(PacketBuilder.PROTO_TCP, fromClient ? f.clientIp : f.serverIp,
                        fromClient ? f.clientPort : f.serverPort, fromClient ? f.serverIp : f.clientIp,
                        fromClient ? f.serverPort : f.clientPort)
                .seq(seq).ack(ack).flags(flags).window(syn ? 64240 : 502).ipId(f.ipId++);
        if (syn) {
            Bytes.put32(synOptions, 8, tsVal);
            Bytes.put32(synOptions, 12, (flags & PacketBuilder.ACK) != 0 ? tsVal : 0);
            builder.tcpOptions(synOptions);
        } else {
            TcpOptions.writeTimestamps(tsOption, 0, tsVal, tsVal);
            builder.tcpOptions(tsOption);
        }
        int poolOff = (int) ((f.poolBase + (fromClient ? 0 : POOL / 2) + offset) % POOL);
        byte[] head = fromClient ? f.clientHead : f.serverHead;
        if (head != null && offset < head.length && len > 0) {
            // The segment starts inside the message head: head bytes, then payload bytes.
            int h = (int) Math.min(len, head.length - offset);
            System.arraycopy(head, (int) offset, segment, 0, h);
            System.arraycopy(f.source, poolOff + h, segment, h, len - h);
            builder.payload(segment, 0, len);
        } else if (f.tls && len > 0) {
            System.arraycopy(f.source, poolOff, segment, 0, len);
            tlsFraming(segment, offset, len, fromClient ? f.requestLength : f.responseLength, fromClient);
            builder.payload(segment, 0, len);
        } else {
            builder.payload(f.source, poolOff, len);
        }
        emit(f, fromClient);
        if (len > 0) {
            segments++;
        }
    }

    /** Body bytes of a full application-data record: 2^14 of plaintext, a content-type byte and a 16-byte tag. */
    private static final int TLS_RECORD = 16384 + 1 + 16;

    /**
     * Writes the TLS record headers that fall in the segment at stream {@code offset}: a handshake record (512 bytes
     * from the client, 122 from the server), then application-data records of {@link #TLS_RECORD} bytes, the last
     * one taking what is left, so the records chain to the end of a stream of {@code total} bytes.
     */
    private static void tlsFraming(byte[] segment, long offset, int len, long total, boolean fromClient) {
        int hello = (int) Math.min(fromClient ? 512 : 122, total - 5);
        long first = 5 + hello;
        long k = offset <= first ? 0 : (offset - first) / (5 + TLS_RECORD);
        for (long at = k == 0 && offset < first ? 0 : first + k * (5 + TLS_RECORD);
                at < offset + len && at + 5 <= total;
                at = at == 0 ? first : at + 5 + TLS_RECORD) {
            if (at + 5 <= offset) {
                continue;
            }
            long body = at == 0 ? hello : total - at - 5 <= TLS_RECORD + 5 ? total - at - 5 : TLS_RECORD;
            int type = at == 0 ? 0x16 : 0x17;
            int minor = at == 0 && fromClient ? 1 : 3;
            long[] header = {type, 3, minor, body >>> 8 & 0xFF, body & 0xFF};
            for (int i = 0; i < 5; i++) {
                long p = at + i - offset;
                if (p >= 0 && p < len) {
                    segment[(int) p] = (byte) header[i];
                }
            }
            if (at != 0 && body != TLS_RECORD) {
                break; // the last record
            }
        }
    }

    private void udp(Flow f, boolean fromClient, long length) throws IOException {
        builder.endpoints(PacketBuilder.PROTO_UDP, fromClient ? f.clientIp : f.serverIp,
                        fromClient ? f.clientPort : f.serverPort, fromClient ? f.serverIp : f.clientIp,
                        fromClient ? f.serverPort : f.clientPort)
                .ipId(f.ipId++).payload(pool, (f.poolBase + (fromClient ? 0 : 4096)) % POOL, (int) length);
        emit(f, fromClient);
    }

    private void emit(Flow f, boolean fromClient) throws IOException {
        int n = 14 + builder.buildInto(frame, 14);
        Frames.writeEthernetHeader(frame, 0, fromClient ? f.serverMac : f.clientMac,
                fromClient ? f.clientMac : f.serverMac, Frames.ETHERTYPE_IPV4);
        out.write(clock, frame, 0, n, n);
        clock += 1 + rnd.nextInt(20_000); // ~10 µs mean gap: about 1 Gbit/s of full-size segments
    }

    // ---- SYN flood ----------------------------------------------------------------------------------------

    /** N half-open flows: one SYN each from a distinct (source IP, source port) to 192.168.1.1:80. */
    private void synFlood(long n) throws IOException {
        byte[] src = new byte[4];
        byte[] dst = {(byte) 192, (byte) 168, 1, 1};
        byte[] dstMac = Frames.macFor(dst);
        byte[] srcMac = new byte[6];
        for (long i = 0; i < n; i++) {
            long host = 1 + i / 32768;
            src[0] = 10;
            src[1] = (byte) (host >>> 16);
            src[2] = (byte) (host >>> 8);
            src[3] = (byte) host;
            srcMac[0] = 2;
            System.arraycopy(src, 0, srcMac, 2, 4);
            Bytes.put32(synOptions, 8, clock / 1_000_000 & 0xFFFFFFFFL);
            Bytes.put32(synOptions, 12, 0);
            builder.endpoints(PacketBuilder.PROTO_TCP, src, 32768 + (int) (i % 32768), dst, 80)
                    .seq(rnd.nextLong(1L << 32)).ack(0).flags(PacketBuilder.SYN).window(64240).ipId((int) i)
                    .tcpOptions(synOptions).payload(pool, 0, 0);
            int len = 14 + builder.buildInto(frame, 14);
            Frames.writeEthernetHeader(frame, 0, dstMac, srcMac, Frames.ETHERTYPE_IPV4);
            out.write(clock, frame, 0, len, len);
            clock += 1000;
            flowsStarted++;
        }
    }
}
