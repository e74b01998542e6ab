package io.packwatch.flow;

import io.packwatch.decode.Packet;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/**
 * All live flows: a chained hash table keyed by a direction-independent hash of the 5-tuple,
 * plus one LRU list per timeout class. Packets arrive in time order, so each list's head is
 * always the next flow to time out, and expiry never scans. When the table is full the
 * idlest flow is evicted, preferring closed ones, then half-open ones.
 */
public final class FlowTable {
    private static final int TCP_NEW = 0;
    private static final int TCP_ESTABLISHED = 1;
    private static final int TCP_CLOSED = 2;
    private static final int UDP = 3;
    private static final int OTHER = 4;
    private static final long EXPIRY_INTERVAL = 1_000_000_000L;

    private final FlowConfig config;
    private final FlowObserver observer;
    private final StreamConsumerFactory consumers;
    private DatagramObserver datagrams;
    /** Where UDP payloads go as objects; null when UDP is not inspected. */
    private StreamConsumerFactory datagramConsumers;
    private final TcpReassembler reassembler;
    private final Flow[] buckets;
    private final int mask;
    private final Flow[] heads = new Flow[5];
    private final Flow[] tails = new Flow[5];
    private final long[] timeouts;
    private int size;
    private long nextId;
    private final long idStep;
    private long nextExpiry = Long.MIN_VALUE;
    private long now;

    private final Counter created;
    private final Counter ended;
    private final Counter evicted;
    private final Counter timedOut;
    private final Counter portReuse;
    private final Counter peak;
    private final Counter midstream;
    private final Counter badChecksumPayloads;
    private final Counter lowTtlIgnored;
    private final Counter staleResets;
    private final Counter urgent;
    private final int maxTtlDrop;
    private final Counter flipped;

    public FlowTable(FlowConfig config, ReassemblyConfig reassembly, StreamConsumerFactory consumers,
                     FlowObserver observer, Counters counters) {
        this(config, reassembly, consumers, observer, counters, 1, 1);
    }

    /**
     * A table whose flow ids are {@code firstId}, {@code firstId + idStep}, ...: tables of
     * several workers hand out ids that never collide.
     */
    public FlowTable(FlowConfig config, ReassemblyConfig reassembly, StreamConsumerFactory consumers,
                     FlowObserver observer, Counters counters, long firstId, long idStep) {
        this.nextId = firstId;
        this.idStep = idStep;
        this.config = config;
        this.observer = observer;
        this.consumers = consumers;
        this.reassembler = new TcpReassembler(reassembly, counters);
        int n = Integer.highestOneBit(Math.max(1024, config.maxFlows()) - 1) << 1;
        this.buckets = new Flow[n];
        this.mask = n - 1;
        this.timeouts = new long[] {config.tcpNewTimeout(), config.tcpEstablishedTimeout(), config.tcpClosedTimeout(),
            config.udpTimeout(), config.otherTimeout()};
        created = counters.counter("flow.created");
        ended = counters.counter("flow.ended");
        evicted = counters.counter("flow.evicted");
        timedOut = counters.counter("flow.timed_out");
        portReuse = counters.counter("flow.port_reuse");
        peak = counters.counter("flow.active_peak");
        midstream = counters.counter("flow.midstream_pickups");
        badChecksumPayloads = counters.counter("flow.bad_checksum_payloads_ignored");
        lowTtlIgnored = counters.counter("reassembly.low_ttl_ignored");
        staleResets = counters.counter("reassembly.resets_behind_stream");
        urgent = counters.counter("reassembly.urgent_segments");
        this.maxTtlDrop = reassembly.maxTtlDrop();
        flipped = counters.counter("flow.direction_flipped");
    }

    public int size() {
        return size;
    }

    /**
     * Hands every accepted UDP payload to a consumer of its flow from {@code factory}, made at the flow's first
     * payload: each datagram is one {@link StreamConsumer#onData} call (a payload the snaplen cut is followed by an
     * {@link StreamConsumer#onGap} of the rest), and both directions are closed when the flow ends.
     */
    public void inspectDatagrams(StreamConsumerFactory factory) {
        this.datagramConsumers = factory;
    }

    /** Hands every accepted UDP payload to {@code observer} too (host names from DHCP and DNS). */
    public void observeDatagrams(DatagramObserver observer) {
        this.datagrams = observer;
    }

