package io.packwatch.flow;

import io.packwatch.config.Settings;
import io.packwatch.decode.IpAddress;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link FlowTable} with hand-made TCP packets between a client and a server, and
 * records what reaches the stream consumer and which flows end. Sequence numbers are given
 * relative to each side's ISN so tests read like the scenario they describe.
 */
final class Conversation {
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "192.0.2.10";

    final Counters counters = new Counters();
    final Recorder recorder = new Recorder();
    final List<Flow> ended = new ArrayList<>();
    final List<EndReason> reasons = new ArrayList<>();
    final FlowTable table;
    int clientIsn = 1000;
    int serverIsn = 5000;
    int clientPort = 40000;
    int serverPort = 80;
    long now = 1_700_000_000_000_000_000L;

    Conversation() {
        this(OverlapPolicy.BSD, 0, 1 << 20, 1 << 20, 1024, 1000);
    }

    Conversation(OverlapPolicy policy, long depth, long memcap, long maxOoo, int maxOooSegments, int maxFlows) {
        this(policy, depth, memcap, maxOoo, maxOooSegments, maxFlows, 0);
    }

    /** With the TTL insertion check of reassembly.max_ttl_drop. */
    static Conversation withMaxTtlDrop(int maxTtlDrop) {
        return new Conversation(OverlapPolicy.BSD, 0, 1 << 20, 1 << 20, 1024, 1000, maxTtlDrop);
    }

    private Conversation(OverlapPolicy policy, long depth, long memcap, long maxOoo, int maxOooSegments, int maxFlows,
                         int maxTtlDrop) {
        Settings d = Settings.defaults();
        table = new FlowTable(
                new FlowConfig(maxFlows, d.nanos("flow.timeout.tcp_new"), d.nanos("flow.timeout.tcp_established"),
                        d.nanos("flow.timeout.tcp_closed"), d.nanos("flow.timeout.udp"), d.nanos("flow.timeout.other")),
                new ReassemblyConfig(policy, depth, memcap, maxOoo, maxOooSegments, maxTtlDrop),
                flow -> recorder, (f, r) -> {
                    ended.add(f);
                    reasons.add(r);
                }, counters);
    }

    static Packet packet(String src, int sport, String dst, int dport, int flags, int seq, int ack, byte[] payload,
                         long ts) {
        Packet p = new Packet();
        long[] s = IpAddress.parse(src);
        long[] d = IpAddress.parse(dst);
        p.buf = payload;
        p.tsNanos = ts;
        p.vlanOuter = -1;
        p.vlanInner = -1;
        p.ipVersion = (int) s[0];
        p.srcHi = s[1];
        p.srcLo = s[2];
        p.dstHi = d[1];
        p.dstLo = d[2];
        p.protocol = Packet.PROTO_TCP;
        p.srcPort = sport;
        p.dstPort = dport;
        p.tcpFlags = flags;
        p.seq = seq;
        p.ack = ack;
        p.window = 65535;
        p.ttl = 64;
        p.payloadOffset = 0;
        p.payloadLength = payload.length;
        p.ipLength = 40 + payload.length;
        p.wireLength = p.ipLength + 14;
        return p;
    }

    /** Client packet; {@code rel} counts from the first data byte (ISN + 1). */
    Conversation client(int flags, int rel, String data) {
        return client(flags, rel, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    Conversation client(int flags, int rel, byte[] data) {
        now += 1_000_000;
        table.process(packet(CLIENT, clientPort, SERVER, serverPort, flags, clientIsn + 1 + rel, serverIsn + 1, data,
                now), true);
        return this;
    }

    /** A client packet with this TTL (all others have 64). */
    Conversation clientWithTtl(int ttl, int flags, int rel, String data) {
        now += 1_000_000;
        Packet p = packet(CLIENT, clientPort, SERVER, serverPort, flags, clientIsn + 1 + rel, serverIsn + 1,
                data.getBytes(StandardCharsets.ISO_8859_1), now);
        p.ttl = ttl;
        table.process(p, true);
        return this;
    }

    Conversation server(int flags, int rel, String data) {
        return server(flags, rel, data.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    /** Server packet acknowledging {@code ackRel} client bytes. */
    Conversation server(int flags, int rel, byte[] data, int ackRel) {
        now += 1_000_000;
        table.process(packet(SERVER, serverPort, CLIENT, clientPort, flags, serverIsn + 1 + rel, clientIsn + 1 + ackRel,
                data, now), true);
        return this;
    }

    Conversation handshake() {
        now += 1_000_000;
        table.process(packet(CLIENT, clientPort, SERVER, serverPort, Packet.SYN, clientIsn, 0, new byte[0], now), true);
        now += 1_000_000;
        table.process(packet(SERVER, serverPort, CLIENT, clientPort, Packet.SYN | Packet.ACK, serverIsn, clientIsn + 1,
                new byte[0], now), true);
        return client(Packet.ACK, 0, "");
    }

    Conversation end() {
        table.flush();
        return this;
    }

    String clientStream() {
        return recorder.text(Flow.FROM_CLIENT);
    }

    String serverStream() {
        return recorder.text(Flow.FROM_SERVER);
    }
}
