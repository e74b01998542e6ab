package io.packwatch.testkit;

import static io.packwatch.testkit.PacketBuilder.ACK;
import static io.packwatch.testkit.PacketBuilder.PSH;
import static io.packwatch.testkit.PacketBuilder.SYN;
import static io.packwatch.testkit.Payloads.ascii;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hostile captures for the limits: floods that must make a limit bite without breaking the sensor's memory bound.
 * Each capture ends with the same ordinary flow, the canary: an HTTP POST of a gzip from 10.200.0.1:50001 to
 * 203.0.113.99:80, which a sensor that kept working reports as a gzip object. Packets are built into one frame
 * buffer and written as they are made, so a capture of any size streams out (the bombs are held compressed).
 *
 * <pre>
 * FloodPcaps KIND --out FILE [--count N] [--bomb-size 1g]
 *   syn           N SYNs, each a new half-open flow (flow.max_flows, flow.evicted)
 *   ooo           N flows holding out-of-order data behind a hole: tiny segments with 1-byte holes, or 1400-byte
 *                 segments 1 MB ahead; the first 16 flows send 2100 tiny segments (reassembly.memcap, max_ooo_*)
 *   frag          N UDP datagrams that never complete: a first fragment, an overlapping disagreeing one, and for
 *                 every fourth a tiny one (defrag.memcap, max_datagrams, overlaps, tiny fragments)
 *   http-headers  N HTTP requests in turn with a 1 MiB header line, 100,000 headers, 1 MiB of chunk extensions,
 *                 a 1 MiB request URI (http.limit.*)
 *   http-idle     N connections that each send the first 600 bytes of a request head and then nothing (slowloris):
 *                 every flow holds an HTTP parser and its unfinished head
 *   ws-deflate    N WebSocket connections that agree on permessage-deflate, send one compressed message and stay
 *                 open: every client direction holds an inflater (http.memcap, websocket.undecodable_messages)
 *   gzip-bomb     N uploads of the gzip of bomb-size zeros, raw TCP and HTTP Content-Encoding: gzip in turn
 *   gzip-nested   the same gzipped 4 more times (5 gzip layers)
 *   zip-tree      N uploads of a 42.zip-like tree: 16 zips of 16 zips of 16 zips of 16 files of bomb-size/1024 zeros
 *   zip-chain     N uploads of a chain of 1000 zips, each stored in the next (the shape of a zip quine)
 *   zip-quine     N uploads of a zip quine: one deflated entry that inflates to the zip itself (Bombs.zipQuine)
 *   gzip-quine    N uploads of a gzip quine, which decompresses to itself (Bombs.gzipQuine)
 * </pre>
 */
public final class FloodPcaps implements Closeable {
    public static final String CANARY_CLIENT = "10.200.0.1";
    public static final int CANARY_PORT = 50001;
    public static final byte[] CANARY_BODY = InspectionSamples.gzip(InspectionSamples.text(77, 20000));
    /** Tiny out-of-order segments the first flows of the ooo flood send, beyond reassembly.max_ooo_segments. */
    public static final int OOO_DEEP_SEGMENTS = 2100;
    public static final int OOO_DEEP_FLOWS = 16;
    public static final int OOO_ROUNDS = 32;
    public static final int HEADER_BOMB_BYTES = 1 << 20;
    public static final int HEADER_BOMB_COUNT = 100_000;
    public static final int ZIP_CHAIN_DEPTH = 1000;
    public static final int GZIP_NESTED_EXTRA = 4;

    public enum Kind {
        SYN, OOO, FRAG, HTTP_HEADERS, HTTP_IDLE, WS_DEFLATE, GZIP_BOMB, GZIP_NESTED, ZIP_TREE, ZIP_CHAIN, ZIP_QUINE, GZIP_QUINE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind of(String name) {
            for (Kind k : values()) {
                if (k.cliName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown flood kind " + name + "; one of "
                    + Arrays.stream(values()).map(Kind::cliName).toList());
        }
    }

    private static final byte[] CLIENT_MAC = {2, 0, 0, 0, 0, 1};
    private static final byte[] SERVER_MAC = {2, 0, 0, 0, 0, 2};
    private static final byte[] SERVER = {(byte) 203, 0, 113, 99};
    private static final byte[] FILLER = Payloads.pattern(5, 1400);

    private final PcapWriter out;
    private final PacketBuilder builder = new PacketBuilder();
    private final byte[] frame = new byte[14 + 65535];
    private final byte[] client = new byte[4];
    private long clock = GeneratePcaps.T0;
    private long flows;

