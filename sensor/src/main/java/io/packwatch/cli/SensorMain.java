package io.packwatch.cli;

import io.packwatch.capture.BpfFilter;
import io.packwatch.capture.CaptureException;
import io.packwatch.capture.FilteredSource;
import io.packwatch.capture.Libpcap;
import io.packwatch.capture.LiveCaptureOptions;
import io.packwatch.capture.LiveSource;
import io.packwatch.capture.MergedSource;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.config.ConfigException;
import io.packwatch.config.ConfigKey;
import io.packwatch.config.ConfigLoader;
import io.packwatch.config.ConfigSchema;
import io.packwatch.config.Settings;
import io.packwatch.correlate.AlertSink;
import io.packwatch.correlate.CorrelationConfig;
import io.packwatch.correlate.Correlator;
import io.packwatch.correlate.HostDirectory;
import io.packwatch.endpoint.EndpointStage;
import io.packwatch.endpoint.ingest.EndpointFileReader;
import io.packwatch.endpoint.ingest.SyslogReceivers;
import io.packwatch.output.AlertRecordWriter;
import io.packwatch.output.EndpointAlertWriter;
import io.packwatch.output.RecordSink;
import io.packwatch.output.siem.SiemForwarder;
import io.packwatch.pipeline.EndpointEvidence;
import io.packwatch.pipeline.Pipeline;
import io.packwatch.pipeline.Progress;
import io.packwatch.pipeline.Summary;
import io.packwatch.stats.Counters;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pcap4j.core.PcapNetworkInterface;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sensor} command. */
@Command(name = "sensor", mixinStandardHelpOptions = true, versionProvider = SensorMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "packwatch: a passive network sensor that finds archived, compressed and",
            "encrypted data leaving the network (ATT&CK T1560.002, Archive via Library).",
            "",
            "Reads packets from capture files (--read) or an interface (--interface),",
            "reassembles TCP streams, inspects them and writes NDJSON records (packwatch.flow,",
            "packwatch.object, packwatch.alert, packwatch.stats) to stdout or --output.",
            "A summary goes to stderr at the end,",
            "and a progress bar while reading files when stderr is a terminal.",
            "Live: SIGHUP reloads the config file and the Sigma rules (rules, analytics.*,",
            "alert.*, correlate.allow_*/window_*) without losing flows; SIGTERM/SIGINT write",
            "the final records and spool undelivered SIEM alerts.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:bad usage or configuration",
            "2:the capture could not start (file, interface, permission, libpcap)",
            "3:done, but an input file was truncated or corrupt (what was readable was processed)",
            "4:live capture lost the interface and could not reopen it (capture.max_retries); final records written",
            "130/143:stopped by SIGINT/SIGTERM after writing the final records"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sensor --read pcaps/inspect-uploads.pcap",
            "  sensor --read a.pcap b.pcapng -o events.ndjson --set flow.max_flows=200000",
            "  sensor --interface eth0 --filter 'tcp or udp'",
            "      (live capture needs root or cap_net_raw,cap_net_admin; see README)",
            "",
            "Config: --config FILE, else $PACKWATCH_CONFIG, else ./config/sensor.yaml,",
            "else config/sensor.yaml of the installation. Every key with its value:",
            "sensor --print-config. Java options: JAVA_OPTS (e.g. JAVA_OPTS=-Xmx4g)."})
public final class SensorMain implements Callable<Integer> {
    static final int OK = 0;
    static final int USAGE = 1;
    static final int CANNOT_START = 2;
    static final int DAMAGED_INPUT = 3;
    static final int CAPTURE_LOST = 4;

