package io.packwatch.testkit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Emits a realistic TCP conversation as timestamped frames. Stream offsets are relative: offset 0 is the first
 * payload byte (ISN+1). Each side tracks which peer bytes it has received, so ACKs are cumulative and still
 * cover segments later removed from the capture with {@link #drop}. Every emitted packet advances the clock by
 * stepNanos. Hooks (swap, drop, retransmit, fragment, raw segments) edit the capture, not the conversation.
 */
public final class TcpSession {
    private final LinkLayer link;
    private final byte[] clientIp;
    private final int clientPort;
    private final byte[] serverIp;
    private final int serverPort;
    private final long clientIsn;
    private final long serverIsn;
    private final long startNanos;
    private long clock;
    private long stepNanos = 1_000_000;
    private int mss = 1460;
    private int ackEvery = 1;
    private boolean timestampsOption = true;
    private int hopByHopLength;
    private int destOptionsLength;
    private final Side client = new Side(1000);
    private final Side server = new Side(500000);
    private final List<Entry> entries = new ArrayList<>();
    private Consumer<PacketBuilder> tweak;

    /** Per-direction sender state. */
    private static final class Side {
        final long tsBase;
        long next; // highest stream offset sent + 1
        Long finOffset; // stream offset of FIN once sent
        final BitSet receivedFromPeer = new BitSet();
        boolean peerFinReceived;
        long lastPeerTsVal;

        Side(long tsBase) {
            this.tsBase = tsBase;
        }
    }

    private static final class Entry {
        long ts;
        byte[] ip;
        boolean fromClient;
        boolean dropped;
        List<byte[]> fragments;
    }

    public TcpSession(LinkLayer link, byte[] clientIp, int clientPort, byte[] serverIp, int serverPort,
            long clientIsn, long serverIsn, long startNanos) {
        this.link = link;
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
        this.clientIsn = clientIsn & 0xFFFFFFFFL;
        this.serverIsn = serverIsn & 0xFFFFFFFFL;
        this.startNanos = startNanos;
        this.clock = startNanos;
    }

    /** Payload bytes per data segment (default 1460). */
    public TcpSession mss(int mss) {
        this.mss = mss;
        return this;
    }

    /** Time between consecutive packets (default 1 ms). */
    public TcpSession stepNanos(long step) {
        this.stepNanos = step;
        return this;
    }

    /** The receiver ACKs after every n-th data segment and after the last one of a send (default 1). */
    public TcpSession ackEvery(int n) {
        this.ackEvery = n;
        return this;
    }

    /** Whether non-SYN segments carry NOP,NOP,timestamps (default true). */
    public TcpSession timestampsOption(boolean on) {
        this.timestampsOption = on;
        return this;
    }

    /** IPv6 only: every packet carries a hop-by-hop and/or destination-options header of these lengths. */
    public TcpSession ipv6ExtensionHeaders(int hopByHopBytes, int destOptionsBytes) {
        this.hopByHopLength = hopByHopBytes;
        this.destOptionsLength = destOptionsBytes;
        return this;
    }

    public LinkLayer link() {
        return link;
    }

    public long now() {
        return clock;
    }

    public void pause(long nanos) {
        clock += nanos;
    }

    /** SYN, SYN-ACK, ACK with MSS, SACK-permitted, timestamps and window-scale options. */
    public void handshake() {
        emit(true, PacketBuilder.SYN, clientIsn, 0, null, 0, 0, 64240,
                TcpOptions.syn(mss, tsVal(client), 0, 7));
        emit(false, PacketBuilder.SYN | PacketBuilder.ACK, serverIsn, clientIsn + 1, null, 0, 0, 65160,
                TcpOptions.syn(mss, tsVal(server), server.lastPeerTsVal, 7));
        emit(true, PacketBuilder.ACK, seq(true, 0), serverIsn + 1, null, 0, 0, 502, null);
    }

    /** Client data split at the MSS; the server ACKs (see ackEvery). Returns the packet indexes of the segments. */
    public int[] sendClient(byte[] data) {
        return send(true, data);
    }

    public int[] sendServer(byte[] data) {
        return send(false, data);
    }

    private int[] send(boolean fromClient, byte[] data) {
        Side s = fromClient ? client : server;
        int n = (data.length + mss - 1) / mss;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            int off = i * mss;
            int len = Math.min(mss, data.length - off);
            boolean last = i == n - 1;
            idx[i] = segment(fromClient, s.next, data, off, len, PacketBuilder.ACK | (last ? PacketBuilder.PSH : 0));
            if ((i + 1) % ackEvery == 0 || last) {
                ack(!fromClient);
            }
        }
        return idx;
    }

    /** A client segment at an arbitrary stream offset (out-of-order, retransmission, overlap); no ACK follows. */
    public int clientSegment(long offset, byte[] data) {
        return segment(true, offset, data, 0, data.length, PacketBuilder.ACK | PacketBuilder.PSH);
    }

    /**
     * A client segment that {@code tweak} changes before it is built (low TTL, wrong checksum, URG flag and
     * pointer): insertion and urgent-data evasions. No ACK follows.
     */
    public int clientSegment(long offset, byte[] data, Consumer<PacketBuilder> tweak) {
        this.tweak = tweak;
        try {
            return clientSegment(offset, data);
        } finally {
            this.tweak = null;
        }
    }

    public int serverSegment(long offset, byte[] data) {
        return segment(false, offset, data, 0, data.length, PacketBuilder.ACK | PacketBuilder.PSH);
    }

    private int segment(boolean fromClient, long offset, byte[] data, int off, int len, int flags) {
        Side s = fromClient ? client : server;
        Side peer = fromClient ? server : client;
        int i = emit(fromClient, flags, seq(fromClient, offset), ackValue(fromClient), data, off, len,
                fromClient ? 502 : 509, null);
        peer.receivedFromPeer.set((int) offset, (int) (offset + len));
        s.next = Math.max(s.next, offset + len);
        return i;
    }

    /** A pure cumulative ACK from the client. */
    public int ackFromClient() {
        return ack(true);
    }

    public int ackFromServer() {
        return ack(false);
    }

    private int ack(boolean fromClient) {
        Side s = fromClient ? client : server;
        return emit(fromClient, PacketBuilder.ACK, seq(fromClient, afterData(s)), ackValue(fromClient), null, 0,
                0, fromClient ? 502 : 509, null);
    }

    /** Client FIN/ACK, server FIN/ACK, client ACK. */
    public void closeFromClient() {
        fin(true);
        fin(false);
        ack(true);
    }

    public void closeFromServer() {
        fin(false);
        fin(true);
        ack(false);
    }

    /** One FIN/ACK from a side; returns its packet index. */
    public int fin(boolean fromClient) {
        Side s = fromClient ? client : server;
        Side peer = fromClient ? server : client;
        s.finOffset = s.next;
        int i = emit(fromClient, PacketBuilder.FIN | PacketBuilder.ACK, seq(fromClient, s.next),
                ackValue(fromClient), null, 0, 0, fromClient ? 502 : 509, null);
        peer.peerFinReceived = true;
        return i;
    }

    /** RST/ACK at the sender's next sequence number. */
    public int reset(boolean fromClient) {
        Side s = fromClient ? client : server;
        return emit(fromClient, PacketBuilder.RST | PacketBuilder.ACK, seq(fromClient, afterData(s)),
                ackValue(fromClient), null, 0, 0, 0, null);
    }

    /** Swaps the frames at two capture positions; timestamps stay with the positions, so time stays monotonic. */
    public void swap(int i, int j) {
        Entry a = entries.get(i);
        Entry b = entries.get(j);
        long ta = a.ts;
        long tb = b.ts;
        entries.set(i, b);
        entries.set(j, a);
        b.ts = ta;
        a.ts = tb;
    }

    /** Removes a packet from the capture only: the peer still received (and ACKs) it. */
    public void drop(int i) {
        entries.get(i).dropped = true;
    }

    /** Appends an identical copy of packet i at the current time; returns the new index. */
    public int retransmit(int i) {
        Entry src = entries.get(i);
        Entry e = new Entry();
        e.ts = tick();
        e.ip = src.ip;
        e.fromClient = src.fromClient;
        e.fragments = src.fragments;
        entries.add(e);
        return entries.size() - 1;
    }

    /** Replaces packet i by IP fragments of the given sizes (see IpFragmenter.split), 1 µs apart. */
    public void fragment(int i, int... sizes) {
        Entry e = entries.get(i);
        e.fragments = new IpFragmenter(e.ip).ipv6Identification(0x5E55_0000L + i).split(sizes);
    }

    /** Replaces packet i by these IP packets (fragments in any order, overlapping copies), 1 µs apart. */
    public void replace(int i, List<byte[]> ipPackets) {
        entries.get(i).fragments = ipPackets;
    }

    public int size() {
        return entries.size();
    }

    /** The IP packet (without link header) at a capture position. */
    public byte[] ipPacket(int i) {
        return entries.get(i).ip;
    }

    /** The capture: frames in file order with their timestamps. */
    public List<Packet> packets() {
        List<Packet> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dropped) {
                continue;
            }
            if (e.fragments == null) {
                out.add(new Packet(e.ts, link.frame(e.ip, e.fromClient)));
            } else {
                for (int k = 0; k < e.fragments.size(); k++) {
                    out.add(new Packet(e.ts + k * 1000L, link.frame(e.fragments.get(k), e.fromClient)));
                }
            }
        }
        return out;
    }

    /** Absolute sequence number of a stream offset. */
    public long seq(boolean fromClient, long offset) {
        return ((fromClient ? clientIsn : serverIsn) + 1 + offset) & 0xFFFFFFFFL;
    }

    /** Next sequence offset of a side: its FIN, once sent, occupies one sequence number. */
    private static long afterData(Side s) {
        return s.next + (s.finOffset != null ? 1 : 0);
    }

    private long ackValue(boolean fromClient) {
        Side s = fromClient ? client : server;
        long contiguous = s.receivedFromPeer.nextClearBit(0);
        Side peer = fromClient ? server : client;
        boolean finCovered = s.peerFinReceived && peer.finOffset != null && contiguous >= peer.finOffset;
        return seq(!fromClient, contiguous + (finCovered ? 1 : 0));
    }

    private long tsVal(Side s) {
        return s.tsBase + (clock - startNanos) / 1_000_000;
    }

    private long tick() {
        long t = clock;
        clock += stepNanos;
        return t;
    }

    private int emit(boolean fromClient, int flags, long seq, long ack, byte[] data, int off, int len, int window,
            byte[] options) {
        Side s = fromClient ? client : server;
        Side peer = fromClient ? server : client;
        PacketBuilder b = fromClient
                ? PacketBuilder.tcp(clientIp, clientPort, serverIp, serverPort)
                : PacketBuilder.tcp(serverIp, serverPort, clientIp, clientPort);
        b.seq(seq).ack((flags & PacketBuilder.ACK) != 0 ? ack : 0).flags(flags).window(window);
        if (b.isIpv6()) {
            b.hopByHop(hopByHopLength).destinationOptions(destOptionsLength);
        }
        long val = tsVal(s);
        if (options != null) {
            b.tcpOptions(options);
        } else if (timestampsOption) {
            byte[] ts = new byte[12];
            TcpOptions.writeTimestamps(ts, 0, val, s.lastPeerTsVal);
            b.tcpOptions(ts);
        }
        peer.lastPeerTsVal = val;
        if (data != null) {
            b.payload(data, off, len);
        }
        b.ipId(fromClient ? 0x4000 + entries.size() : 0x8000 + entries.size());
        if (tweak != null) {
            tweak.accept(b);
        }
        Entry e = new Entry();
        e.ts = tick();
        e.ip = b.build();
        e.fromClient = fromClient;
        entries.add(e);
        return entries.size() - 1;
    }
}
