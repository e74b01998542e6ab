package io.packwatch.pipeline;

import io.packwatch.app.AppLayer;
import io.packwatch.app.RawStreamCounter;
import io.packwatch.app.names.HostNameSniffer;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.app.StreamConsumers;
import io.packwatch.app.StreamDumper;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.config.Settings;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.CidrSet;
import io.packwatch.decode.DefragConfig;
import io.packwatch.decode.Defragmenter;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.flow.EndReason;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowObserver;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.flow.StreamConsumerFactory;
import io.packwatch.config.ConfigException;
import io.packwatch.config.Install;
import io.packwatch.correlate.Correlator;
import io.packwatch.correlate.AlertPolicy;
import io.packwatch.correlate.NetworkAlertRule;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.InspectConfig;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.Inspection;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.format.Signature;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.inspect.format.SignatureLoader;
import io.packwatch.decode.NetworkDirection;
import io.packwatch.output.RecordSink;
import io.packwatch.output.RecordWriters;
import io.packwatch.output.StatsRecordWriter;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires the stages for one run, capture to output, and drives packets through them. The calling
 * thread reads and decodes; flows are hashed (symmetrically, so both directions meet) to flow
 * workers, each on a thread of its own, or run inline when {@code pipeline.workers} is 0.
 */
public final class Pipeline {
    private static final int ERRORS_SHOWN = 5;
    /** Longest time a partly filled batch waits in live capture before it is handed over. */
    private static final long LIVE_FLUSH_NANOS = 50_000_000L;
    /** Packet time between clock ticks sent to every worker, so flows on quiet workers expire too. */
    private static final long TICK_NANOS = 1_000_000_000L;
    /** How far correlation's clock trails the reader's, so objects still in the workers are not late. */
    private static final long CORRELATION_LAG_NANOS = 5_000_000_000L;

    private final Settings settings;
    private final Counters counters;
    private final RecordSink sink;
    private final Defragmenter defrag;
    private final PacketDecoder decoder;
    private final FlowWorker[] workers;
    private final StreamDumper dumper;
    private final Correlator correlator;
    /** The network-only rule's settings, shared by every worker; a reload swaps it. */
    private final AtomicReference<AlertPolicy> alertPolicy;
    private final Counter packets;
    private final Counter bytes;
    private final Counter internalErrors;
    private long lastPacketNanos;
    private volatile boolean stopRequested;

