package io.packwatch.endpoint;

import io.packwatch.config.Settings;
import io.packwatch.endpoint.ingest.EndpointFileReader;
import io.packwatch.endpoint.ingest.SyslogMessageHandler;
import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.endpoint.sigma.SigmaEngine;
import io.packwatch.endpoint.sigma.SigmaRuleSet;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The endpoint path from framed syslog message to evidence: the message is parsed into endpoint
 * events, each event meets the Sigma rules of its logsource, and events and alerts go to the
 * listener (correlation, and the endpoint alert records). Called by one thread at a time: the
 * syslog dispatcher live, the caller for files.
 */
public final class EndpointStage implements SyslogMessageHandler {
    /** Where the endpoint path's results go. */
    public interface Listener {
        /** Every parsed event (correlation learns host addresses and connections from them). */
        void onEvent(EndpointEvent e);

        /** A Sigma rule matched, or an EDR's alert about archiving arrived. */
        void onAlert(EndpointAlert a);
    }

    private final EndpointParser parser;
    /** Swapped whole by {@link #replaceRules} (SIGHUP); the dispatcher reads it once per event. */
    private volatile SigmaEngine engine;
    private final Listener listener;
    private final Counters counters;

    public EndpointStage(EndpointParser parser, SigmaEngine engine, Listener listener) {
        this(parser, engine, listener, null);
    }

    private EndpointStage(EndpointParser parser, SigmaEngine engine, Listener listener, Counters counters) {
        this.parser = parser;
        this.engine = engine;
        this.listener = listener;
        this.counters = counters;
    }

    /** The stage as configured: {@code endpoint.parse.*}, {@code endpoint.sigma.*}, {@code analytics.*}. */
    public static EndpointStage fromSettings(Settings s, Listener listener, Counters counters) {
        // Loaded at start, so a broken rule stops the sensor before any input, naming its file and line.
        SigmaRuleSet rules = SigmaRuleSet.fromSettings(s);
        counters.counter("endpoint.sigma.rules_loaded").set(rules.rules().size());
        return new EndpointStage(new EndpointParser(ParseConfig.from(s), counters), new SigmaEngine(rules, s, counters),
                listener, counters);
    }

    /**
     * Loads the Sigma rules {@code s} names and, if they all load, puts them in place of the current
     * ones for the events that follow; otherwise the current rules stay. Safe while the dispatcher runs.
     *
     * @return how many rules are now loaded
     * @throws io.packwatch.config.ConfigException naming the rule file and line when a rule does not load
     */
    public int replaceRules(Settings s) {
        if (counters == null) {
            throw new IllegalStateException("rules can only be replaced in a stage built from settings");
        }
        SigmaRuleSet rules = SigmaRuleSet.fromSettings(s);
        // The engine looks up counters that exist already: the registry is only read here.
        engine = new SigmaEngine(rules, s, counters);
        counters.counter("endpoint.sigma.rules_loaded").set(rules.rules().size());
        return rules.rules().size();
    }

    @Override
    public void onMessage(byte[] msg, int off, int len, InetSocketAddress sender, String transport,
                          long receivedNanos, boolean truncated) {
        String from = sender == null ? null : sender.getAddress().getHostAddress();
        parser.parse(msg, off, len, from, receivedNanos, this::onEvent);
        parser.tick(receivedNanos, this::onEvent);
    }

    private void onEvent(EndpointEvent e) {
        listener.onEvent(e);
        engine.evaluate(e, listener::onAlert);
    }

    /**
     * Reads syslog files as collectors write them ({@code --endpoint-events}), completes what is
     * still being joined, and returns the first problem met, or null.
     */
    public String readFiles(List<Path> files, EndpointFileReader reader) throws IOException {
        String problem = null;
        for (Path f : files) {
            EndpointFileReader.FileResult r = reader.read(f, this);
            if (r.problem() != null && problem == null) {
                problem = f + ": " + r.problem();
            }
        }
        flush();
        return problem;
    }

    /** Completes every event still being joined (auditd records waiting for their end). */
    public void flush() {
        parser.flush(this::onEvent);
    }
}
