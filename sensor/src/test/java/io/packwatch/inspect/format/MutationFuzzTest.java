package io.packwatch.inspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.packwatch.inspect.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Robustness: mutated samples never make the detector throw or take long. */
class MutationFuzzTest {
    private static final int ITERATIONS = 3_000;

    /** A detector per thread, as each flow worker has its own (it reuses its scan plan). */
    private static final ThreadLocal<SignatureDetector> DETECTORS =
            ThreadLocal.withInitial(() -> SignatureDetector.fromDirectory(Fixtures.signatureDir()));

    /**
     * 3,000 random mutations of each sample: no exception, and every detection lies inside the input.
     * (Time is the Jazzer targets' and the benchmarks' business, not a unit test's.)
     */
    @Test
    void mutationsNeverThrowAndStayInBounds() {
        List<byte[]> samples = new ArrayList<>();
        for (String name : Fixtures.toolSamples().keySet()) {
            byte[] s = Fixtures.sample(name);
            samples.add(s.length > 2048 ? java.util.Arrays.copyOf(s, 2048) : s);
        }
        for (Map.Entry<String, byte[]> e : Fixtures.javaSamples().entrySet()) {
            byte[] s = e.getValue();
            samples.add(s.length > 2048 ? java.util.Arrays.copyOf(s, 2048) : s);
        }
        AtomicLong calls = new AtomicLong();
        AtomicLong outOfBounds = new AtomicLong();
        IntStream.range(0, samples.size()).parallel().forEach(i -> {
            byte[] orig = samples.get(i);
            Random r = new Random(1000 + i);
            byte[] m = new byte[orig.length];
            for (int iter = 0; iter < ITERATIONS; iter++) {
                System.arraycopy(orig, 0, m, 0, orig.length);
                int edits = 1 + r.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    // half the edits hit the first 64 bytes, where the headers are
                    int at = r.nextBoolean() ? r.nextInt(Math.min(64, m.length)) : r.nextInt(m.length);
                    switch (r.nextInt(3)) {
                        case 0 -> m[at] ^= (byte) (1 << r.nextInt(8));
                        case 1 -> m[at] = (byte) r.nextInt(256);
                        default -> m[at] = (byte) (r.nextBoolean() ? 0 : 0xFF);
                    }
                }
                int len = r.nextInt(8) == 0 ? 1 + r.nextInt(m.length) : m.length;
                for (Detection d : DETECTORS.get().detect(m, 0, len, r.nextBoolean())) {
                    if (d.offset() < 0 || d.offset() >= len) {
                        outOfBounds.incrementAndGet();
                    }
                }
                calls.incrementAndGet();
            }
        });
        assertEquals((long) ITERATIONS * samples.size(), calls.get());
        assertEquals(0, outOfBounds.get());
    }
}
