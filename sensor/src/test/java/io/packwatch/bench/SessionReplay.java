package io.packwatch.bench;

import io.packwatch.app.AppLayer;
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
import io.packwatch.inspect.Inspection;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import io.packwatch.testkit.Frames;
import io.packwatch.testkit.PcapWriter;
import io.packwatch.testkit.TcpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One TCP session built with the test kit, held in memory as frames and replayed through decode, a flow table
 * and an application layer: the application-layer benchmarks' common part.
 */
final class SessionReplay {
    private static final FlowConfig FLOWS = new FlowConfig(1000, 30_000_000_000L, 300_000_000_000L,
            10_000_000_000L, 60_000_000_000L, 60_000_000_000L);
    private static final ReassemblyConfig REASSEMBLY =
            new ReassemblyConfig(OverlapPolicy.BSD, 0, 256L << 20, 4L << 20, 2048);

    private final Frame[] frames;
    private final Packet packet = new Packet();
    private PacketDecoder decoder;
    private FlowTable table;

    /** The session's packets, written to a temporary capture and read back as the sensor reads them. */
    SessionReplay(TcpSession session) throws IOException {
        Path pcap = Files.createTempFile("packwatch-session-bench-", ".pcap");
        try {
            try (PcapWriter w = PcapWriter.create(pcap, Frames.DLT_EN10MB)) {
                for (io.packwatch.testkit.Packet p : session.packets()) {
                    w.write(p);
                }
            }
            frames = BenchPcaps.read(pcap, session.packets().size());
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    /** Inspection with the shipped signatures and a window of {@code window} bytes, reporting nowhere. */
    static Inspection inspection(int window, Counters counters) {
        InspectConfig config = new InspectConfig(window, 128L << 20, true, 10L << 20, ArchiveLimits.DEFAULTS);
        return new Inspection(config,
                new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures"))),
                o -> { }, counters);
    }

    /** A new decoder and flow table whose flows go to {@code app}: the next replay starts from nothing. */
    void reset(AppLayer app, Counters counters) {
        decoder = BenchPcaps.decoder(ChecksumMode.AUTO, counters);
        table = new FlowTable(FLOWS, REASSEMBLY, app::forFlow, (f, r) -> { }, counters);
    }

    /** Every frame through decode and the flow table, then the table flushed, so every object is closed. */
    void replay() {
        for (Frame f : frames) {
            if (decoder.decode(f, packet)) {
                table.process(packet, !decoder.shouldReject(packet));
            }
        }
        table.flush();
    }
}
