package io.packwatch.bench;

import io.packwatch.decode.Checksum;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Checksum#sum} over {@code length} random bytes starting at offset {@value #OFFSET} (where a TCP header
 * starts in an Ethernet frame, so the 8-byte loads are unaligned as they are in real use). The score is sums/s;
 * {@code sum:bytes} is bytes/s (MB/s = that / 1e6).
 *
 * <p>C2 compiles {@code sum} inlined into the JMH loop about 2x slower than on its own (JDK 17, seen at 576
 * bytes and up; the early warmup iterations show the faster code). To measure the stand-alone code:
 * {@code sensor/bin/bench Checksum -jvmArgsAppend "-XX:CompileCommand=quiet
 * -XX:CompileCommand=dontinline,io.packwatch.decode.Checksum::sum"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ChecksumBenchmark {
    static final int OFFSET = 34;

    @Param({"20", "576", "1460", "9000"})
    public int length;

    private byte[] buf;

    @Setup(Level.Trial)
    public void setup() {
        buf = new byte[OFFSET + length];
        new Random(1).nextBytes(buf);
    }

    @Benchmark
    public long sum(ByteCount bytes) {
        bytes.bytes += length;
        return Checksum.sum(buf, OFFSET, length, 0);
    }
}
