package io.packwatch.inspect;

import io.packwatch.inspect.format.Bin;
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
 * What recognizing the protocols encrypted by design costs per 64 KiB window of ciphertext that is none of them
 * (random bytes: every search runs to its end and finds nothing), in microseconds per window. {@link #of} runs for
 * every stream object (TLS and OpenVPN from the first byte, the SSH banner, TLS records chaining from inside);
 * {@link #openvpnInside} and {@link #smbInside} for streams whose start was not seen and whose bytes are not text;
 * {@link #sshPackets} only where the statistics call such a stream encrypted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProtocolHintBenchmark {
    private static final int WINDOW = 64 * 1024;

    private byte[] window;
    private long[] histogram;

    @Setup(Level.Trial)
    public void setup() {
        window = new byte[WINDOW];
        new Random(1).nextBytes(window);
        histogram = Bin.histogram(window, 0, WINDOW);
        if (ProtocolHint.of(window, WINDOW, false, histogram) != null || ProtocolHint.openvpnInside(window, WINDOW)
                || ProtocolHint.smbInside(window, WINDOW) || ProtocolHint.sshPackets(window, WINDOW)) {
            throw new IllegalStateException("random bytes taken for a protocol: the benchmark would measure a hit");
        }
    }

    @Benchmark
    public String of() {
        return ProtocolHint.of(window, WINDOW, false, histogram);
    }

    @Benchmark
    public boolean openvpnInside() {
        return ProtocolHint.openvpnInside(window, WINDOW);
    }

    @Benchmark
    public boolean smbInside() {
        return ProtocolHint.smbInside(window, WINDOW);
    }

    @Benchmark
    public boolean sshPackets() {
        return ProtocolHint.sshPackets(window, WINDOW);
    }
}
