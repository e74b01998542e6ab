package io.packwatch.output;

import io.packwatch.decode.Packet;
import io.packwatch.flow.EndReason;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowObserver;

/** Writes one {@code packwatch.flow} record per ended flow, in the spirit of Zeek's conn.log. */
public final class FlowRecordWriter implements FlowObserver {
    private final RecordSink sink;
    private final FlowFields fields;
    private final JsonWriter json = new JsonWriter();

    FlowRecordWriter(RecordSink sink, FlowFields fields) {
        this.sink = sink;
        this.fields = fields;
    }

    @Override
    public void onFlowEnd(Flow f, EndReason reason) {
        json.begin()
                .timestamp("@timestamp", f.firstSeen())
                .object("event")
                .field("kind", "event")
                .field("dataset", "packwatch.flow")
                .timestamp("start", f.firstSeen())
                .timestamp("end", f.lastSeen())
                .field("duration", f.lastSeen() - f.firstSeen())
                .field("reason", reason.label())
                .end();
        fields.observer(json);
        for (int side = Flow.FROM_CLIENT; side <= Flow.FROM_SERVER; side++) {
            fields.endpoint(json, side == Flow.FROM_CLIENT ? "source" : "destination", f, side);
            json.field("packets", f.packets(side)).field("bytes", f.ipBytes(side))
                    .field("payload_bytes", f.payloadBytes(side)).end();
        }
        fields.network(json, f, Flow.FROM_CLIENT);
        json.field("packets", f.packets(0) + f.packets(1)).field("bytes", f.ipBytes(0) + f.ipBytes(1)).end();
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
}