    /**
     * Accounts one decoded IP packet to its flow, creating the flow if needed, and feeds TCP
     * payload to reassembly (and UDP payload to the datagram consumers and observer).
     *
     * @param acceptPayload false for packets a real receiver would drop (bad checksum): they
     *     count towards the flow but their bytes never enter a stream
     */
    public void process(Packet p, boolean acceptPayload) {
        advanceTime(p.tsNanos);
        int hash = hash(p);
        Flow f = lookup(p, hash);
        boolean tcp = p.protocol == Packet.PROTO_TCP;
        if (f != null && tcp && p.has(Packet.SYN) && !p.has(Packet.ACK) && f.closedByFinOrRst()) {
            portReuse.inc();
            end(f, EndReason.PORT_REUSE);
            f = null;
        }
        if (f == null) {
            f = create(p, hash);
        }
        int dir = f.directionOf(p);
        if (tcp && p.has(Packet.SYN) && !p.has(Packet.ACK) && dir == Flow.FROM_SERVER
                && (f.clientFlags & Flow.SYN_SEEN) == 0 && f.clientPayload + f.serverPayload == 0
                && !f.streamsReported()) {
            // A SYN from the side we took for the server: the guess was wrong.
            f.flip();
            flipped.inc();
            dir = Flow.FROM_CLIENT;
        }
        f.lastSeen = p.tsNanos;
        f.count(dir, p.ipLength + p.ipMissing, p.payloadLength + (tcp || p.isUdp() ? p.ipMissing : 0));
        if (tcp) {
            onTcp(f, dir, p, acceptPayload);
        } else if (acceptPayload && p.payloadLength > 0 && p.isUdp()) {
            if (datagrams != null) {
                datagrams.onDatagram(p);
            }
            if (datagramConsumers != null) {
                onDatagram(f, dir, p);
            }
        }
        touch(f, listFor(f));
    }

    private void onDatagram(Flow f, int dir, Packet p) {
        if (f.consumer == null) {
            f.consumer = datagramConsumers.create(f);
        }
        f.consumer.onData(f, dir, p.buf, p.payloadOffset, p.payloadLength); // what was captured, as for TCP
        if (p.ipMissing > 0) {
            f.consumer.onGap(f, dir, p.ipMissing);
        }
    }

    private void onTcp(Flow f, int dir, Packet p, boolean acceptPayload) {
        if (f.ttlDropExceeds(dir, p.ttl, maxTtlDrop)) {
            // It expires between here and the receiver (a TTL insertion): neither its flags nor its bytes count.
            f.record(History.LOW_TTL, dir);
            lowTtlIgnored.inc();
            return;
        }
        int flags = p.tcpFlags;
        if ((flags & Packet.RST) != 0 && reassembler.resetBehindStream(f, dir, p)) {
            // The receiver drops it, so the connection lives on: ending the streams here would blind us.
            staleResets.inc();
            return;
        }
        if ((flags & Packet.SYN) != 0) {
            if ((flags & Packet.RST) != 0) {
                f.record(History.INCONSISTENT, dir);
            } else if ((flags & Packet.FIN) != 0) {
                f.record(History.MULTI_FLAG, dir);
            }
            boolean synAck = (flags & Packet.ACK) != 0;
            f.addFlags(dir, synAck ? Flow.SYNACK_SEEN : Flow.SYN_SEEN);
            f.record(synAck ? History.SYN_ACK : History.SYN, dir);
        }
        if ((flags & Packet.FIN) != 0) {
            f.addFlags(dir, Flow.FIN_SEEN);
            f.record(History.FIN, dir);
        }
        if ((flags & Packet.RST) != 0) {
            f.addFlags(dir, Flow.RST_SEEN);
            f.record(History.RST, dir);
        }
        if (p.payloadLength > 0) {
            f.addFlags(dir, Flow.DATA_SEEN);
            f.record(History.DATA, dir);
        } else if ((flags & (Packet.SYN | Packet.FIN | Packet.RST)) == 0 && (flags & Packet.ACK) != 0) {
            f.record(History.ACK, dir);
        }
        if (p.window == 0 && (flags & (Packet.SYN | Packet.RST)) == 0) {
            f.record(History.ZERO_WINDOW, dir);
        }
        if (!acceptPayload) {
            f.record(History.BAD_CHECKSUM, dir);
            if (p.payloadLength > 0) {
                badChecksumPayloads.inc();
            }
            return;
        }
        if ((flags & Packet.URG) != 0 && p.payloadLength > 0) {
            // Urgent bytes stay in the stream; a receiver without SO_OOBINLINE takes the last one out of band.
            urgent.inc();
        }
        reassembler.onPacket(f, dir, p, true);
    }

    private Flow create(Packet p, int hash) {
        if (size >= config.maxFlows()) {
            evictOne();
        }
        boolean clientIsSource = clientIsSource(p);
        Flow f = new Flow(nextId, p, clientIsSource, hash);
        nextId += idStep;
        if (p.protocol == Packet.PROTO_TCP && !p.has(Packet.SYN)) {
            f.midstream = true;
            midstream.inc();
        }
        int b = hash & mask;
        f.nextInBucket = buckets[b];
        buckets[b] = f;
        size++;
        created.inc();
        peak.max(size);
        if (p.protocol == Packet.PROTO_TCP && consumers != null) {
            f.consumer = consumers.create(f);
        }
        return f;
    }

