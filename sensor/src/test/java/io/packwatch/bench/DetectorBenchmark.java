package io.packwatch.bench;

import io.packwatch.inspect.Detection;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.format.Bin;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.support.Repo;
import io.packwatch.testkit.InspectionSamples;
import java.io.IOException;
import java.nio.file.Files;
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
 * Format detection of one object window: each validator on its real-tool sample (the sample
 * padded to the window size with text, so the scan over the rest is included), and the whole
 * detector, with and without text encodings, on 64 KiB of plain text and of random bytes (ciphertext, where the
 * histogram rules out no format) where nothing is found.
 * The sensor counts each window's bytes once and hands the histogram to the detectors
 * ({@code *Counted}: what a window costs the sensor, its classification's histogram aside); the
 * plain methods count it themselves. Scores are windows/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DetectorBenchmark {
    static final int WINDOW = 64 * 1024;

    @Param({"cli.gz", "py.zlib", "cli.bz2", "cli.zip", "hand-v4.rar", "hand-v5.rar", "cli.7z", "cli.xz", "cli.lzma",
        "cli.zst", "cli.lz4", "cli.tar", "cli.cab", "cli.Z", "cli.arj", "cli-newc.cpio", "cli.a", "text", "random"})
    public String sample;

    /** Window bytes: the default window, or a small one where the per-call cost shows. */
    @Param({"65536"})
    public int window;

    private SignatureDetector formats;
    private EncodedArchiveDetector withEncodings;
    private byte[] bytes;
    private long[] histogram;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        formats = SignatureDetector.fromDirectory(Repo.root().resolve("signatures"));
        withEncodings = new EncodedArchiveDetector(formats);
        bytes = InspectionSamples.text(3, window);
        if (sample.equals("random")) {
            new java.util.Random(3).nextBytes(bytes);
        } else if (!sample.equals("text")) {
            byte[] s = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/formats").resolve(sample));
            System.arraycopy(s, 0, bytes, 0, Math.min(s.length, window));
            if (formats.detect(bytes, 0, window, false).isEmpty()) {
                throw new IllegalStateException(sample + " is not detected: the benchmark would measure a miss");
            }
        }
        histogram = Bin.histogram(bytes, 0, window);
    }

    @Benchmark
    public List<Detection> formats() {
        return formats.detect(bytes, 0, window, false);
    }

    @Benchmark
    public List<Detection> formatsAndEncodings() {
        return withEncodings.detect(bytes, 0, window, false);
    }

    @Benchmark
    public List<Detection> formatsCounted() {
        return formats.detect(bytes, 0, window, false, histogram);
    }

    @Benchmark
    public List<Detection> formatsAndEncodingsCounted() {
        return withEncodings.detect(bytes, 0, window, false, histogram);
    }
}
