package io.packwatch.bench;

import io.packwatch.app.AppLayer;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.capture.Frame;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.InspectConfig;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.Inspection;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import io.packwatch.testkit.Frames;
import io.packwatch.testkit.HttpSamples;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.PcapWriter;
import io.packwatch.testkit.TcpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final FlowConfig FLOWS = new FlowConfig(1000, 30_000_000_000L, 300_000_000_000L,
            10_000_000_000L, 60_000_000_000L, 60_000_000_000L);
    private static final ReassemblyConfig REASSEMBLY =
            new ReassemblyConfig(OverlapPolicy.BSD, 0, 256L << 20, 4L << 20, 2048);

    @Param({"http", "raw"})
    public String app;

    /**
     * inspect.window: 256 measures the parsing (format detection reads only each object's first 256 bytes);
     * 65536, the default, adds the cost of inspecting every body on its own, which is what HTTP parsing buys.
     */
    @Param({"256"})
    public int window;

    private Frame[] frames;
    private long payloadBytes;
    private final Packet packet = new Packet();
    private Counters counters;
    private PacketDecoder decoder;
    private FlowTable table;
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
        Path pcap = Files.createTempFile("packwatch-http-bench-", ".pcap");
        try {
            try (PcapWriter w = PcapWriter.create(pcap, Frames.DLT_EN10MB)) {
                for (io.packwatch.testkit.Packet p : t.packets()) {
                    w.write(p);
                }
            }
            frames = BenchPcaps.read(pcap, t.packets().size());
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    @Setup(Level.Invocation)
    public void freshTable() {
        counters = new Counters();
        decoder = BenchPcaps.decoder(ChecksumMode.AUTO, counters);
        InspectConfig config = new InspectConfig(window, 128L << 20, true, 10L << 20, ArchiveLimits.DEFAULTS);
        Inspection inspection = new Inspection(config,
                new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures"))),
                o -> { }, counters);
        AppLayer appLayer = app.equals("http") ? new AppLayer(inspection,
                new HttpLayer(new HttpConfig(8192, 65536, 64L << 20, 1000, 3, 64), counters),
                new TlsSession.Stats(counters), 16384) : new AppLayer(inspection, null, null, 16384);
        table = new FlowTable(FLOWS, REASSEMBLY, appLayer::forFlow, (f, r) -> { }, counters);
        requests = counters.counter("http.requests");
    }

    @Benchmark
    public void run(ByteCount bytes, Blackhole bh) {
        for (Frame f : frames) {
            if (decoder.decode(f, packet)) {
                table.process(packet, !decoder.shouldReject(packet));
            }
        }
        table.flush();
        if (app.equals("http") && requests.get() != 200) {
            throw new IllegalStateException("parsed " + requests.get() + " requests, not 200");
        }
        bytes.bytes += payloadBytes;
        bh.consume(counters);
    }
}