    /**
     * Who is the client: the sender of a SYN, the receiver of a SYN-ACK; otherwise the side
     * with the higher, less service-like port (a flow picked up mid-stream).
     */
    static boolean clientIsSource(Packet p) {
        if (p.protocol == Packet.PROTO_TCP && p.has(Packet.SYN)) {
            return !p.has(Packet.ACK);
        }
        boolean srcService = ServicePorts.isService(p.srcPort);
        boolean dstService = ServicePorts.isService(p.dstPort);
        if (srcService != dstService) {
            return dstService;
        }
        if (p.protocol == Packet.PROTO_TCP) {
            return p.srcPort >= p.dstPort;
        }
        return true;
    }

    private Flow lookup(Packet p, int hash) {
        for (Flow f = buckets[hash & mask]; f != null; f = f.nextInBucket) {
            if (f.hash == hash && f.matches(p)) {
                return f;
            }
        }
        return null;
    }

    /** The same value for both directions: each endpoint is mixed alone, then combined symmetrically. */
    public static int hash(Packet p) {
        long a = mix(p.srcHi, p.srcLo, p.srcPort);
        long b = mix(p.dstHi, p.dstLo, p.dstPort);
        long h = (a + b) ^ (a * b) ^ p.protocol;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long hi, long lo, int port) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo ^ ((long) port << 48);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    private int listFor(Flow f) {
        if (f.protocol == Packet.PROTO_TCP) {
            if (f.closedByFinOrRst()) {
                return TCP_CLOSED;
            }
            boolean handshake = (f.clientFlags & Flow.SYN_SEEN) != 0 && (f.serverFlags & Flow.SYNACK_SEEN) != 0;
            return handshake || f.midstream ? TCP_ESTABLISHED : TCP_NEW;
        }
        return f.protocol == Packet.PROTO_UDP ? UDP : OTHER;
    }

    /** Moves {@code f} to the tail of list {@code list}. */
    private void touch(Flow f, int list) {
        if (f.lruList == list && tails[list] == f) {
            return;
        }
        unlink(f);
        f.lruList = list;
        f.lruPrev = tails[list];
        f.lruNext = null;
        if (tails[list] != null) {
            tails[list].lruNext = f;
        } else {
            heads[list] = f;
        }
        tails[list] = f;
    }

    private void unlink(Flow f) {
        int list = f.lruList;
        if (list < 0) {
            return;
        }
        if (f.lruPrev != null) {
            f.lruPrev.lruNext = f.lruNext;
        } else {
            heads[list] = f.lruNext;
        }
        if (f.lruNext != null) {
            f.lruNext.lruPrev = f.lruPrev;
        } else {
            tails[list] = f.lruPrev;
        }
        f.lruPrev = f.lruNext = null;
        f.lruList = -1;
    }

    /** Moves packet time forward, ending flows whose timeout has passed (checked once a second). */
    public void advanceTime(long nowNanos) {
        if (nowNanos > now) {
            now = nowNanos;
        }
        if (now < nextExpiry) {
            return;
        }
        nextExpiry = now + EXPIRY_INTERVAL;
        for (int list = 0; list < heads.length; list++) {
            Flow f;
            while ((f = heads[list]) != null && now - f.lastSeen >= timeouts[list]) {
                if (list != TCP_CLOSED) {
                    timedOut.inc();
                }
                end(f, list == TCP_CLOSED ? EndReason.CLOSED : EndReason.TIMEOUT);
            }
        }
    }

    private void evictOne() {
        Flow victim = heads[TCP_CLOSED] != null ? heads[TCP_CLOSED] : heads[TCP_NEW];
        if (victim == null) {
            for (int list : new int[] {UDP, OTHER, TCP_ESTABLISHED}) {
                Flow h = heads[list];
                if (h != null && (victim == null || h.lastSeen < victim.lastSeen)) {
                    victim = h;
                }
            }
        }
        if (victim != null) {
            evicted.inc();
            end(victim, EndReason.EVICTED);
        }
    }

    private void end(Flow f, EndReason reason) {
        unlink(f);
        int b = f.hash & mask;
        if (buckets[b] == f) {
            buckets[b] = f.nextInBucket;
        } else {
            Flow prev = buckets[b];
            while (prev.nextInBucket != f) {
                prev = prev.nextInBucket;
            }
            prev.nextInBucket = f.nextInBucket;
        }
        f.nextInBucket = null;
        size--;
        ended.inc();
        if (f.protocol == Packet.PROTO_TCP) {
            reassembler.finish(f);
        } else if (f.consumer != null) {
            f.consumer.onClose(f, Flow.FROM_CLIENT);
            f.consumer.onClose(f, Flow.FROM_SERVER);
        }
        observer.onFlowEnd(f, reason);
    }

    /** Ends every flow still open, oldest first: the input is over. */
    public void flush() {
        while (true) {
            Flow oldest = null;
            for (Flow h : heads) {
                if (h != null && (oldest == null || h.lastSeen < oldest.lastSeen)) {
                    oldest = h;
                }
            }
            if (oldest == null) {
                return;
            }
            end(oldest, EndReason.END_OF_INPUT);
        }
    }
}
