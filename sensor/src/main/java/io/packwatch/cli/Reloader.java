package io.packwatch.cli;

import io.packwatch.config.ConfigLoader;
import io.packwatch.config.Settings;
import io.packwatch.correlate.CorrelationConfig;
import io.packwatch.correlate.Correlator;
import io.packwatch.endpoint.EndpointStage;
import io.packwatch.pipeline.Pipeline;
import io.packwatch.stats.Counters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import sun.misc.Signal;

/**
 * SIGHUP: reads the config file (and the same {@code --set} overrides) again, reloads the Sigma
 * rules, and applies what can change while packets flow: the Sigma rules and {@code analytics.*},
 * the alert allowlists and thresholds ({@code alert.*}, {@code correlate.tls_min_bytes}) and the
 * correlation windows and allowlists ({@code correlate.window_*}, {@code correlate.allow_*}). Each
 * is swapped whole through a volatile reference, so the reader, the workers and the syslog
 * dispatcher see either the old or the new one, never a mix; flows, episodes and held evidence
 * stay. Any other changed key is named as needing a restart and keeps its old value. A config or
 * rule file that does not load changes nothing.
 */
final class Reloader {
    /** Keys applied by a reload; everything else needs a restart. */
    private static final List<String> RELOADABLE = List.of("endpoint.sigma.", "analytics.", "alert.",
            "correlate.tls_min_bytes", "correlate.window_", "correlate.allow_");

    private final Path configFile;
    private final List<String> overrides;
    private final Pipeline pipeline;
    private final Correlator correlator;
    private final EndpointStage endpoint;
    private final PrintStream log;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong restartNeeded = new AtomicLong();
    private Settings current;
    private volatile boolean closed;

    Reloader(Path configFile, List<String> overrides, Settings current, Pipeline pipeline, Correlator correlator,
             EndpointStage endpoint, PrintStream log) {
        this.configFile = configFile;
        this.overrides = List.copyOf(overrides);
        this.current = current;
        this.pipeline = pipeline;
        this.correlator = correlator;
        this.endpoint = endpoint;
        this.log = log;
    }

    static boolean reloadable(String key) {
        return RELOADABLE.stream().anyMatch(key::startsWith);
    }

    /** Reloads on every SIGHUP until {@link #close}; false where the JVM offers no signal handling. */
    boolean install() {
        try {
            Signal.handle(new Signal("HUP"), sig -> {
                if (!closed) {
                    reload();
                }
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false; // no SIGHUP on this platform, or the JVM runs with -Xrs
        }
    }

    /** Reloads once; true when the new config and rules are in place. */
    synchronized boolean reload() {
        Settings next;
        int rules;
        List<String> restart = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        Settings effective;
        try {
            next = ConfigLoader.load(configFile, overrides);
            for (String key : current.changedKeys(next)) {
                (reloadable(key) ? applied : restart).add(key);
            }
            effective = current.with(next, applied, next.source());
            rules = endpoint.replaceRules(effective); // the only step that can fail: before anything else changes
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.println("packwatch: SIGHUP: reload rejected, the running config and rules stay: " + e.getMessage());
            log.flush();
            return false;
        }
        correlator.reconfigure(CorrelationConfig.from(effective));
        pipeline.reconfigureAlerts(effective);
        current = effective;
        reloads.incrementAndGet();
        if (!restart.isEmpty()) {
            restartNeeded.addAndGet(restart.size());
            log.println("packwatch: SIGHUP: " + String.join(", ", restart)
                    + (restart.size() == 1 ? " changed but needs" : " changed but need")
                    + " a restart; keeping the running value" + (restart.size() == 1 ? "" : "s"));
        }
        log.println("packwatch: SIGHUP: reloaded " + next.source() + " and " + rules + " Sigma rules"
                + (applied.isEmpty() ? "" : "; applied " + String.join(", ", applied)));
        log.flush();
        return true;
    }

    /** Stops reacting to SIGHUP (the run is ending) and publishes the counters. */
    void close(Counters counters) {
        closed = true;
        synchronized (this) { // a reload in progress finishes first
            counters.counter("config.reloads").set(reloads.get());
            counters.counter("config.reload_failures").set(failures.get());
            counters.counter("config.restart_needed").set(restartNeeded.get());
        }
    }
}
