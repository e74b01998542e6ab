package io.packwatch.bench;

import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link PcapFileSource}: one operation opens a generated pcap (warm in the page cache) and reads every frame
 * of it into one reused {@link Frame}. Results: {@code readAll} = whole-file passes/s; {@code readAll:packets} =
 * frames/s; {@code readAll:bytes} = captured frame bytes/s (MB/s = that / 1e6; the file itself, with its
 * 16-byte record headers, goes by at passes/s × file size). {@code -p size=600m} reads a bigger file.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PcapReaderBenchmark {
    @Param("64m")
    public String size;

    private Path pcap;
    private final Frame frame = new Frame();

    @Setup(Level.Trial)
    public void generate() throws IOException {
        pcap = BenchPcaps.generate(size);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(pcap);
    }

    @Benchmark
    public long readAll(PacketCount packets, ByteCount bytes, Blackhole bh) throws IOException {
        long n = 0;
        long b = 0;
        long ts = 0;
        try (PacketSource source = PcapFileSource.open(pcap, BenchPcaps.MAX_FRAME)) {
            while (source.next(frame)) {
                n++;
                b += frame.length;
                ts ^= frame.tsNanos;
            }
            if (source.problem() != null) {
                throw new IllegalStateException(source.problem());
            }
        }
        packets.packets += n;
        bytes.bytes += b;
        bh.consume(ts);
        return n;
    }
}