    @Option(names = {"-r", "--read"}, arity = "1..*", paramLabel = "FILE",
            description = "Read pcap or pcapng files (several are merged into one timeline by time stamp).")
    List<Path> read = new ArrayList<>();

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Capture live from this interface (see --list-interfaces).")
    String iface;

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF",
            description = "Only packets matching this BPF expression (tcpdump syntax); needs libpcap, also with --read.")
    String filter;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write records to FILE instead of stdout ('-' for stdout).")
    String output = "-";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: see below).")
    Path config;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one config key, e.g. --set reassembly.policy=linux (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--endpoint-events", arity = "1..*", paramLabel = "FILE",
            description = "Read endpoint syslog files (one message per line, RFC 3164 or 5424, plain or .gz, as"
                    + " rsyslog or syslog-ng write them) before the packets, for correlation: replaying a pcap with"
                    + " the matching syslog archive gives the alerts the live run gave.")
    List<Path> endpointEvents = new ArrayList<>();

    @Option(names = "--syslog-listen", split = ",", paramLabel = "URL",
            description = "Receive endpoint syslog live: udp://ADDR:PORT, tcp://ADDR:PORT (RFC 6587, both framings),"
                    + " tls://ADDR:PORT (RFC 5425; endpoint.tls.* config); a bare port (udp://5514) is 127.0.0.1 only,"
                    + " other addresses must be named. Replaces endpoint.listen.")
    List<String> syslogListen = new ArrayList<>();

    @Option(names = "--user", paramLabel = "NAME",
            description = "Once the capture device is open and the listeners are bound, run as this user (needs root;"
                    + " run.user). Better still: start as that user with setcap cap_net_raw,cap_net_admin=eip on java.")
    String user;

    @Option(names = "--siem", split = ",", paramLabel = "URL",
            description = "Forward alerts to a SIEM: tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT (repeatable;"
                    + " adds to siem.targets). Alerts wait in the disk spool (siem.spool.*) while it is down.")
    List<String> siem = new ArrayList<>();

    @Option(names = "--siem-format", paramLabel = "FMT",
            description = "Format of forwarded alerts: rfc5424, cef (Microsoft Sentinel), leef (IBM QRadar) or json"
                    + " (default: siem.format).")
    String siemFormat;

    @Option(names = "--dump-streams", paramLabel = "DIR",
            description = "Debugging: write every reassembled TCP stream to DIR/flow-<id>-{client,server}.bin.")
    Path dumpStreams;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar on stderr while reading files, when stderr is a terminal"
                    + " (default: on; --no-progress to hide).")
    boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr at the end.")
    boolean quiet;

    @Option(names = "--list-interfaces", description = "List capture interfaces and exit.")
    boolean listInterfaces;

    @Option(names = "--print-config", description = "Print every config key with its effective value and exit.")
    boolean printConfig;

    private final CountDownLatch finished = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit status (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cmd = new CommandLine(new SensorMain());
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("sensor: " + e.getMessage());
            c.getErr().flush();
            return e instanceof ConfigException ? USAGE : CANNOT_START;
        });
        cmd.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("sensor: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'sensor --help' for the options.");
            e.getCommandLine().getErr().flush();
            return USAGE;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (listInterfaces) {
            return listInterfaces();
        }
        Path configFile = config != null ? config : ConfigLoader.defaultFile();
        List<String> sets = new ArrayList<>(overrides);
        if (!syslogListen.isEmpty()) {
            sets.add("endpoint.listen=" + String.join(",", syslogListen));
        }
        if (user != null) {
            sets.add("run.user=" + user);
        }
        Settings settings = ConfigLoader.load(configFile, sets);
        if (printConfig) {
            printConfig(settings);
            return OK;
        }
        if (read.isEmpty() == (iface == null)) {
            System.err.println("sensor: give either --read FILE... or --interface IFACE. Try 'sensor --help'.");
            return USAGE;
        }
        if (!settings.string("run.user").isEmpty()) {
            PrivilegeDrop.lookup(settings.string("run.user")); // an unknown user stops the start before capture opens
        }
        PacketSource source = openSource(settings);
        Counters counters = new Counters();
        long start = System.nanoTime();
        try (RecordSink sink = openOutput(); SiemForwarder forwarder = SiemForwarder.fromSettings(settings, siem,
                siemFormat, counters)) {
            String observer = settings.string("sensor.name");
            AlertRecordWriter alertRecords = new AlertRecordWriter(sink, observer);
            AlertSink alerts = !forwarder.enabled() ? alertRecords : a -> {
                alertRecords.emit(a);
                forwarder.send(a);
            };
            Correlator correlator = new Correlator(CorrelationConfig.from(settings),
                    new HostDirectory(settings.strings("correlate.hosts"), settings.bool("correlate.trust_sender"),
                            settings.integer("correlate.max_evidence")), alerts, counters);
            EndpointStage endpoint = EndpointStage.fromSettings(settings,
                    new EndpointEvidence(correlator, new EndpointAlertWriter(sink, observer)), counters);
            String endpointProblem = endpointEvents.isEmpty() ? null
                    : endpoint.readFiles(endpointEvents, EndpointFileReader.fromSettings(settings, counters));
            SyslogReceivers receivers = SyslogReceivers.fromSettings(settings);
            Pipeline pipeline = new Pipeline(settings, counters, sink, dumpStreams, correlator);
            Reloader reloader = new Reloader(configFile, sets, settings, pipeline, correlator, endpoint, System.err);
            if (iface != null && !reloader.install() && !quiet) {
                System.err.println("packwatch: SIGHUP is not available here: config changes need a restart");
            }
            Thread hook = new Thread(() -> shutdown(pipeline, source), "packwatch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                boolean live = iface != null;
                if (receivers.enabled()) {
                    receivers.start(endpoint);
                    if (!quiet) {
                        System.err.println("packwatch: receiving endpoint syslog on " + receivers.boundAddresses());
                    }
                }
                String runAs = settings.string("run.user");
                if (!runAs.isEmpty()) {
                    PrivilegeDrop.Ids ids = PrivilegeDrop.to(runAs);
                    if (!quiet) {
                        System.err.println("packwatch: running as " + runAs + " (uid " + ids.uid() + ", gid " + ids.gid() + ")");
                    }
                }
                if (source instanceof LiveSource liveSource && !quiet) {
                    System.err.println("packwatch: capturing on " + liveSource.describe()
                            + (filter != null ? " with filter '" + filter + "'" : "") + "; Ctrl-C stops and writes the final records");
                }
                Progress bar = !live && progress && Progress.stderrIsTerminal() ? new Progress(System.err) : null;
                pipeline.run(source, bar, live);
                if (source instanceof LiveSource liveSource) {
                    liveSource.reportStats(counters);
                }
                receivers.stop();
                receivers.counters().publish(counters);
                endpoint.flush();
                correlator.flush();
                forwarder.close();
                reloader.close(counters);
                String problem = source.problem() != null ? source.problem() : endpointProblem;
                long elapsed = System.nanoTime() - start;
                pipeline.writeStats(elapsed, problem);
                sink.flush();
                if (!quiet) {
                    System.err.print(Summary.render(counters, elapsed, sink.records(), describeOutput(), problem));
                }
                if (problem != null && source instanceof LiveSource) {
                    return CAPTURE_LOST;
                }
                return problem != null ? DAMAGED_INPUT : OK;
            } finally {
                receivers.stop();
                source.close();
                finished.countDown();
                if (!pipeline.stopRequested()) {
                    removeHook(hook);
                }
            }
        } catch (UncheckedIOException e) {
            System.err.println("sensor: " + e.getMessage());
            return CANNOT_START;
        }
    }

    private PacketSource openSource(Settings s) throws CaptureException {
        if (iface != null) {
            return LiveSource.open(iface, new LiveCaptureOptions(s.integer("capture.snaplen"),
                    s.bool("capture.promiscuous"), (int) Math.min(Integer.MAX_VALUE, s.bytes("capture.buffer_size")),
                    s.bool("capture.immediate"), (int) (s.nanos("capture.read_timeout") / 1_000_000L),
                    s.nanos("capture.retry_interval") / 1_000_000L, s.nanos("capture.retry_max_interval") / 1_000_000L,
                    Math.max(0, s.integer("capture.max_retries"))), filter);
        }
        BpfFilter bpf = filter != null ? BpfFilter.compile(filter, s.integer("capture.snaplen")) : null;
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, s.bytes("capture.max_frame_bytes"));
        List<PacketSource> files = new ArrayList<>();
        try {
            for (Path p : read) {
                files.add(PcapFileSource.open(p, maxFrame));
            }
        } catch (IOException e) {
            for (PacketSource f : files) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // already failing: the first error is the one to report
                }
            }
            throw e instanceof CaptureException ce ? ce : new CaptureException(e.getMessage(), e);
        }
        PacketSource source = files.size() == 1 ? files.get(0) : new MergedSource(files);
        return bpf == null ? source : new FilteredSource(source, bpf, new Counters());
    }

    private RecordSink openOutput() throws CaptureException {
        if (output == null || output.equals("-")) {
            return new RecordSink(System.out, false);
        }
        try {
            OutputStream out = new FileOutputStream(output);
            return new RecordSink(out, true);
        } catch (IOException e) {
            throw new CaptureException("cannot write --output " + output + ": " + e.getMessage());
        }
    }

    private String describeOutput() {
        return output == null || output.equals("-") ? "stdout" : output;
    }

    /** SIGINT/SIGTERM: stop reading, then let the main thread write the final records. */
    private void shutdown(Pipeline pipeline, PacketSource source) {
        pipeline.requestStop();
        if (source instanceof LiveSource live) {
            live.stop();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private static int listInterfaces() throws CaptureException {
        List<PcapNetworkInterface> all = Libpcap.interfaces();
        if (all.isEmpty()) {
            System.out.println("no interfaces visible (capturing usually needs root or cap_net_raw,cap_net_admin)");
        }
        for (PcapNetworkInterface nif : all) {
            StringBuilder sb = new StringBuilder(nif.getName());
            if (nif.getDescription() != null) {
                sb.append("  (").append(nif.getDescription()).append(')');
            }
            nif.getAddresses().forEach(a -> sb.append("  ").append(a.getAddress().getHostAddress()));
            if (nif.isLoopBack()) {
                sb.append("  loopback");
            }
            System.out.println(sb);
        }
        return OK;
    }

    private static void printConfig(Settings s) {
        PrintWriter out = new PrintWriter(System.out, true);
        out.println("# effective configuration (from " + s.source() + ")");
        for (ConfigKey k : ConfigSchema.keys()) {
            out.printf("%-36s %-28s # %s%n", k.name(), render(k, s), k.doc());
        }
    }

    private static String render(ConfigKey k, Settings s) {
        switch (k.type()) {
            case INT: return Integer.toString(s.integer(k.name()));
            case BOOL: return Boolean.toString(s.bool(k.name()));
            case SIZE: return s.bytes(k.name()) + "B";
            case DURATION: return (s.nanos(k.name()) / 1_000_000L) + "ms";
            case CIDRS: case STRINGS: case PORTS: return String.join(",", s.strings(k.name()));
            default: return s.string(k.name());
        }
    }

    /** Version and the libraries the sensor runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SensorMain.class.getPackage().getImplementationVersion();
            String pcap = Libpcap.version();
            return new String[] {"packwatch sensor " + (v == null ? "dev" : v),
                "Java " + System.getProperty("java.version"),
                "libpcap: " + (pcap == null ? "not found (only needed for --interface and --filter)" : pcap)};
        }
    }
}
