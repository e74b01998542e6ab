package io.packwatch.bench;

import io.packwatch.inspect.entropy.ByteStats;
import io.packwatch.inspect.entropy.DataClass;
import io.packwatch.inspect.entropy.DataClassifier;
import io.packwatch.testkit.InspectionSamples;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ByteStats#update} over 64 KiB of random bytes, once right after a reset (the bit-pattern counters run
 * on the first {@value ByteStats#BIT_SAMPLE} bytes) and once in steady state (they are done, as for all but the
 * head of a large object), and {@link DataClassifier#classify} of 64 KiB of statistics (O(256) work per call).
 * Scores are ops/s; {@code :bytes} is bytes/s (MB/s = that / 1e6).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EntropyBenchmark {
    static final int LENGTH = 64 * 1024;

    private byte[] buf;
    private byte[] text;
    private final ByteStats fresh = new ByteStats();
    private final ByteStats steady = new ByteStats();
    private final ByteStats full = new ByteStats();
    private final DataClassifier classifier = new DataClassifier();

    @Setup(Level.Trial)
    public void setup() {
        buf = new byte[LENGTH];
        new Random(1).nextBytes(buf);
        text = InspectionSamples.text(3, LENGTH);
        steady.update(buf, 0, LENGTH);
        full.update(buf, 0, LENGTH);
    }

    /** reset + update of 64 KiB: the cost of a 64 KiB object's statistics. */
    @Benchmark
    public long update64kFromReset(ByteCount bytes) {
        bytes.bytes += LENGTH;
        fresh.reset();
        fresh.update(buf, 0, LENGTH);
        return fresh.count();
    }

    /** update of 64 KiB after the bit-pattern sample is full (later bytes of a large object). */
    @Benchmark
    public long update64kSteady(ByteCount bytes) {
        bytes.bytes += LENGTH;
        steady.update(buf, 0, LENGTH);
        return steady.count();
    }

    /**
     * reset + the histogram alone over 64 KiB, what every window pays ({@link ByteStats#updateHistogram}); on the
     * random bytes and on text, whose runs of one byte value defeat a single table.
     */
    @Benchmark
    public long histogram64k(ByteCount bytes) {
        return histogram(bytes, buf);
    }

    @Benchmark
    public long histogram64kText(ByteCount bytes) {
        return histogram(bytes, text);
    }

    private long histogram(ByteCount bytes, byte[] data) {
        bytes.bytes += LENGTH;
        fresh.reset();
        fresh.updateHistogram(data, 0, LENGTH);
        return fresh.count();
    }

    @Benchmark
    public DataClass classify() {
        return classifier.classify(full);
    }
}
