package io.packwatch.bench;

import io.packwatch.app.AppLayer;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.inspect.Inspection;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import io.packwatch.testkit.HttpSamples;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.TcpSession;
import java.io.IOException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * HTTP parsing throughput: decode, reassembly and the application layer plus inspection of a keep-alive flow
 * of 200 uploads (32 KiB text bodies, every tenth a gzip, every twentieth multipart, every twentieth
 * gzip Content-Encoding'd) held in memory as frames. {@code app=http} parses HTTP; {@code app=raw} inspects each
 * direction as one raw object, the same work without HTTP. The score is operations (whole captures) per second;
 * {@code run:bytes} is the stream payload rate in bytes/s (MB/s = that / 1e6). {@code -p window=65536} adds
 * full inspection of each body.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HttpBenchmark {

    @Param({"http", "raw"})
    public String app;

    /**
     * inspect.window: 256 measures the parsing (format detection reads only each object's first 256 bytes);
     * 65536, the default, adds the cost of inspecting every body on its own, which is what HTTP parsing buys.
     */
    @Param({"256"})
    public int window;

    private SessionReplay session;
    private long payloadBytes;
    private Counters counters;
    private Counter requests;

    @Setup(Level.Trial)
    public void load() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), PacketBuilder.ip("10.1.0.5"), 40000,
                PacketBuilder.ip("203.0.113.9"), 80, 1, 2, 0).stepNanos(10_000).ackEvery(8);
        t.handshake();
        byte[] text = InspectionSamples.text(5, 32 * 1024);
        for (int i = 0; i < 200; i++) {
            byte[] req;
            if (i % 20 == 0) {
                req = HttpSamples.request("POST", "/m" + i, "Content-Type: multipart/form-data; boundary="
                        + HttpSamples.BOUNDARY + "\r\n", HttpSamples.multipart(HttpSamples.MULTIPART_FILES));
            } else if (i % 20 == 5) {
                req = HttpSamples.request("POST", "/e" + i, "Content-Encoding: gzip\r\n", InspectionSamples.gzip(text));
            } else {
                req = HttpSamples.request("POST", "/u" + i, "Content-Type: text/plain\r\n",
                        i % 10 == 3 ? HttpSamples.GZ : text);
            }
            t.sendClient(req);
            t.sendServer(HttpSamples.ok("ok " + i + "\n"));
            payloadBytes += req.length;
        }
        t.closeFromClient();
        session = new SessionReplay(t);
    }

    @Setup(Level.Invocation)
    public void freshTable() {
        counters = new Counters();
        Inspection inspection = SessionReplay.inspection(window, counters);
        AppLayer appLayer = app.equals("http") ? new AppLayer(inspection,
                new HttpLayer(new HttpConfig(8192, 65536, 64L << 20, 1000, 3, 64), counters),
                new TlsSession.Stats(counters), 16384) : new AppLayer(inspection, null, null, 16384);
        session.reset(appLayer, counters);
        requests = counters.counter("http.requests");
    }

    @Benchmark
    public void run(ByteCount bytes, Blackhole bh) {
        session.replay();
        if (app.equals("http") && requests.get() != 200) {
            throw new IllegalStateException("parsed " + requests.get() + " requests, not 200");
        }
        bytes.bytes += payloadBytes;
        bh.consume(counters);
    }
}