    private FloodPcaps(Path file) throws IOException {
        this.out = new PcapWriter(file, Frames.DLT_EN10MB, 262144, PcapWriter.Resolution.NANO,
                ByteOrder.LITTLE_ENDIAN);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            usage("no kind");
        }
        Kind kind = Kind.of(args[0]);
        String file = null;
        long count = -1;
        long bombSize = 1L << 30;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> file = args[++i];
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--bomb-size" -> bombSize = MixedPcapGenerator.parseSize(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (file == null) {
            usage("need --out");
        }
        long start = System.nanoTime();
        FloodPcaps f = write(kind, Path.of(file), count < 0 ? defaultCount(kind) : count, bombSize);
        System.out.printf(Locale.ROOT, "%s: %s flows=%d packets=%d bytes=%d in %.1fs%n", file, kind.cliName(), f.flows,
                f.out.packets(), f.out.bytesWritten(), (System.nanoTime() - start) / 1e9);
    }

    private static void usage(String why) {
        System.err.println(why);
        System.err.println("usage: FloodPcaps syn|ooo|frag|http-headers|http-idle|ws-deflate|gzip-bomb|gzip-nested|zip-tree|zip-chain|zip-quine|gzip-quine"
                + " --out FILE [--count N] [--bomb-size 1g]");
        System.exit(2);
    }

    /** The full-scale size of each flood (what the flood runner uses). */
    public static long defaultCount(Kind kind) {
        return switch (kind) {
            case SYN -> 1_000_000;
            case OOO -> 20_000;
            case FRAG -> 300_000;
            case HTTP_HEADERS -> 400;
            case HTTP_IDLE -> 250_000;
            case WS_DEFLATE -> 100_000;
            case GZIP_BOMB, GZIP_NESTED, ZIP_TREE, ZIP_CHAIN, ZIP_QUINE, GZIP_QUINE -> 200;
        };
    }

    /** Writes the flood of {@code count} and the canary; returns the closed writer's figures. */
    public static FloodPcaps write(Kind kind, Path file, long count, long bombSize) throws IOException {
        FloodPcaps f = new FloodPcaps(file);
        try (f) {
            switch (kind) {
                case SYN -> f.synFlood(count);
                case OOO -> f.oooBomb(count);
                case FRAG -> f.fragFlood(count);
                case HTTP_HEADERS -> f.headerBombs(count);
                case HTTP_IDLE -> f.idleHeads(count);
                case WS_DEFLATE -> f.idleWebSockets(count);
                case GZIP_BOMB -> f.uploads(count, Bombs.gzipZeros(bombSize), "gzip");
                case GZIP_NESTED -> f.uploads(count, Bombs.nestGzip(Bombs.gzipZeros(bombSize), GZIP_NESTED_EXTRA),
                        "gzip");
                case ZIP_TREE -> f.uploads(count, Bombs.zipTree(Math.max(1, bombSize >> 10), 16, 3), null);
                case ZIP_CHAIN -> f.uploads(count, Bombs.zipChain(ZIP_CHAIN_DEPTH), null);
                case ZIP_QUINE -> f.uploads(count, Bombs.zipQuine(), null);
                case GZIP_QUINE -> f.uploads(count, Bombs.gzipQuine(), "gzip");
            }
            f.canary();
        }
        return f;
    }

    public long packets() {
        return out.packets();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Flood flow i's client address: 10.64.0.0/10, distinct for 4M flows. */
    private byte[] client(long i) {
        client[0] = 10;
        client[1] = (byte) (64 + (i >>> 16 & 63));
        client[2] = (byte) (i >>> 8);
        client[3] = (byte) i;
        return client;
    }

    private static int clientPort(long i) {
        return 1024 + (int) (i % 60000);
    }

    /** One Ethernet frame around the builder's packet, 1 µs after the previous one. */
    private void emit(byte[] srcMac, byte[] dstMac) throws IOException {
        int len = 14 + builder.buildInto(frame, 14);
        Frames.writeEthernetHeader(frame, 0, dstMac, srcMac, Frames.ETHERTYPE_IPV4);
        out.write(clock, frame, 0, len, len);
        clock += 1000;
    }

    private void emitIp(byte[] ip) throws IOException {
        Frames.writeEthernetHeader(frame, 0, SERVER_MAC, CLIENT_MAC, Frames.ETHERTYPE_IPV4);
        System.arraycopy(ip, 0, frame, 14, ip.length);
        out.write(clock, frame, 0, 14 + ip.length, 14 + ip.length);
        clock += 1000;
    }

    private void tcp(byte[] src, int sport, byte[] dst, int dport, long seq, long ack, int flags, byte[] data,
            int off, int len) throws IOException {
        builder.endpoints(PacketBuilder.PROTO_TCP, src, sport, dst, dport).seq(seq & 0xFFFFFFFFL)
                .ack(ack & 0xFFFFFFFFL).flags(flags).window(64240).tcpOptions(FILLER, 0).payload(data, off, len);
        boolean fromClient = src != SERVER;
        emit(fromClient ? CLIENT_MAC : SERVER_MAC, fromClient ? SERVER_MAC : CLIENT_MAC);
    }

    private void synFlood(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            tcp(client(i), clientPort(i), SERVER, 80 + (int) (i & 7), isn(i), 0, SYN, FILLER, 0, 0);
            flows++;
        }
    }

    private static long isn(long flow) {
        return flow * 0x9E3779B1L;
    }

    /**
     * All flows shake hands first, then send their out-of-order segments round by round, so every flow holds its
     * data at once. Even flows: 1-byte segments at offsets 1, 3, 5, ... (holes at 0, 2, 4, ...). Odd flows:
     * 1400-byte segments from 1,000,000 on. No flow ever fills its first hole.
     */
    private void oooBomb(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            handshake(i, 4444);
        }
        for (int r = 0; r < OOO_ROUNDS; r++) {
            for (long i = 0; i < n; i++) {
                oooSegment(i, r);
            }
        }
        for (long i = 0; i < Math.min(n, OOO_DEEP_FLOWS); i++) {
            for (int r = OOO_ROUNDS; r < OOO_DEEP_SEGMENTS; r++) {
                oooSegment(i, r);
            }
        }
    }

    private void oooSegment(long flow, int round) throws IOException {
        boolean tiny = (flow & 1) == 0;
        long offset = tiny ? 1 + 2L * round : 1_000_000L + 1400L * round;
        tcp(client(flow), clientPort(flow), SERVER, 4444, isn(flow) + 1 + offset, ~isn(flow) + 1, ACK | PSH, FILLER,
                0, tiny ? 1 : 1400);
    }

    /** Connections that shake hands and send an unfinished request head (no blank line), then stay open. */
    private void idleHeads(long n) throws IOException {
        byte[] head = ascii("GET /slow HTTP/1.1\r\nHost: 203.0.113.99\r\nUser-Agent: flood\r\nX-Pad: "
                + "a".repeat(520) + "\r\n");
        for (long i = 0; i < n; i++) {
            handshake(i, 80);
            tcp(client(i), clientPort(i), SERVER, 80, isn(i) + 1, ~isn(i) + 1, ACK | PSH, head, 0, head.length);
        }
    }

    /**
     * WebSocket connections that agree on permessage-deflate with shared contexts, each client sending one compressed
     * message and never closing: each client direction keeps its inflater until the flow times out or is evicted.
     */
    private void idleWebSockets(long n) throws IOException {
        byte[] request = WebSocketFrames.upgradeRequest("/flood", "permessage-deflate");
        byte[] response = WebSocketFrames.switchingProtocols("permessage-deflate");
        for (long i = 0; i < n; i++) {
            handshake(i, 80);
            long c = isn(i) + 1;
            long s = ~isn(i) + 1;
            tcp(client(i), clientPort(i), SERVER, 80, c, s, ACK | PSH, request, 0, request.length);
            c += request.length;
            tcp(SERVER, 80, client(i), clientPort(i), s, c, ACK | PSH, response, 0, response.length);
            s += response.length;
            java.util.zip.Deflater d = WebSocketFrames.deflater();
            byte[] frame = WebSocketFrames.frame(WebSocketFrames.TEXT, true, true, (int) i * 0x9e3779b9,
                    WebSocketFrames.compress(d, ascii("{\"op\":\"hello\",\"n\":" + i + "}")));
            d.end();
            tcp(client(i), clientPort(i), SERVER, 80, c, s, ACK | PSH, frame, 0, frame.length);
        }
    }

    /** Flood flow i's three-way handshake with the server's {@code serverPort}. */
    private void handshake(long i, int serverPort) throws IOException {
        byte[] c = client(i);
        int port = clientPort(i);
        tcp(c, port, SERVER, serverPort, isn(i), 0, SYN, FILLER, 0, 0);
        tcp(SERVER, serverPort, c, port, ~isn(i), isn(i) + 1, SYN | ACK, FILLER, 0, 0);
        tcp(c, port, SERVER, serverPort, isn(i) + 1, ~isn(i) + 1, ACK, FILLER, 0, 0);
        flows++;
    }

    /** Incomplete UDP datagrams of 2968 bytes: the first 1480, then 480 disagreeing bytes over its tail. */
    private void fragFlood(long n) throws IOException {
        byte[] payload = Payloads.pattern(9, 2960);
        byte[] other = Payloads.pattern(10, 480);
        for (long i = 0; i < n; i++) {
            builder.endpoints(PacketBuilder.PROTO_UDP, client(i), clientPort(i), SERVER, 9999).ipId((int) i & 0xFFFF)
                    .payload(payload);
            IpFragmenter f = new IpFragmenter(builder.build());
            emitIp(f.fragment(0, 1480, true, null));
            emitIp(f.fragment(1000, 480, true, other));
            if (i % 4 == 0) {
                emitIp(f.fragment(1480, 16, true, null));
            }
            flows++;
        }
    }

    /** A TCP connection from flood client i that sends {@code data}, then closes; written at once. */
    private void session(long i, byte[] src, int port, int serverPort, byte[] data, byte[] response) throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), src.clone(), port, SERVER, serverPort, isn(i), ~isn(i),
                clock).mss(1448).stepNanos(1000).ackEvery(8);
        t.handshake();
        t.sendClient(data);
        if (response != null) {
            t.sendServer(response);
        }
        t.closeFromClient();
        for (Packet p : t.packets()) {
            out.write(p);
        }
        clock = t.now();
        flows++;
    }

    private void headerBombs(long n) throws IOException {
        byte[][] bombs = {longHeaderLine(), manyHeaders(), chunkExtensions(), longUri()};
        byte[] reject = HttpSamples.response("400 Bad Request", "Connection: close\r\n", new byte[0]);
        for (long i = 0; i < n; i++) {
            session(i, client(i), clientPort(i), 80, bombs[(int) (i % bombs.length)], reject);
        }
    }

    private static byte[] longHeaderLine() {
        return Bytes.concat(ascii("GET / HTTP/1.1\r\nHost: " + HttpSamples.HOST + "\r\nX-Long: "),
                Payloads.fill('a', HEADER_BOMB_BYTES), ascii("\r\n\r\n"));
    }

    private static byte[] manyHeaders() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: " + HttpSamples.HOST + "\r\n");
        for (int i = 0; i < HEADER_BOMB_COUNT; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        return ascii(sb.append("\r\n").toString());
    }

    /** Four 1-byte chunks, each size line dragging 256 KiB of ";e=vvvv" extensions. */
    private static byte[] chunkExtensions() {
        StringBuilder sb = new StringBuilder("POST /up HTTP/1.1\r\nHost: " + HttpSamples.HOST
                + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        String ext = ";e=" + "v".repeat(29);
        for (int c = 0; c < 4; c++) {
            sb.append('1');
            for (int k = 0; k < HEADER_BOMB_BYTES / 4 / ext.length(); k++) {
                sb.append(ext);
            }
            sb.append("\r\nx\r\n");
        }
        return ascii(sb.append("0\r\n\r\n").toString());
    }

    private static byte[] longUri() {
        return Bytes.concat(ascii("GET /"), Payloads.fill('u', HEADER_BOMB_BYTES),
                ascii(" HTTP/1.1\r\nHost: " + HttpSamples.HOST + "\r\n\r\n"));
    }

    /**
     * {@code n} uploads of {@code bomb}: raw TCP to port 4444 and HTTP POSTs to port 80 in turn; with an
     * encoding, the POST carries it as Content-Encoding, else the bomb is the body.
     */
    private void uploads(long n, byte[] bomb, String encoding) throws IOException {
        byte[] post = HttpSamples.request("POST", "/upload", encoding != null ? "Content-Encoding: " + encoding
                + "\r\nContent-Type: application/octet-stream\r\n" : "Content-Type: application/zip\r\n", bomb);
        byte[] ok = HttpSamples.ok("stored");
        for (long i = 0; i < n; i++) {
            boolean raw = i % 2 == 0;
            session(i, client(i), clientPort(i), raw ? 4444 : 80, raw ? bomb : post, raw ? null : ok);
        }
    }

    /** The ordinary upload every flood capture ends with. */
    private void canary() throws IOException {
        clock += GeneratePcaps.SEC;
        byte[] post = HttpSamples.request("POST", "/upload", "Content-Type: application/gzip\r\n", CANARY_BODY);
        session(-1, PacketBuilder.ip(CANARY_CLIENT), CANARY_PORT, 80, post, HttpSamples.ok("stored"));
        flows--;
    }
}
