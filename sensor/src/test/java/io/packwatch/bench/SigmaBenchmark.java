package io.packwatch.bench;

import io.packwatch.config.Settings;
import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.endpoint.sigma.SigmaEngine;
import io.packwatch.endpoint.sigma.SigmaRuleSet;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Endpoint events through every shipped Sigma rule (signatures/sigma, default analytics.* config).
 * The mix is what a SOC's syslog feed mostly carries: benign process creations with long command
 * lines, DLL and shared-library loads, file writes, script blocks and network connections (no
 * rules), with one event in 16 raising an alert. Scores are events/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SigmaBenchmark {
    static final int EVENTS = 64;

    private SigmaEngine engine;
    private EndpointEvent[] events;
    private Consumer<EndpointAlert> sink;

    @Setup(Level.Trial)
    public void setup(Blackhole bh) {
        SigmaRuleSet rules = SigmaRuleSet.load(List.of(Repo.root().resolve("signatures/sigma")),
                SigmaRuleSet.placeholders(Settings.defaults()));
        engine = new SigmaEngine(rules, List.of("archive", "t1560"), new Counters());
        sink = bh::consume;
        List<EndpointEvent> mix = new ArrayList<>();
        for (int i = 0; mix.size() < EVENTS; i++) {
            mix.add(event("windows", "process_creation", Ecs.PROCESS_EXECUTABLE,
                    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", Ecs.PROCESS_COMMAND_LINE,
                    "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US"
                            + " --field-trial-handle=1234,i," + i + " --enable-features=NetworkService /prefetch:1",
                    Ecs.USER_NAME, "CORP\\bob", Ecs.HOST_NAME, "ws" + i));
            mix.add(event("linux", "process_creation", Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.11",
                    Ecs.PROCESS_COMMAND_LINE, "/usr/bin/python3 /usr/bin/unattended-upgrade --dry-run " + i,
                    Ecs.USER_NAME, "root"));
            mix.add(event("windows", "image_load", Ecs.PROCESS_EXECUTABLE, "C:\\Windows\\explorer.exe",
                    Ecs.DLL_PATH, "C:\\Windows\\System32\\shell32.dll", Ecs.USER_NAME, "CORP\\bob"));
            mix.add(event("linux", "image_load", Ecs.PROCESS_EXECUTABLE, "/usr/sbin/sshd",
                    Ecs.DLL_PATH, "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13"));
            mix.add(event("windows", "file_event", Ecs.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\svchost.exe",
                    Ecs.FILE_PATH, "C:\\Windows\\Temp\\etl" + i + ".log"));
            mix.add(event("windows", "ps_script", Ecs.SCRIPT_BLOCK,
                    "Get-ChildItem -Path C:\\Users -Recurse | Where-Object { $_.Length -gt 1MB } | Select-Object FullName"));
            mix.add(event("linux", "network_connection", Ecs.DESTINATION_IP, "10.0.0." + i, Ecs.DESTINATION_PORT, "443"));
            if (i % 2 == 0) {
                mix.add(event("linux", "process_creation", Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.11",
                        Ecs.PROCESS_COMMAND_LINE, "python3 -c \"import gzip;input_file=open('/etc/passwd', 'rb');"
                                + "content=input_file.read();input_file.close();output_file=gzip.GzipFile("
                                + "'/tmp/T1560.002_output.gz','wb',compresslevel=6);output_file.write(content);"
                                + "output_file.close();\"", Ecs.USER_NAME, "bob"));
            } else {
                mix.add(event("linux", "file_event", Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.11",
                        Ecs.FILE_PATH, "/home/bob/.cache/pip/http/" + i + ".body"));
            }
        }
        events = mix.subList(0, EVENTS).toArray(EndpointEvent[]::new);
    }

    private static EndpointEvent event(String product, String category, String... kv) {
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return new EndpointEvent(1_764_500_000_000_000_000L, product, category, "bench", f, "", "127.0.0.1");
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int allShippedRules() {
        int alerts = 0;
        for (EndpointEvent e : events) {
            alerts += engine.evaluate(e, sink);
        }
        return alerts;
    }
}
