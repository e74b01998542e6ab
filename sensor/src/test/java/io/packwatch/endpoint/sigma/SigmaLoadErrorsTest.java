package io.packwatch.endpoint.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigException;
import io.packwatch.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule that does not load stops the start, naming the file, the line and what is wrong. */
class SigmaLoadErrorsTest {
    private static final String HEAD = "title: t\nid: x\nlogsource:\n  product: linux\n  category: process_creation\n";

    @TempDir
    Path tmp;
    private RuleFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RuleFixture(tmp).placeholder("exts", ".gz");
    }

    private int cases;

    /** Loads {@code text} as the only rule of a fresh directory; returns the error after "file:". */
    private String error(String text) throws Exception {
        fx = new RuleFixture(Files.createDirectories(tmp.resolve("case" + cases++))).placeholder("exts", ".gz");
        Path f = fx.file(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fx::load);
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 1);
    }

    @Test
    void badYaml() throws Exception {
        assertEquals("10: not valid YAML: could not find expected ':' (while scanning a simple key at line 9)",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition sel\n"));
    }

    @Test
    void unknownModifier() throws Exception {
        assertEquals("8: unknown modifier 'contain' in 'CommandLine|contain' (supported: [all, cased, cidr, contains,"
                + " endswith, exists, expand, gt, gte, i, lt, lte, m, re, s, startswith, windash])",
                error(HEAD + "detection:\n  sel:\n    CommandLine|contain: x\n  condition: sel\n"));
    }

    @Test
    void unsupportedModifierIsNamedAsSuch() throws Exception {
        assertTrue(error(HEAD + "detection:\n  sel:\n    CommandLine|base64offset|contains: x\n  condition: sel\n")
                .startsWith("8: modifier 'base64offset' is not supported by packwatch"));
    }

    @Test
    void conflictingModifiers() throws Exception {
        assertEquals("8: 'CommandLine|contains|endswith' combines contains, startswith and endswith; use one",
                error(HEAD + "detection:\n  sel:\n    CommandLine|contains|endswith: x\n  condition: sel\n"));
        assertEquals("8: modifier 'i' only qualifies 're'",
                error(HEAD + "detection:\n  sel:\n    CommandLine|i: x\n  condition: sel\n"));
    }

    @Test
    void badCondition() throws Exception {
        assertEquals("9: condition 'sel and or sel' at column 9: unexpected 'or'",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel and or sel\n"));
        assertEquals("9: condition '(sel' at column 5: expected ')'",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: (sel\n"));
        assertEquals("9: condition at column 5: aggregations ('| count() ...') are not supported; use a correlation"
                + " in the SIEM", error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel | count() > 5\n"));
    }

    @Test
    void undefinedSelection() throws Exception {
        assertEquals("9: condition refers to undefined search identifier 'selection' (defined: sel)",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: selection\n"));
        assertEquals("9: condition: '1 of filter_*' matches no search identifier (defined: sel)",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel and not 1 of filter_*\n"));
    }

    @Test
    void badRegex() throws Exception {
        assertEquals("8: bad regular expression 'import (gzip': Unclosed group near index 12",
                error(HEAD + "detection:\n  sel:\n    CommandLine|re: 'import (gzip'\n  condition: sel\n"));
    }

    @Test
    void unknownPlaceholder() throws Exception {
        assertEquals("8: unknown placeholder '%extensions%' (configured: [exts]; see the analytics.* config keys)",
                error(HEAD + "detection:\n  sel:\n    TargetFilename|expand|endswith: '%extensions%'\n  condition: sel\n"));
    }

    @Test
    void missingPartsAndBadLevel() throws Exception {
        assertEquals("1: missing 'detection:'", error(HEAD));
        assertEquals("6: detection has no condition", error(HEAD + "detection:\n  sel:\n    CommandLine: x\n"));
        assertEquals("10: level must be one of informational, low, medium, high, critical; got 'severe'",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel\nlevel: severe\n"));
        assertEquals("1: missing 'title:'", error("logsource:\n  product: linux\n"));
    }

    @Test
    void duplicateFieldInOneMap() throws Exception {
        assertEquals("9: field 'CommandLine' given twice in one map; use a second selection",
                error(HEAD + "detection:\n  sel:\n    CommandLine: x\n    CommandLine: y\n  condition: sel\n"));
    }

    @Test
    void correlationAndCollectionsAreRejected() throws Exception {
        assertTrue(error("title: c\ncorrelation:\n  type: temporal\n").startsWith("2: 'correlation:' (Sigma correlation"
                + " rules) is not supported"));
        assertTrue(error(HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel\n---\n" + HEAD)
                .startsWith("11: multi-document rule collections are not supported"));
    }

    @Test
    void duplicateRuleIdNamesBothFiles() throws Exception {
        String rule = HEAD + "detection:\n  sel:\n    CommandLine: x\n  condition: sel\n";
        Path first = fx.file(rule);
        Path second = fx.file(rule);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fx::load);
        assertEquals(second + ":1: rule id x is already used by " + first + ":1", e.getMessage());
    }

    @Test
    void userRulesDirectoryComesFromConfigAndErrorsStopTheStart() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("bad.yml"), HEAD + "detection:\n  sel:\n    CommandLine|re: '('\n  condition: sel\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SigmaRuleSet.fromSettings(
                ConfigLoader.load(null, List.of("endpoint.sigma.rules=" + dir))));
        assertTrue(e.getMessage().startsWith("Sigma rule: " + dir.resolve("bad.yml") + ":8: bad regular expression '('"),
                e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> SigmaRuleSet.fromSettings(
                ConfigLoader.load(null, List.of("endpoint.sigma.rules=" + tmp.resolve("nope")))));
        assertEquals("endpoint.sigma.rules: " + tmp.resolve("nope") + " is not a directory of Sigma rules",
                missing.getMessage());
    }
}
