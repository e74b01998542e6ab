package io.packwatch.bench;

import io.packwatch.app.AppLayer;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.inspect.Inspection;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.TcpSession;
import io.packwatch.testkit.WebSocketFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
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
 * WebSocket throughput: one upgraded connection whose client sends 200 masked binary messages of 32 KiB of text
 * (each in two frames) and whose server answers each with a short text, held in memory as frames and run through
 * decode, reassembly, the application layer and inspection. {@code mode=frames} reads WebSocket;
 * {@code mode=raw} has {@code http.websocket} off, so the same bytes after the 101 are one raw object per
 * direction: the difference is what framing, unmasking and one object per message cost. {@code deflate=true}
 * compresses the messages with permessage-deflate and a shared context, as browsers do, so the sensor inflates
 * them too. {@code run:bytes} is the rate of stream payload (wire bytes) in bytes/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class WebSocketBenchmark {
    private static final int MESSAGES = 200;

    @Param({"frames", "raw"})
    public String mode;

    @Param({"false", "true"})
    public boolean deflate;

    /** inspect.window, as in HttpBenchmark: 256 measures the parsing rather than each object's inspection. */
    @Param({"256"})
    public int window;

    private SessionReplay session;
    private long payloadBytes;
    private Counters counters;
    private Counter messages;

    @Setup(Level.Trial)
    public void load() throws IOException {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), PacketBuilder.ip("10.1.0.5"), 40000,
                PacketBuilder.ip("203.0.113.9"), 80, 1, 2, 0).stepNanos(10_000).ackEvery(8);
        t.handshake();
        String extensions = deflate ? "permessage-deflate" : null;
        t.sendClient(WebSocketFrames.upgradeRequest("/ws", extensions));
        t.sendServer(WebSocketFrames.switchingProtocols(extensions));
        byte[] text = InspectionSamples.text(5, 32 * 1024);
        Deflater client = WebSocketFrames.deflater();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] payload = deflate ? WebSocketFrames.compress(client, text) : text;
            int half = payload.length / 2;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int key = 0x5a17c3e1 * (i + 1);
            out.writeBytes(WebSocketFrames.frame(WebSocketFrames.BINARY, false, deflate, key,
                    java.util.Arrays.copyOfRange(payload, 0, half)));
            out.writeBytes(WebSocketFrames.frame(WebSocketFrames.CONTINUATION, true, false, key + 1,
                    java.util.Arrays.copyOfRange(payload, half, payload.length)));
            t.sendClient(out.toByteArray());
            t.sendServer(WebSocketFrames.frame(WebSocketFrames.TEXT, true, false, null,
                    ("ok " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            payloadBytes += out.size();
        }
        client.end();
        t.closeFromClient();
        session = new SessionReplay(t);
    }

    @Setup(Level.Invocation)
    public void freshTable() {
        counters = new Counters();
        Inspection inspection = SessionReplay.inspection(window, counters);
        AppLayer appLayer = new AppLayer(inspection,
                new HttpLayer(new HttpConfig(8192, 65536, 64L << 20, 1000, 3, 64, mode.equals("frames"),
                        HttpConfig.DEFAULT_WEBSOCKET_MEMCAP), counters),
                new TlsSession.Stats(counters), 16384);
        session.reset(appLayer, counters);
        messages = counters.counter("websocket.messages");
    }

    @Benchmark
    public void run(ByteCount bytes, Blackhole bh) {
        session.replay();
        long expected = mode.equals("frames") ? 2L * MESSAGES : 0;
        if (messages.get() != expected) {
            throw new IllegalStateException("read " + messages.get() + " messages, not " + expected);
        }
        bytes.bytes += payloadBytes;
        bh.consume(counters);
    }
}
