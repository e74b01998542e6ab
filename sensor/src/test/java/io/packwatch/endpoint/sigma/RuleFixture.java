package io.packwatch.endpoint.sigma;

import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes Sigma rules into a directory, loads them, and runs events through them. */
final class RuleFixture {
    private final Path dir;
    private final Map<String, List<String>> placeholders = new LinkedHashMap<>();
    private int files;

    RuleFixture(Path dir) {
        this.dir = dir;
    }

    RuleFixture placeholder(String name, String... values) {
        placeholders.put(name, List.of(values));
        return this;
    }

    /** Writes a rule with this logsource block and detection block (both indented as in the file). */
    Path rule(String logsource, String detection) {
        return file("title: test rule " + files + "\nid: rule-" + files + "\nlevel: high\ntags: [attack.collection,"
                + " attack.t1560.002]\nlogsource:\n" + logsource + "detection:\n" + detection);
    }

    Path file(String text) {
        Path f = dir.resolve(String.format("r%02d.yml", files++));
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    SigmaRuleSet load() {
        return SigmaRuleSet.load(List.of(dir), placeholders);
    }

    /** Ids of the rules that fire on {@code e}. */
    List<String> fire(EndpointEvent e) {
        return fire(load(), e);
    }

    static List<String> fire(SigmaRuleSet rules, EndpointEvent e) {
        List<String> ids = new ArrayList<>();
        new SigmaEngine(rules, List.of("archive"), new Counters()).evaluate(e, a -> ids.add(a.ruleId()));
        return ids;
    }

    static List<EndpointAlert> alerts(SigmaEngine engine, EndpointEvent e) {
        List<EndpointAlert> out = new ArrayList<>();
        engine.evaluate(e, out::add);
        return out;
    }

    /** An event from key/value pairs. */
    static EndpointEvent event(String product, String category, String... kv) {
        return eventWithRaw(product, category, "", kv);
    }

    static EndpointEvent eventWithRaw(String product, String category, String raw, String... kv) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            fields.put(kv[i], kv[i + 1]);
        }
        return new EndpointEvent(1_764_500_000_123_456_789L, product, category, "test", fields, raw, "127.0.0.1");
    }
}
