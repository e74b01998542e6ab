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

    /**
     * Rough heap bytes of one established flow with what hangs off it (its two streams, the application parser
     * and the inspected object of each direction), to size the table to the heap: an idle HTTP connection that
     * went past {@code http.memcap} measured 2.1 KiB (class histogram of 166,000 of them). A half-open flow takes
     * about a fifth of it, so under a SYN flood the table holds fewer flows than the heap could.
     */
    public static final int APPROX_BYTES = 2048;

    // Plain fields, no arrays: a million half-open flows must fit in a small heap.
    final long id;
    final byte ipVersion;
    final byte protocol;
    long clientHi;
    long clientLo;
    long serverHi;
    long serverLo;
    char clientPort;
    char serverPort;
    final short vlan;
    final short innerVlan;
    final long firstSeen;
    long lastSeen;
    long clientPackets;
    long serverPackets;
    long clientIpBytes;
    long serverIpBytes;
    long clientPayload;
    long serverPayload;
    byte clientFlags;
    byte serverFlags;
    /** TTL (hop limit) of the first packet each way; -1 before it. */
    short clientTtl = -1;
    short serverTtl = -1;
    long history;
    int historySeen;
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
        this.ipVersion = (byte) p.ipVersion;
        this.protocol = (byte) p.protocol;
        this.vlan = (short) p.vlanOuter;
        this.innerVlan = (short) p.vlanInner;
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
        clientPort = (char) cPort;
        serverHi = sHi;
        serverLo = sLo;
        serverPort = (char) sPort;
    }

    /** Accounts one packet sent in {@code direction}. */
    void count(int direction, int ipBytes, int payloadBytes) {
        if (direction == FROM_CLIENT) {
            clientPackets++;
            clientIpBytes += ipBytes;
            clientPayload += payloadBytes;
        } else {
            serverPackets++;
            serverIpBytes += ipBytes;
            serverPayload += payloadBytes;
        }
    }

    void addFlags(int direction, int bits) {
        if (direction == FROM_CLIENT) {
            clientFlags |= (byte) bits;
        } else {
            serverFlags |= (byte) bits;
        }
    }

    /**
     * Remembers the TTL of the first packet each way; true when {@code ttl} is more than {@code maxDrop} (if
     * positive) below it.
     */
    boolean ttlDropExceeds(int direction, int ttl, int maxDrop) {
        int first = direction == FROM_CLIENT ? clientTtl : serverTtl;
        if (first < 0) {
            if (direction == FROM_CLIENT) {
                clientTtl = (short) ttl;
            } else {
                serverTtl = (short) ttl;
            }
            return false;
        }
        return maxDrop > 0 && first - ttl > maxDrop;
    }

    /** Swaps client and server, when the handshake shows the first guess was wrong. */
    void flip() {
        setEnds(serverHi, serverLo, serverPort, clientHi, clientLo, clientPort);
        long t = clientPackets;
        clientPackets = serverPackets;
        serverPackets = t;
        t = clientIpBytes;
        clientIpBytes = serverIpBytes;
        serverIpBytes = t;
        t = clientPayload;
        clientPayload = serverPayload;
        serverPayload = t;
        byte f = clientFlags;
        clientFlags = serverFlags;
        serverFlags = f;
        short ttl = clientTtl;
        clientTtl = serverTtl;
        serverTtl = ttl;
        TcpStream s = clientStream;
        clientStream = serverStream;
        serverStream = s;
        record(History.FLIPPED, 0);
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
        int bit = 1 << (event * 2 + (event == History.FLIPPED ? 0 : direction));
        if ((historySeen & bit) == 0) {
            historySeen |= bit;
            history = History.append(history, event, event == History.FLIPPED ? 0 : direction);
        }
    }

    /**
     * True once a stream told its consumer something (a gap or a close; data shows in the payload
     * counts): from then on the consumer's directions are fixed and the flow must not flip.
     */
    boolean streamsReported() {
        return reported(clientStream) || reported(serverStream);
    }

    private static boolean reported(TcpStream s) {
        return s != null && (s.closed || s.nextOffset > 0);
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
        int all = clientFlags | serverFlags;
        return (all & RST_SEEN) != 0 || (clientFlags & FIN_SEEN) != 0 && (serverFlags & FIN_SEEN) != 0;
    }

    // Read-only view for the stages after this one.

    /** Whether the sender of {@code direction} finished its stream (FIN), or the connection was reset. */
    public boolean ended(int direction) {
        int own = direction == FROM_CLIENT ? clientFlags : serverFlags;
        return ((clientFlags | serverFlags) & RST_SEEN) != 0 || (own & FIN_SEEN) != 0;
    }

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

    /** Outer VLAN id, or -1 when untagged. */
    public int vlan() {
        return vlan;
    }

    /** Inner VLAN id of a QinQ frame, or -1. */
    public int innerVlan() {
        return innerVlan;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long packets(int direction) {
        return direction == FROM_CLIENT ? clientPackets : serverPackets;
    }

    public long ipBytes(int direction) {
        return direction == FROM_CLIENT ? clientIpBytes : serverIpBytes;
    }

    public long payloadBytes(int direction) {
        return direction == FROM_CLIENT ? clientPayload : serverPayload;
    }

    public boolean midstream() {
        return midstream;
    }

    public String history() {
        return History.render(history);
    }

    /** Zeek's conn_state for a TCP flow ({@code SF}, {@code S0}, {@code REJ}, ...); null for others. */
    public String connState() {
        return protocol == Packet.PROTO_TCP ? ConnState.of(clientFlags, serverFlags, midstream) : null;
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
