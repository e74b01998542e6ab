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

    /**
     * {@code words}: prose from a word list; {@code letters}: uniformly random lower-case letters
     * and spaces, as the captures of {@code pcaps/generate.sh mixed} carry. Each call inspects the
     * next {@code size} bytes of a 32 MiB text, so that neither the data nor its branches repeat.
     */
    @Param({"words", "letters"})
    public String text;

    private static final int CORPUS = 32 << 20;
    private Inspection inspection;
    private byte[] corpus;
    private int at;

    @Setup(Level.Trial)
    public void setup() {
        Counters counters = new Counters();
        inspection = new Inspection(new InspectConfig(64 * 1024, 128L << 20, true, 10L << 20, ArchiveLimits.DEFAULTS),
                new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures"))),
                o -> { }, counters);
        corpus = text.equals("words") ? InspectionSamples.text(5, CORPUS) : letters(CORPUS);
    }

    private static byte[] letters(int size) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = r.nextInt(7) == 0 ? (byte) ' ' : (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    @Benchmark
    public void object(ByteCount count) {
        if (at + size > CORPUS) {
            at = 0;
        }
        ObjectSink sink = inspection.open(null, 0, ObjectContext.STREAM);
        for (int off = 0; off < size; off += SEGMENT) {
            sink.write(corpus, at + off, Math.min(SEGMENT, size - off));
        }
        sink.close(0);
        at += size;
        count.bytes += size;
    }
}
