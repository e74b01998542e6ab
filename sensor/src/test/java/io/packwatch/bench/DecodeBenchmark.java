package io.packwatch.bench;

import io.packwatch.capture.Frame;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link PacketDecoder#decode}: link, IP and TCP/UDP headers (plus checksum verification unless
 * {@code checksums=no}) of the first {@value #FRAMES} frames of a generated mixed pcap, held in memory. The
 * score is packets/s; {@code decode:bytes} is frame bytes/s (MB/s = that / 1e6). The generated checksums are
 * all correct, so {@code auto} keeps verifying after its sample: it costs what {@code yes} would.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {
    static final int FRAMES = 65536;

    @Param({"auto", "no"})
    public String checksums;

    private Frame[] frames;
    private long frameBytes;
    private Counters counters;
    private PacketDecoder decoder;
    private final Packet packet = new Packet();

    @Setup(Level.Trial)
    public void setup() throws IOException {
        frames = BenchPcaps.frames("64m", FRAMES);
        frameBytes = BenchPcaps.bytes(frames);
        counters = new Counters();
        decoder = BenchPcaps.decoder(ChecksumMode.parse(checksums), counters);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (counters.get("decode.tcp") == 0) {
            throw new IllegalStateException("nothing decoded as TCP: the benchmark measured a failure path");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(ByteCount bytes, Blackhole bh) {
        long acc = 0;
        for (Frame f : frames) {
            if (decoder.decode(f, packet)) {
                acc += packet.payloadLength ^ packet.srcPort;
            }
        }
        bytes.bytes += frameBytes;
        bh.consume(acc);
    }
}
