package io.packwatch.output;

import io.packwatch.decode.IpAddress;
import io.packwatch.decode.NetworkDirection;
import io.packwatch.decode.Packet;
import io.packwatch.flow.EndReason;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowObserver;

/** Writes one {@code packwatch.flow} record per ended flow, in the spirit of Zeek's conn.log. */
public final class FlowRecordWriter implements FlowObserver {
    private final RecordSink sink;
    private final String observer;
    private final NetworkDirection direction;
    private final CommunityId communityId;
    private final JsonWriter json = new JsonWriter();

    public FlowRecordWriter(RecordSink sink, String observer, NetworkDirection direction, CommunityId communityId) {
        this.sink = sink;
        this.observer = observer;
        this.direction = direction;
        this.communityId = communityId;
    }

    @Override
    public void onFlowEnd(Flow f, EndReason reason) {
        int v = f.ipVersion();
        String client = IpAddress.format(v, f.clientHi(), f.clientLo());
        String server = IpAddress.format(v, f.serverHi(), f.serverLo());
        boolean ports = f.protocol() == Packet.PROTO_TCP || f.protocol() == Packet.PROTO_UDP;
        json.begin()
                .timestamp("@timestamp", f.firstSeen())
                .object("event")
                .field("kind", "event")
                .field("dataset", "packwatch.flow")
                .timestamp("start", f.firstSeen())
                .timestamp("end", f.lastSeen())
                .field("duration", f.lastSeen() - f.firstSeen())
                .field("reason", reason.label())
                .end()
                .object("observer").field("name", observer).field("product", "packwatch").field("type", "sensor").end();
        endpoint("source", client, ports ? f.clientPort() : -1, f, Flow.FROM_CLIENT);
        endpoint("destination", server, ports ? f.serverPort() : -1, f, Flow.FROM_SERVER);
        json.object("network")
                .field("transport", transport(f.protocol()))
                .field("iana_number", Integer.toString(f.protocol()))
                .field("type", v == 4 ? "ipv4" : "ipv6")
                .field("direction", direction.of(v, f.clientHi(), f.clientLo(), f.serverHi(), f.serverLo()))
                .field("community_id", communityId.of(v, f.clientHi(), f.clientLo(), f.clientPort(),
                        f.serverHi(), f.serverLo(), f.serverPort(), f.protocol()))
                .field("packets", f.packets(0) + f.packets(1))
                .field("bytes", f.ipBytes(0) + f.ipBytes(1));
        if (f.vlan() >= 0) {
            json.object("vlan").field("id", Integer.toString(f.vlan())).end();
        }
        if (f.innerVlan() >= 0) {
            json.object("inner").object("vlan").field("id", Integer.toString(f.innerVlan())).end().end();
        }
        json.end();
        json.object("dlp").object("flow").field("id", f.id());
        if (f.protocol() == Packet.PROTO_TCP) {
            json.field("state", f.connState())
                    .field("history", f.history())
                    .field("midstream", f.midstream())
                    .field("missed_bytes", f.missedBytes())
                    .field("truncated", f.truncated())
                    .field("overlap_conflict_bytes", f.overlapConflicts())
                    .field("client_stream_bytes", f.deliveredBytes(Flow.FROM_CLIENT))
                    .field("server_stream_bytes", f.deliveredBytes(Flow.FROM_SERVER));
        }
        json.end().end().end();
        sink.write(json);
    }

    private void endpoint(String name, String ip, int port, Flow f, int dir) {
        json.object(name).field("ip", ip);
        if (port >= 0) {
            json.field("port", port);
        }
        json.field("packets", f.packets(dir)).field("bytes", f.ipBytes(dir)).field("payload_bytes", f.payloadBytes(dir))
                .end();
    }

    static String transport(int protocol) {
        switch (protocol) {
            case Packet.PROTO_TCP:
                return "tcp";
            case Packet.PROTO_UDP:
                return "udp";
            case Packet.PROTO_ICMP:
                return "icmp";
            case Packet.PROTO_ICMPV6:
                return "ipv6-icmp";
            case 132:
                return "sctp";
            case 47:
                return "gre";
            case 50:
                return "esp";
            default:
                return Integer.toString(protocol);
        }
    }
}