    /**
     * @param correlator where objects worth correlating go; the pipeline drives its clock (the
     *     caller flushes it once the endpoint side has delivered too)
     */
    public Pipeline(Settings s, Counters counters, RecordSink sink, Path dumpDir, Correlator correlator)
            throws IOException {
        this.settings = s;
        this.correlator = correlator;
        this.counters = counters;
        this.sink = sink;
        boolean inspect = s.bool("inspect.enabled");
        int workerCount = workerCount(s.string("pipeline.workers"), inspect, Runtime.getRuntime().availableProcessors());
        HeapBudget budget = HeapBudget.fit(s.integer("flow.max_flows"), s.bytes("reassembly.memcap"),
                s.bytes("defrag.memcap"), inspect ? s.bytes("inspect.memcap") : 0,
                s.bool("http.enabled") ? s.bytes("http.memcap") : 0, Runtime.getRuntime().maxMemory());
        if (budget.warning() != null) {
            System.err.println(budget.warning());
        }
        counters.counter("flow.max_flows_effective").set(budget.maxFlows());
        counters.counter("pipeline.workers").set(workerCount);
        this.defrag = new Defragmenter(new DefragConfig(OverlapPolicy.parse(s.string("defrag.policy")),
                s.nanos("defrag.timeout"), s.integer("defrag.max_datagrams"), budget.defragMemcap()), counters);
        this.decoder = new PacketDecoder(ChecksumMode.parse(s.string("decode.checksum_validation")), defrag, counters);
        this.dumper = dumpDir == null ? null : new StreamDumper(dumpDir);
        int tables = Math.max(1, workerCount);
        FlowConfig flowConfig = new FlowConfig(Math.max(1, budget.maxFlows() / tables), s.nanos("flow.timeout.tcp_new"),
                s.nanos("flow.timeout.tcp_established"), s.nanos("flow.timeout.tcp_closed"),
                s.nanos("flow.timeout.udp"), s.nanos("flow.timeout.other"));
        ReassemblyConfig reassembly = new ReassemblyConfig(OverlapPolicy.parse(s.string("reassembly.policy")),
                s.bytes("reassembly.depth"), budget.reassemblyMemcap() / tables, s.bytes("reassembly.max_ooo_bytes"),
                s.integer("reassembly.max_ooo_segments"), s.integer("reassembly.max_ttl_drop"));
        CidrSet home = CidrSet.parse(s.strings("sensor.home_networks"));
        NetworkDirection direction = new NetworkDirection(home);
        List<Signature> signatures = inspect ? loadSignatures(s) : List.of();
        InspectConfig inspectConfig = new InspectConfig((int) Math.min(1 << 24, s.bytes("inspect.window")),
                budget.inspectMemcap() / tables, s.bool("inspect.hashes"), s.bytes("inspect.report_min_bytes"),
                archiveLimits(s), s.bool("inspect.entropy.trial_decode"),
                (int) Math.max(256, Math.min(1 << 20, s.bytes("inspect.entropy.trial_budget"))),
                (int) Math.min(1 << 24, s.bytes("inspect.entropy.resync_scan")), s.ports("inspect.midstream_ssh_ports"));
        this.alertPolicy = new AtomicReference<>(AlertPolicy.from(s));
        this.workers = new FlowWorker[tables];
        for (int i = 0; i < tables; i++) {
            long firstId = i + 1;
            RecordWriters writers = new RecordWriters(sink, s.string("sensor.name"), direction,
                    s.integer("sensor.community_id_seed"));
            workers[i] = new FlowWorker(c -> {
                Inspection inspection = !inspect ? null : new Inspection(inspectConfig,
                        new EncodedArchiveDetector(new SignatureDetector(signatures)), new NetworkAlertRule(direction,
                        alertPolicy, writers.objects(), correlator, c), c);
                AppLayer app = appLayer(s, inspection, budget.httpMemcap() / tables, c);
                FlowTable table = new FlowTable(flowConfig, reassembly, consumerFactory(c, app),
                        flowObserver(s, writers), c, firstId, tables);
                table.observeDatagrams(new HostNameSniffer(home, correlator, c));
                if (inspection != null && s.bool("inspect.udp")) {
                    table.inspectDatagrams(app::forDatagramFlow);
                }
                return table;
            });
        }
        if (workerCount == 0) {
            workers[0].inline = true;
        }
        this.packets = counters.counter("capture.packets");
        this.bytes = counters.counter("capture.bytes");
        this.internalErrors = counters.counter("pipeline.internal_errors");
    }

    /**
     * {@code auto}: with three or more cores, one worker per core beyond the reader's and one
     * left for the JIT and GC (at most 8). With two, one worker beside the reader when inspection
     * is on, which makes the flow stage heavy enough to pay for the hand-over; with it off, and
     * with one core, everything on one thread, which measured faster there.
     */
    static int workerCount(String setting, boolean inspect, int cores) {
        if (setting.equals("auto")) {
            if (cores >= 3) {
                return Math.min(8, cores - 2);
            }
            return cores == 2 && inspect ? 1 : 0;
        }
        return Integer.parseInt(setting);
    }

