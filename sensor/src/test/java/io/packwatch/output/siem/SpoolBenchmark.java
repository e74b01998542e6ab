package io.packwatch.output.siem;

import io.packwatch.config.Settings;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The disk spool: {@code append} with and without fsync (alerts/s into the spool while the SIEM is down), and
 * {@code replay}: a forwarder started on a spool of {@value #RECORDS} CEF alerts (about 1 KiB each) sends them
 * all to a TCP receiver on loopback that counts octet-counted frames; the score is microseconds per alert
 * replayed, from the start of the forwarder to the last frame received (1e6 / score = alerts/s).
 * Run: {@code sensor/bin/bench 'Spool.*append'} and {@code sensor/bin/bench 'Spool.*replay' -p fsync=false}.
 */
@Fork(1)
@State(Scope.Thread)
public class SpoolBenchmark {
    static final int RECORDS = 20_000;

    @Param({"false", "true"})
    public boolean fsync;

    private Path dir;
    private Spool spool;
    private byte[] message;
    private ServerSocket sink;
    private final AtomicLong frames = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws IOException {
        message = new CefFormatter(new SyslogHeader(16, "sensor1", "42"), "1.0")
                .format(SampleAlerts.correlated("a1"), io.packwatch.output.Clip.NONE);
        sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::countFrames, "sink");
        t.setDaemon(true);
        t.start();
    }

    @Setup(Level.Iteration)
    public void fresh() throws IOException {
        dir = Files.createTempDirectory("pw-spool-bench");
        spool = new Spool(dir.resolve("t"), 1L << 40, 4 << 20, fsync, new SiemStats());
    }

    @TearDown(Level.Iteration)
    public void clean() throws IOException {
        spool.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        sink.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public boolean append() {
        return spool.append(message);
    }

    /** Runs with fsync=false only: replay reads, and fsync applies to appends. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @OperationsPerInvocation(RECORDS)
    public long replay() throws Exception {
        for (int i = 0; i < RECORDS; i++) {
            spool.append(message);
        }
        spool.close();
        long start = frames.get();
        Settings s = new Settings.Builder()
                .set("siem.format", "cef", "bench")
                .set("siem.spool.path", dir.toString(), "bench")
                .build("bench");
        // the forwarder's spool directory for this target is dir/<slug>: move ours there
        SiemTarget target = SiemTarget.parse("tcp://127.0.0.1:" + sink.getLocalPort(), SiemFormat.CEF, Framing.OCTET_COUNTING);
        Files.move(dir.resolve("t"), dir.resolve(target.slug()));
        SiemForwarder f = SiemForwarder.fromSettings(s, List.of(target.toString()), null, new Counters(),
                new PrintStream(PrintStream.nullOutputStream()));
        while (frames.get() - start < RECORDS) {
            Thread.sleep(1); // two cores: leave the CPU to the sender and the sink
        }
        f.close();
        Files.move(dir.resolve(target.slug()), dir.resolve("t"));
        spool = new Spool(dir.resolve("t"), 1L << 40, 4 << 20, false, new SiemStats());
        return frames.get();
    }

    private void countFrames() {
        while (!sink.isClosed()) {
            try (Socket s = sink.accept(); InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 1 << 16)) {
                while (true) {
                    int len = 0;
                    int c;
                    while ((c = in.read()) != ' ') {
                        if (c < 0) {
                            break;
                        }
                        len = len * 10 + c - '0';
                    }
                    if (c < 0) {
                        break;
                    }
                    in.skipNBytes(len);
                    frames.incrementAndGet();
                }
            } catch (IOException e) {
                if (!sink.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
