package io.packwatch.bench;

import io.packwatch.app.RawStreamCounter;
import io.packwatch.capture.Frame;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowObserver;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode plus {@link FlowTable#process} (flow tracking and TCP reassembly into a {@link RawStreamCounter}) of
 * the first {@value #FRAMES} frames of a generated mixed pcap, held in memory, with the default config; each
 * operation ends with {@link FlowTable#flush()}, so every flow and stream is also closed. A fresh table per
 * iteration. The score is packets/s; {@code decodeAndTrack:bytes} is frame bytes/s (MB/s = that / 1e6).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FlowReassemblyBenchmark {
    static final int FRAMES = 65536;
    private static final FlowConfig FLOWS = new FlowConfig(1_000_000, 30_000_000_000L, 300_000_000_000L,
            10_000_000_000L, 60_000_000_000L, 60_000_000_000L);
    private static final ReassemblyConfig REASSEMBLY =
            new ReassemblyConfig(OverlapPolicy.BSD, 64L << 20, 256L << 20, 4L << 20, 2048);

    private Frame[] frames;
    private long frameBytes;
    private Counters counters;
    private PacketDecoder decoder;
    private FlowTable table;
    private Counter flowsCreated;
    private Counter streamBytes;
    private final Packet packet = new Packet();

    @Setup(Level.Trial)
    public void load() throws IOException {
        frames = BenchPcaps.frames("64m", FRAMES);
        frameBytes = BenchPcaps.bytes(frames);
    }

    @Setup(Level.Iteration)
    public void freshTable() {
        counters = new Counters();
        decoder = BenchPcaps.decoder(ChecksumMode.AUTO, counters);
        RawStreamCounter consumer = new RawStreamCounter(counters);
        FlowObserver ignore = (flow, reason) -> { };
        table = new FlowTable(FLOWS, REASSEMBLY, flow -> consumer, ignore, counters);
        flowsCreated = counters.counter("flow.created");
        streamBytes = counters.counter("app.raw.bytes");
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (flowsCreated.get() == 0 || streamBytes.get() == 0) {
            throw new IllegalStateException("no flows or no stream bytes: the benchmark measured a failure path");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeAndTrack(ByteCount bytes, Blackhole bh) {
        for (Frame f : frames) {
            if (decoder.decode(f, packet)) {
                table.process(packet, !decoder.shouldReject(packet));
            }
        }
        table.flush();
        bytes.bytes += frameBytes;
        bh.consume(streamBytes.get());
    }
}