    /**
     * HTTP and TLS parsing in front of inspection; with inspection off they still run (their counters and the flow
     * records' application fields stay), and only the objects they find are dropped.
     */
    private static AppLayer appLayer(Settings s, Inspection inspection, long httpMemcap, Counters c) {
        boolean http = s.bool("http.enabled");
        boolean tls = s.bool("tls.enabled");
        if (inspection == null && !http && !tls) {
            return null;
        }
        HttpLayer httpLayer = !http ? null : new HttpLayer(new HttpConfig(
                (int) Math.min(1 << 20, s.bytes("http.max_initial_line")),
                (int) Math.min(1 << 24, s.bytes("http.max_header_bytes")), s.bytes("http.max_decoded_bytes"),
                s.integer("http.max_decode_ratio"), s.integer("http.max_encoding_layers"),
                Math.max(1, s.integer("http.max_pending_requests")), s.bool("http.websocket"),
                s.bytes("http.websocket_memcap")), httpMemcap, c);
        return new AppLayer(inspection != null ? inspection : ObjectOpener.NONE, httpLayer,
                tls ? new TlsSession.Stats(c) : null,
                (int) Math.max(64, Math.min(1 << 20, s.bytes("tls.max_hello_bytes"))), c);
    }

    private StreamConsumerFactory consumerFactory(Counters c, AppLayer app) {
        List<StreamConsumer> shared = new ArrayList<>();
        shared.add(new RawStreamCounter(c));
        if (dumper != null) {
            shared.add(dumper);
        }
        if (app == null) {
            StreamConsumer consumer = StreamConsumers.of(shared);
            return flow -> consumer;
        }
        return flow -> {
            List<StreamConsumer> all = new ArrayList<>(shared);
            all.add(app.forFlow(flow));
            return StreamConsumers.of(all);
        };
    }

    private static ArchiveLimits archiveLimits(Settings s) {
        int decodeLimit = (int) Math.max(4096, Math.min(1 << 24, s.bytes("inspect.nested.decode_limit")));
        return new ArchiveLimits(decodeLimit, s.integer("inspect.max_layers"), Math.max(1, s.integer("inspect.archive.max_ratio")),
                s.integer("inspect.archive.max_entries"), s.integer("inspect.archive.listed_entries"));
    }

