package io.packwatch.output;

import io.packwatch.correlate.ObjectReport;
import io.packwatch.decode.NetworkDirection;
import io.packwatch.flow.FlowObserver;

/**
 * The record writers of one worker thread. Each has its own JSON buffer; the sink they share
 * writes whole lines atomically.
 */
public final class RecordWriters {
    private final FlowRecordWriter flows;
    private final ObjectRecordWriter objects;

    public RecordWriters(RecordSink sink, String observer, NetworkDirection direction, int communityIdSeed) {
        FlowFields fields = new FlowFields(observer, direction, new CommunityId(communityIdSeed));
        this.flows = new FlowRecordWriter(sink, fields);
        this.objects = new ObjectRecordWriter(sink, fields);
    }

    public FlowObserver flows() {
        return flows;
    }

    public ObjectReport objects() {
        return objects;
    }
}
