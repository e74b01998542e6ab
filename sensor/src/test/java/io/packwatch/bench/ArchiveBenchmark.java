package io.packwatch.bench;

import io.packwatch.inspect.Detection;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.NestedInspector;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
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
 * What an object with a validated format costs beyond detection: decoding its layers (each up to
 * 64 KiB), detecting again in each, and listing the innermost archive, per real-tool sample.
 * {@code detect} is the detector chain alone on the same window, for comparison; the difference is
 * the price of nesting and listing. Microseconds per object.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ArchiveBenchmark {
    static final int WINDOW = 64 * 1024;

    @Param({"archive/docs.tar.gz", "archive/docs.tar.bz2", "archive/docs.tar.xz", "archive/docs.tar.zst",
        "archive/docs.tar.gz.gz", "archive/docs.zip.gz", "archive/upload.json", "art/passwd.bz2", "art/passwd.zip",
        "formats/cli.7z", "formats/hand-v5.rar", "formats/cli.cab", "archive/many.zip", "archive/zeros.gz"})
    public String sample;

    private EncodedArchiveDetector detector;
    private NestedInspector nested;
    private byte[] window;
    private boolean complete;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        detector = new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures")));
        nested = new NestedInspector(ArchiveLimits.DEFAULTS, detector, new Counters());
        byte[] s = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources").resolve(sample));
        window = Arrays.copyOf(s, Math.min(s.length, WINDOW));
        complete = s.length <= WINDOW;
        if (detectAndNest() == null) {
            throw new IllegalStateException(sample + " has no layers to follow: the benchmark would measure nothing");
        }
    }

    @Benchmark
    public List<Detection> detect() {
        return detector.detect(window, 0, window.length, complete);
    }

    @Benchmark
    public NestedInspector.Result detectAndNest() {
        List<Detection> ds = detector.detect(window, 0, window.length, complete);
        return nested.inspect(window, window.length, complete, ds.get(0));
    }
}
