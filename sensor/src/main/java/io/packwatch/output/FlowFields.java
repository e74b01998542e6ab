package io.packwatch.output;

import io.packwatch.decode.IpAddress;
import io.packwatch.decode.NetworkDirection;
import io.packwatch.decode.Packet;
import io.packwatch.flow.Flow;

/** The ECS fields every record about a flow shares: observer, endpoints and network context. */
final class FlowFields {
    private final String observer;
    private final NetworkDirection direction;
    private final CommunityId communityId;

    FlowFields(String observer, NetworkDirection direction, CommunityId communityId) {
        this.observer = observer;
        this.direction = direction;
        this.communityId = communityId;
    }

    void observer(JsonWriter json) {
        json.object("observer").field("name", observer).field("product", "packwatch").field("type", "sensor").end();
    }

    /** Opens {@code name} ({@code source} or {@code destination}) with the ip and port of one side; the caller ends it. */
    void endpoint(JsonWriter json, String name, Flow f, int side) {
        boolean client = side == Flow.FROM_CLIENT;
        json.object(name).field("ip", IpAddress.format(f.ipVersion(), client ? f.clientHi() : f.serverHi(),
                client ? f.clientLo() : f.serverLo()));
        if (hasPorts(f)) {
            json.field("port", client ? f.clientPort() : f.serverPort());
        }
    }

    /**
     * Opens {@code network} with transport, type, Community ID and the direction of data sent by
     * {@code sender}; the caller adds its own fields and ends it.
     */
    void network(JsonWriter json, Flow f, int sender) {
        int v = f.ipVersion();
        boolean fromClient = sender == Flow.FROM_CLIENT;
        String dir = fromClient
                ? direction.of(v, f.clientHi(), f.clientLo(), f.serverHi(), f.serverLo())
                : direction.of(v, f.serverHi(), f.serverLo(), f.clientHi(), f.clientLo());
        json.object("network")
                .field("transport", transport(f.protocol()))
                .field("iana_number", Integer.toString(f.protocol()))
                .field("type", v == 4 ? "ipv4" : "ipv6")
                .field("direction", dir)
                .field("community_id", communityId.of(v, f.clientHi(), f.clientLo(), f.clientPort(),
                        f.serverHi(), f.serverLo(), f.serverPort(), f.protocol()));
        if (f.vlan() >= 0) {
            json.object("vlan").field("id", Integer.toString(f.vlan())).end();
        }
        if (f.innerVlan() >= 0) {
            json.object("inner").object("vlan").field("id", Integer.toString(f.innerVlan())).end().end();
        }
    }

    private static boolean hasPorts(Flow f) {
        return f.protocol() == Packet.PROTO_TCP || f.protocol() == Packet.PROTO_UDP;
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
