package io.packwatch.bench;

import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.DefragConfig;
import io.packwatch.decode.Defragmenter;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.stats.Counters;
import io.packwatch.testkit.MixedPcapGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Capture input for the benchmarks: a generated mixed pcap, on disk or read into memory. */
final class BenchPcaps {
    /** The default of {@code capture.max_frame_bytes}. */
    static final int MAX_FRAME = 262144;

    private BenchPcaps() {
    }

    /**
     * Writes a mixed-traffic pcap (interleaved TCP flows plus some UDP, seed 1) of about {@code size} bytes
     * ("64m" = 64 MiB) to a new temp file; the caller deletes it.
     */
    static Path generate(String size) throws IOException {
        Path file = Files.createTempFile("packwatch-bench-", ".pcap");
        MixedPcapGenerator.main(new String[] {"--out", file.toString(), "--size", size, "--seed", "1"});
        return file;
    }

    /** Generates a pcap of {@code size}, keeps its first {@code count} frames in memory and deletes the file. */
    static Frame[] frames(String size, int count) throws IOException {
        Path file = generate(size);
        try {
            return read(file, count);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The first {@code count} frames of {@code pcap}, each in its own exactly sized array. */
    static Frame[] read(Path pcap, int count) throws IOException {
        Frame[] frames = new Frame[count];
        Frame f = new Frame();
        int n = 0;
        try (PacketSource source = PcapFileSource.open(pcap, MAX_FRAME)) {
            while (n < count && source.next(f)) {
                Frame copy = new Frame();
                copy.data = Arrays.copyOf(f.data, f.length);
                copy.length = f.length;
                copy.wireLength = f.wireLength;
                copy.tsNanos = f.tsNanos;
                copy.linkType = f.linkType;
                copy.origin = f.origin;
                frames[n++] = copy;
            }
        }
        if (n < count) {
            throw new IllegalStateException(pcap + " has only " + n + " frames; the benchmark needs " + count);
        }
        return frames;
    }

    /** Captured bytes of all {@code frames}. */
    static long bytes(Frame[] frames) {
        long sum = 0;
        for (Frame f : frames) {
            sum += f.length;
        }
        return sum;
    }

    /** The decoder as the sensor builds it with default defrag settings. */
    static PacketDecoder decoder(ChecksumMode mode,
                                                     Counters counters) {
        return new PacketDecoder(mode, new Defragmenter(
                new DefragConfig(OverlapPolicy.BSD, 30_000_000_000L, 65536,
                        32L << 20), counters), counters);
    }
}
