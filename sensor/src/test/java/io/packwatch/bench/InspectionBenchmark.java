package io.packwatch.bench;

import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.InspectConfig;
import io.packwatch.inspect.Inspection;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import io.packwatch.testkit.InspectionSamples;
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
 * One object through the whole inspector, as a flow worker runs it: opened, written in 1448-byte
 * segments (a TCP payload), closed with its verdict. Text objects of {@code size} bytes: at 512 B the
 * score is the fixed cost of an object, at 64 KiB mostly the window's per-byte cost. Scores are
 * objects/s; {@code :bytes} is object bytes/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class InspectionBenchmark {
    private static final int SEGMENT = 1448;

    @Param({"512", "4096", "65536"})
    public int size;

    private Inspection inspection;
    private byte[] text;

    @Setup(Level.Trial)
    public void setup() {
        Counters counters = new Counters();
        inspection = new Inspection(new InspectConfig(64 * 1024, 128L << 20, true, 10L << 20, ArchiveLimits.DEFAULTS),
                new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures"))),
                o -> { }, counters);
        text = InspectionSamples.text(5, size);
    }

    @Benchmark
    public void object(ByteCount bytes) {
        ObjectSink sink = inspection.open(null, 0, ObjectContext.STREAM);
        for (int off = 0; off < size; off += SEGMENT) {
            sink.write(text, off, Math.min(SEGMENT, size - off));
        }
        sink.close(0);
        bytes.bytes += size;
    }
}
