package io.packwatch.bench;

import io.packwatch.inspect.entropy.CorpusGenerator;
import io.packwatch.inspect.entropy.Lzma2ChunkFinder;
import io.packwatch.inspect.entropy.TrialDecoder;
import io.packwatch.testkit.InspectionSamples;
import java.io.IOException;
import java.util.Arrays;
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
 * {@link TrialDecoder#decode} of one 64 KiB window, the cost the entropy classifier adds per object with no
 * known format and high entropy: on random bytes (ciphertext: every decoder fails, most at their first check)
 * and on each compressed format's stream start past its header (the decoder that matches runs to its 4 KiB
 * budget, the ones tried before it fail). Scores are calls/s.
 *
 * <p>{@link #resync} is {@link TrialDecoder#resync} on the same window, the search for a deflate block start in
 * its first 16 KiB (the default {@code inspect.entropy.resync_scan}): on random bytes and the non-deflate
 * formats it searches all of them and finds nothing, the cost paid per window the statistics call encrypted.
 * {@link #lzma2Chunks} is the part of it that looks for an xz chunk header, over the whole window.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TrialDecodeBenchmark {
    static final int WINDOW = 64 * 1024;

    @Param({"random", "deflate", "bzip2", "xz", "lzma", "zstd", "lz4"})
    public String input;

    private final TrialDecoder decoder = new TrialDecoder();
    private byte[] window;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (input.equals("random")) {
            window = new byte[WINDOW];
            new Random(1).nextBytes(window);
        } else {
            byte[] packed = CorpusGenerator.compress(input, InspectionSamples.text(3, 1 << 20), "bench");
            int start = CorpusGenerator.streamStart(input, packed);
            window = Arrays.copyOfRange(packed, start, start + Math.min(WINDOW, packed.length - start));
        }
        boolean decodes = decoder.decode(window, 0, window.length) != null;
        if (decodes == input.equals("random")) {
            throw new IllegalStateException(input + ": decodes=" + decodes + ", the benchmark would measure the wrong path");
        }
    }

    @Benchmark
    public TrialDecoder.Format decode() {
        return decoder.decode(window, 0, window.length);
    }

    @Benchmark
    public TrialDecoder.Format resync() {
        return decoder.resync(window, 0, window.length);
    }

    @Benchmark
    public int lzma2Chunks() {
        return Lzma2ChunkFinder.find(window, 0, window.length);
    }
}
