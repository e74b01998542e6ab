package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.endpoint.sigma.SigmaEngine;
import io.packwatch.endpoint.sigma.SigmaRuleSet;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Sigma rule loader on arbitrary YAML: a rule either loads or fails with the documented
 * {@code IllegalArgumentException} whose message starts with the file name (and, for anything but an unreadable
 * stream, the line). A rule that loads is then run over real events (the Sysmon for Linux and auditd samples),
 * which must not throw either.
 */
class SigmaFuzzTest {
    private static final Path DIR;
    private static final Path RULE;
    private static final List<EndpointEvent> EVENTS = new ArrayList<>();

    static {
        try {
            DIR = Files.createTempDirectory("packwatch-fuzz-sigma-");
            RULE = DIR.resolve("rule.yml");
            DIR.toFile().deleteOnExit();
            RULE.toFile().deleteOnExit();
            EndpointParser parser = new EndpointParser(ParseConfig.defaults(), new Counters());
            for (String sample : List.of("sysmon-linux.txt", "auditd.txt", "windows-xml.txt")) {
                byte[] b = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/endpoint/" + sample));
                int start = 0;
                for (int i = 0; i <= b.length; i++) {
                    if (i == b.length || b[i] == '\n') {
                        parser.parse(b, start, i - start, null, 1_764_500_000_000_000_000L, EVENTS::add);
                        start = i + 1;
                    }
                }
            }
            parser.flush(EVENTS::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PackwatchFuzzTest
    void rule(byte[] in) throws IOException {
        Files.write(RULE, in);
        SigmaRuleSet rules;
        try {
            rules = SigmaRuleSet.load(List.of(DIR), Map.of("exts", List.of(".gz", ".zip")));
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            assertTrue(m.startsWith(RULE + ":"), "error does not name the file: " + m);
            String rest = m.substring(RULE.toString().length() + 1);
            assertTrue(rest.matches("(?s)(\\?|\\d+): .+") || rest.startsWith(" not valid YAML: "),
                    "error does not name the line: " + m);
            return;
        }
        SigmaEngine engine = new SigmaEngine(rules, List.of(), 10_000, new Counters());
        for (EndpointEvent e : EVENTS) {
            engine.evaluate(e, a -> { });
        }
    }
}
