package io.packwatch.flow;

import io.packwatch.decode.Packet;

/**
 * One bidirectional conversation, keyed by its 5-tuple. The client is the side that sent the
 * SYN, or the side a port heuristic picks when the flow was picked up mid-stream. Mutable and
 * owned by the one thread that owns its {@link FlowTable}.
 */
public final class Flow {
    public static final int FROM_CLIENT = 0;
    public static final int FROM_SERVER = 1;

    // TCP flags seen, per direction.
    static final int SYN_SEEN = 1;
    static final int SYNACK_SEEN = 2;
    static final int FIN_SEEN = 4;
    static final int RST_SEEN = 8;
    static final int DATA_SEEN = 16;

    final long id;
    final int ipVersion;
    final int protocol;
    long clientHi;
    long clientLo;
    long serverHi;
    long serverLo;
    int clientPort;
    int serverPort;
    final int vlan;
    final long firstSeen;
    long lastSeen;
    final long[] packets = new long[2];
    final long[] ipBytes = new long[2];
    final long[] payloadBytes = new long[2];
    final int[] tcpFlags = new int[2];
    long history;
    final int[] historySeen = new int[1];
    boolean midstream;
    TcpStream clientStream;
    TcpStream serverStream;
    StreamConsumer consumer;

    // Flow table bookkeeping: hash chain and the LRU list of the flow's timeout class.
    final int hash;
    Flow nextInBucket;
    Flow lruPrev;
    Flow lruNext;
    int lruList = -1;

    Flow(long id, Packet p, boolean clientIsSource, int hash) {
        this.id = id;
        this.ipVersion = p.ipVersion;
        this.protocol = p.protocol;
        this.vlan = p.vlanOuter;
        this.firstSeen = p.tsNanos;
        this.lastSeen = p.tsNanos;
        this.hash = hash;
        if (clientIsSource) {
            setEnds(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
        } else {
            setEnds(p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort);
        }
    }

    private void setEnds(long cHi, long cLo, int cPort, long sHi, long sLo, int sPort) {
        clientHi = cHi;
        clientLo = cLo;
        clientPort = cPort;
        serverHi = sHi;
        serverLo = sLo;
        serverPort = sPort;
    }

    /** Swaps client and server, when the handshake shows the first guess was wrong. */
    void flip() {
        setEnds(serverHi, serverLo, serverPort, clientHi, clientLo, clientPort);
        swap(packets);
        swap(ipBytes);
        swap(payloadBytes);
        int f = tcpFlags[0];
        tcpFlags[0] = tcpFlags[1];
        tcpFlags[1] = f;
        TcpStream s = clientStream;
        clientStream = serverStream;
        serverStream = s;
        record(History.FLIPPED, 0);
    }

    private static void swap(long[] a) {
        long t = a[0];
        a[0] = a[1];
        a[1] = t;
    }

    boolean matches(Packet p) {
        if (p.protocol != protocol || p.ipVersion != ipVersion) {
            return false;
        }
        return p.srcLo == clientLo && p.srcHi == clientHi && p.srcPort == clientPort
                && p.dstLo == serverLo && p.dstHi == serverHi && p.dstPort == serverPort
                || p.srcLo == serverLo && p.srcHi == serverHi && p.srcPort == serverPort
                && p.dstLo == clientLo && p.dstHi == clientHi && p.dstPort == clientPort;
    }

    int directionOf(Packet p) {
        return p.srcLo == clientLo && p.srcHi == clientHi && p.srcPort == clientPort ? FROM_CLIENT : FROM_SERVER;
    }

    void record(int event, int direction) {
        history = History.add(history, historySeen, event, event == History.FLIPPED ? 0 : direction);
    }

    TcpStream stream(int direction) {
        return direction == FROM_CLIENT ? clientStream : serverStream;
    }

    TcpStream streamOrCreate(int direction) {
        if (direction == FROM_CLIENT) {
            if (clientStream == null) {
                clientStream = new TcpStream();
            }
            return clientStream;
        }
        if (serverStream == null) {
            serverStream = new TcpStream();
        }
        return serverStream;
    }

    boolean closedByFinOrRst() {
        int all = tcpFlags[0] | tcpFlags[1];
        return (all & RST_SEEN) != 0 || (tcpFlags[0] & FIN_SEEN) != 0 && (tcpFlags[1] & FIN_SEEN) != 0;
    }

    // Read-only view for the stages after this one.

    public long id() {
        return id;
    }

    public int ipVersion() {
        return ipVersion;
    }

    public int protocol() {
        return protocol;
    }

    public long clientHi() {
        return clientHi;
    }

    public long clientLo() {
        return clientLo;
    }

    public long serverHi() {
        return serverHi;
    }

    public long serverLo() {
        return serverLo;
    }

    public int clientPort() {
        return clientPort;
    }

    public int serverPort() {
        return serverPort;
    }

    public int vlan() {
        return vlan;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long packets(int direction) {
        return packets[direction];
    }

    public long ipBytes(int direction) {
        return ipBytes[direction];
    }

    public long payloadBytes(int direction) {
        return payloadBytes[direction];
    }

    public boolean midstream() {
        return midstream;
    }

    public String history() {
        return History.render(history);
    }

    /** Zeek's conn_state for a TCP flow ({@code SF}, {@code S0}, {@code REJ}, ...); null for others. */
    public String connState() {
        return protocol == Packet.PROTO_TCP ? ConnState.of(tcpFlags[0], tcpFlags[1], midstream) : null;
    }

    /** Bytes that reassembly could not deliver: gaps (lost segments) in either direction. */
    public long missedBytes() {
        return (clientStream == null ? 0 : clientStream.gapBytes) + (serverStream == null ? 0 : serverStream.gapBytes);
    }

    /** Whether either direction hit the reassembly depth. */
    public boolean truncated() {
        return clientStream != null && clientStream.depthReached || serverStream != null && serverStream.depthReached;
    }

    public long overlapConflicts() {
        return (clientStream == null ? 0 : clientStream.conflicts) + (serverStream == null ? 0 : serverStream.conflicts);
    }

    /** Reassembled bytes handed to consumers in one direction. */
    public long deliveredBytes(int direction) {
        TcpStream s = stream(direction);
        return s == null ? 0 : s.delivered;
    }
}
