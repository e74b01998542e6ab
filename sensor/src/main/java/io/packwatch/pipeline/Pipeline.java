package io.packwatch.pipeline;

import io.packwatch.app.RawStreamCounter;
import io.packwatch.app.StreamConsumers;
import io.packwatch.app.StreamDumper;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.config.Settings;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.CidrSet;
import io.packwatch.decode.DefragConfig;
import io.packwatch.decode.Defragmenter;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.flow.EndReason;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowObserver;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.output.CommunityId;
import io.packwatch.output.FlowRecordWriter;
import io.packwatch.output.NetworkDirection;
import io.packwatch.output.RecordSink;
import io.packwatch.output.StatsRecordWriter;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the stages for one run, capture to output, and drives packets through them on the
 * calling thread. Each stage gets its config and the run's counters passed in.
 */
public final class Pipeline {
    /** How many internal errors are printed in full before the rest are only counted. */
    private static final int ERRORS_SHOWN = 5;

    private final Settings settings;
    private final Counters counters;
    private final RecordSink sink;
    private final Defragmenter defrag;
    private final PacketDecoder decoder;
    private final FlowTable flows;
    private final StreamDumper dumper;
    private final Counter packets;
    private final Counter bytes;
    private final Counter internalErrors;
    private final Counter flowsActive;
    private long lastPacketNanos;
    private volatile boolean stopRequested;

    public Pipeline(Settings s, Counters counters, RecordSink sink, Path dumpDir) throws IOException {
        this.settings = s;
        this.counters = counters;
        this.sink = sink;
        HeapBudget budget = HeapBudget.fit(s.integer("flow.max_flows"), s.bytes("reassembly.memcap"),
                s.bytes("defrag.memcap"), Runtime.getRuntime().maxMemory());
        if (budget.warning() != null) {
            System.err.println(budget.warning());
        }
        counters.counter("flow.max_flows_effective").set(budget.maxFlows());
        this.defrag = new Defragmenter(new DefragConfig(OverlapPolicy.parse(s.string("defrag.policy")),
                s.nanos("defrag.timeout"), s.integer("defrag.max_datagrams"), budget.defragMemcap()), counters);
        this.decoder = new PacketDecoder(ChecksumMode.parse(s.string("decode.checksum_validation")), defrag, counters);
        this.dumper = dumpDir == null ? null : new StreamDumper(dumpDir);
        List<StreamConsumer> consumers = new ArrayList<>();
        consumers.add(new RawStreamCounter(counters));
        if (dumper != null) {
            consumers.add(dumper);
        }
        StreamConsumer consumer = StreamConsumers.of(consumers);
        FlowObserver observer = s.bool("output.flows")
                ? new FlowRecordWriter(sink, s.string("sensor.name"),
                        new NetworkDirection(CidrSet.parse(s.strings("sensor.home_networks"))),
                        new CommunityId(s.integer("sensor.community_id_seed")))
                : (Flow f, EndReason r) -> { };
        this.flows = new FlowTable(
                new FlowConfig(budget.maxFlows(), s.nanos("flow.timeout.tcp_new"),
                        s.nanos("flow.timeout.tcp_established"), s.nanos("flow.timeout.tcp_closed"),
                        s.nanos("flow.timeout.udp"), s.nanos("flow.timeout.other")),
                new ReassemblyConfig(OverlapPolicy.parse(s.string("reassembly.policy")), s.bytes("reassembly.depth"),
                        budget.reassemblyMemcap(), s.bytes("reassembly.max_ooo_bytes"),
                        s.integer("reassembly.max_ooo_segments")),
                flow -> consumer, observer, counters);
        this.packets = counters.counter("capture.packets");
        this.bytes = counters.counter("capture.bytes");
        this.internalErrors = counters.counter("pipeline.internal_errors");
        this.flowsActive = counters.counter("flow.active_at_end");
    }

    /** Asks {@link #run} to stop after the packet in hand (from a signal handler). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public FlowTable flows() {
        return flows;
    }

    /**
     * Reads {@code source} to its end (or until {@link #requestStop()}), then ends every flow.
     *
     * @param progress told about progress now and then; may be null
     * @param live whether the source is a live interface, whose quiet periods advance time by the clock
     */
    public void run(PacketSource source, Progress progress, boolean live) throws IOException {
        Frame frame = new Frame();
        Packet packet = new Packet();
        long n = 0;
        while (!stopRequested) {
            if (!source.next(frame)) {
                if (source.finished()) {
                    break;
                }
                flows.advanceTime(System.currentTimeMillis() * 1_000_000L);
                continue;
            }
            packets.inc();
            bytes.add(frame.length);
            lastPacketNanos = frame.tsNanos;
            try {
                if (decoder.decode(frame, packet)) {
                    flows.process(packet, !decoder.shouldReject(packet));
                }
            } catch (RuntimeException e) {
                // A bug must cost one packet, not the run: count it, show the first few, go on.
                internalErrors.inc();
                if (internalErrors.get() <= ERRORS_SHOWN) {
                    System.err.println("packwatch: internal error on packet " + packets.get() + " of " + frame.origin
                            + " (please report it): " + e);
                    e.printStackTrace();
                }
            }
            if ((++n & 0x3FFF) == 0 && progress != null) {
                progress.update(source, counters, flows.size());
            }
        }
        flowsActive.set(flows.size());
        flows.flush();
        defrag.flush();
        if (dumper != null) {
            dumper.closeAll();
        }
        if (progress != null) {
            progress.done();
        }
    }

    /** Writes the stats record (when enabled) at the time of the last packet. */
    public void writeStats(long elapsedNanos, String problem) {
        if (settings.bool("output.stats")) {
            long ts = lastPacketNanos != 0 ? lastPacketNanos : System.currentTimeMillis() * 1_000_000L;
            new StatsRecordWriter(sink, settings.string("sensor.name")).write(ts, counters, elapsedNanos, problem);
        }
    }
}