    /**
     * Format signatures from {@code inspect.signatures}; a relative path starts at the
     * installation (see {@link Install}).
     */
    private static List<Signature> loadSignatures(Settings s) {
        Path dir = Install.resolve(s.string("inspect.signatures"));
        try {
            return SignatureLoader.load(dir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("inspect.signatures: " + e.getMessage());
        }
    }

    private FlowObserver flowObserver(Settings s, RecordWriters writers) {
        if (!s.bool("output.flows")) {
            return (Flow f, EndReason r) -> { };
        }
        return writers.flows();
    }

    /** Asks {@link #run} to stop after the packet in hand (from a signal handler). */
    /** Applies new {@code alert.*} settings to every worker from its next object on (SIGHUP). */
    public void reconfigureAlerts(Settings s) {
        alertPolicy.set(AlertPolicy.from(s));
    }

    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Flows tracked right now, across workers (a racy read, for progress display only). */
    int activeFlows() {
        int n = 0;
        for (FlowWorker w : workers) {
            n += w.flows.size();
        }
        return n;
    }

    /**
     * Reads {@code source} to its end (or until {@link #requestStop()}), then ends every flow.
     *
     * @param progress told about progress now and then; may be null
     * @param live whether the source is a live interface, whose quiet periods advance time by the clock
     */
    public void run(PacketSource source, Progress progress, boolean live) throws IOException {
        boolean inline = workers[0].inline;
        List<Thread> threads = new ArrayList<>();
        if (!inline) {
            for (int i = 0; i < workers.length; i++) {
                Thread t = new Thread(workers[i], "packwatch-flow-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
        try {
            readLoop(source, progress, live, inline);
            if (inline) {
                workers[0].flows.flush();
            } else {
                for (FlowWorker w : workers) {
                    w.finish();
                }
                for (Thread t : threads) {
                    t.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing packets to the flow workers");
        }
        counters.counter("flow.active_at_end").set(0);
        for (FlowWorker w : workers) {
            counters.addAll(w.counters);
            if (w.failure() != null) {
                throw new IllegalStateException("a flow worker failed: " + w.failure(), w.failure());
            }
        }
        defrag.flush();
        if (dumper != null) {
            dumper.closeAll();
        }
        if (progress != null) {
            progress.done();
        }
    }

    private void readLoop(PacketSource source, Progress progress, boolean live, boolean inline)
            throws IOException, InterruptedException {
        Frame frame = new Frame();
        Packet packet = new Packet();
        PacketBatch[] batches = new PacketBatch[workers.length];
        long n = 0;
        long lastFlush = System.nanoTime();
        long nextTick = Long.MIN_VALUE;
        while (!stopRequested) {
            if (!source.next(frame)) {
                if (source.finished()) {
                    break;
                }
                long now = System.currentTimeMillis() * 1_000_000L;
                correlator.advance(now - CORRELATION_LAG_NANOS);
                if (inline) {
                    workers[0].flows.advanceTime(now);
                } else {
                    handOverAll(batches, now);
                    lastFlush = System.nanoTime();
                }
                continue;
            }
            packets.inc();
            bytes.add(frame.length);
            lastPacketNanos = frame.tsNanos;
            if (frame.tsNanos >= nextTick) {
                // A worker only sees the time of the packets hashed to it; tell them all.
                if (nextTick != Long.MIN_VALUE && !inline) {
                    handOverAll(batches, frame.tsNanos);
                }
                // Workers may still hold objects a batch old: correlation runs a little behind.
                correlator.advance(frame.tsNanos - CORRELATION_LAG_NANOS);
                nextTick = frame.tsNanos + TICK_NANOS;
            }
            boolean decoded;
            try {
                decoded = decoder.decode(frame, packet);
            } catch (RuntimeException e) {
                decoded = false;
                reportInternalError(e, frame);
            }
            if (decoded) {
                boolean accept = !decoder.shouldReject(packet);
                if (inline) {
                    workers[0].process(packet, accept);
                } else {
                    dispatch(batches, packet, accept);
                }
            }
            if ((++n & 0x3FFF) == 0 && progress != null) {
                progress.update(source, counters, activeFlows());
            }
            if (live && !inline && (n & 0x3F) == 0 && System.nanoTime() - lastFlush > LIVE_FLUSH_NANOS) {
                handOverAll(batches, 0);
                lastFlush = System.nanoTime();
            }
        }
        if (!inline) {
            handOverAll(batches, 0);
        }
    }

    private void dispatch(PacketBatch[] batches, Packet p, boolean accept) throws InterruptedException {
        int w = workers.length == 1 ? 0 : Math.floorMod(FlowTable.hash(p), workers.length);
        PacketBatch b = batches[w];
        if (b == null) {
            b = batches[w] = workers[w].borrow();
        }
        if (!b.add(p, accept)) {
            workers[w].submit(b);
            b = batches[w] = workers[w].borrow();
            b.add(p, accept);
        }
    }

    /** Hands every partly filled batch over, optionally telling the workers the time. */
    private void handOverAll(PacketBatch[] batches, long clock) throws InterruptedException {
        for (int w = 0; w < workers.length; w++) {
            PacketBatch b = batches[w];
            if (b == null && clock != 0) {
                b = workers[w].borrow();
            }
            if (b == null) {
                continue;
            }
            b.clock = clock;
            if (b.isEmpty()) {
                continue;
            }
            workers[w].submit(b);
            batches[w] = null;
        }
    }

    private void reportInternalError(RuntimeException e, Frame frame) {
        // A bug must cost one packet, not the run: count it, show the first few, go on.
        internalErrors.inc();
        if (internalErrors.get() <= ERRORS_SHOWN) {
            System.err.println("packwatch: internal error on packet " + packets.get() + " of " + frame.origin
                    + " (please report it): " + e);
            e.printStackTrace();
        }
    }

    /** Writes the stats record (when enabled) at the time of the last packet. */
    public void writeStats(long elapsedNanos, String problem) {
        if (settings.bool("output.stats")) {
            long ts = lastPacketNanos != 0 ? lastPacketNanos : System.currentTimeMillis() * 1_000_000L;
            new StatsRecordWriter(sink, settings.string("sensor.name")).write(ts, counters, elapsedNanos, problem);
        }
    }
}
