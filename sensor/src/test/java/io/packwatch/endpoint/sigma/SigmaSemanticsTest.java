package io.packwatch.endpoint.sigma;

import static io.packwatch.endpoint.sigma.RuleFixture.event;
import static io.packwatch.endpoint.sigma.RuleFixture.eventWithRaw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the Sigma specification's semantics, one feature per test. */
class SigmaSemanticsTest {
    private static final String LINUX_PROC = "  product: linux\n  category: process_creation\n";

    @TempDir
    Path tmp;
    private RuleFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RuleFixture(tmp);
    }

    /** Does a one-rule set with this detection fire on a Linux process event with these fields? */
    private boolean fires(String detection, String... kv) {
        return firesIn(detection, event("linux", "process_creation", kv));
    }

    private int dirs;

    private boolean firesIn(String detection, EndpointEvent e) {
        Path d = tmp.resolve("case" + dirs++);
        try {
            java.nio.file.Files.createDirectories(d);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        RuleFixture f = new RuleFixture(d).placeholder("paths", "/tmp/", "/dev/shm/")
                .placeholder("exts", ".gz", ".zip").placeholder("none");
        f.rule(LINUX_PROC, detection);
        return !f.fire(e).isEmpty();
    }

    private static String cmd(String value) {
        return "  sel:\n    CommandLine: '" + value + "'\n  condition: sel\n";
    }

    // ---- plain values, case, wildcards, escapes ----

    @Test
    void plainValueIsWholeValueAndCaseInsensitive() {
        assertTrue(fires(cmd("python3 -V"), Ecs.PROCESS_COMMAND_LINE, "PYTHON3 -v"));
        assertFalse(fires(cmd("python3 -V"), Ecs.PROCESS_COMMAND_LINE, "python3 -V x"));
        assertFalse(fires(cmd("python3 -V"), Ecs.PROCESS_COMMAND_LINE, "/usr/bin/python3 -V"));
    }

    @Test
    void starMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertTrue(fires(cmd("python? -c *import*"), Ecs.PROCESS_COMMAND_LINE, "python3 -c 'import gzip'"));
        assertFalse(fires(cmd("python? -c *import*"), Ecs.PROCESS_COMMAND_LINE, "python -c 'import gzip'"));
        assertTrue(fires(cmd("*"), Ecs.PROCESS_COMMAND_LINE, ""));
        assertTrue(fires(cmd("a*b*c"), Ecs.PROCESS_COMMAND_LINE, "aXXbYYbZZc"));
        assertFalse(fires(cmd("a*b*c"), Ecs.PROCESS_COMMAND_LINE, "aXXbYYbZZcd"));
    }

    @Test
    void backslashEscapesWildcardsAndItself() {
        // \* is a literal star
        assertTrue(fires(cmd("a\\*b"), Ecs.PROCESS_COMMAND_LINE, "a*b"));
        assertFalse(fires(cmd("a\\*b"), Ecs.PROCESS_COMMAND_LINE, "aXb"));
        // \? is a literal question mark
        assertTrue(fires(cmd("why\\?"), Ecs.PROCESS_COMMAND_LINE, "why?"));
        assertFalse(fires(cmd("why\\?"), Ecs.PROCESS_COMMAND_LINE, "whyX"));
        // a backslash before another character is a plain backslash
        assertTrue(fires(cmd("C:\\Temp\\x"), Ecs.PROCESS_COMMAND_LINE, "c:\\temp\\x"));
        // \\* is a backslash followed by a wildcard
        assertTrue(fires(cmd("C:\\Temp\\\\*"), Ecs.PROCESS_COMMAND_LINE, "C:\\Temp\\anything"));
        // \\\* is a backslash followed by a literal star
        assertTrue(fires(cmd("dir\\\\\\*"), Ecs.PROCESS_COMMAND_LINE, "dir\\*"));
        assertFalse(fires(cmd("dir\\\\\\*"), Ecs.PROCESS_COMMAND_LINE, "dir\\x"));
        // \\\\ is two backslashes
        assertTrue(fires(cmd("\\\\\\\\srv"), Ecs.PROCESS_COMMAND_LINE, "\\\\srv"));
    }

    @Test
    void emptyStringMatchesOnlyAnEmptyValue() {
        assertTrue(fires(cmd(""), Ecs.PROCESS_COMMAND_LINE, ""));
        assertFalse(fires(cmd(""), Ecs.PROCESS_COMMAND_LINE, "x"));
        assertFalse(fires(cmd(""), Ecs.PROCESS_NAME, "x"));
    }

    @Test
    void nullMatchesAMissingField() {
        String d = "  sel:\n    Image: '/usr/bin/python3'\n    ParentImage: null\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PARENT_EXECUTABLE, "/bin/bash"));
        String notNull = "  sel:\n    Image: '/usr/bin/python3'\n  f:\n    ParentImage: null\n  condition: sel and not f\n";
        assertTrue(fires(notNull, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PARENT_EXECUTABLE, "/bin/bash"));
    }

    @Test
    void numbersAndBooleansCompareAsText() {
        String d = "  sel:\n    ProcessId: 4242\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_PID, "4242"));
        assertFalse(fires(d, Ecs.PROCESS_PID, "42420"));
    }

    // ---- maps, lists ----

    @Test
    void mapIsAndOfFields() {
        String d = "  sel:\n    Image|endswith: '/python3'\n    CommandLine|contains: 'gzip'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PROCESS_COMMAND_LINE, "import gzip"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/perl", Ecs.PROCESS_COMMAND_LINE, "import gzip"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PROCESS_COMMAND_LINE, "import bz2"));
    }

    @Test
    void listOfValuesIsOr() {
        String d = "  sel:\n    CommandLine|contains:\n      - gzip\n      - bz2\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "import bz2"));
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "import gzip"));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "import lzma"));
    }

    @Test
    void listOfMapsIsOr() {
        String d = "  sel:\n    - Image|endswith: '/perl'\n    - CommandLine|contains: zlib\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/perl"));
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PROCESS_COMMAND_LINE, "import zlib"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3", Ecs.PROCESS_COMMAND_LINE, "import os"));
    }

    @Test
    void keywordsSearchTheRawMessage() {
        String d = "  keywords:\n    - 'GzipFile'\n    - 'ZipFile('\n  condition: keywords\n";
        assertTrue(firesIn(d, eventWithRaw("linux", "process_creation", "type=EXECVE a0=python3 a2=gzip.gzipfile(x)")));
        assertFalse(firesIn(d, eventWithRaw("linux", "process_creation", "type=EXECVE a0=ls")));
        String all = "  keywords:\n    '|all':\n      - 'EXECVE'\n      - 'gzip'\n  condition: keywords\n";
        assertTrue(firesIn(all, eventWithRaw("linux", "process_creation", "type=EXECVE a1=gzip")));
        assertFalse(firesIn(all, eventWithRaw("linux", "process_creation", "type=EXECVE a1=bzip2")));
    }

    // ---- modifiers ----

    @Test
    void containsModifier() {
        String d = "  sel:\n    CommandLine|contains: 'Import GZIP'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c \"import gzip;\""));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c \"import bz2;\""));
    }

    @Test
    void startswithModifier() {
        String d = "  sel:\n    Image|startswith: 'C:\\Program Files\\7-Zip\\'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "C:\\Program Files\\7-Zip\\7z.exe"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "D:\\C:\\Program Files\\7-Zip\\7z.exe"));
    }

    @Test
    void endswithModifier() {
        String d = "  sel:\n    Image|endswith: '\\python.exe'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_EXECUTABLE, "C:\\Python311\\PYTHON.EXE"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "C:\\Python311\\python.exe.bak"));
        assertFalse(fires(d, Ecs.PROCESS_EXECUTABLE, "C:\\Python311\\mypython.exe"));
    }

    @Test
    void allModifierAndsTheValues() {
        String d = "  sel:\n    CommandLine|contains|all:\n      - 'import'\n      - 'tarfile'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c 'import tarfile; tarfile.open()'"));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c 'import zipfile'"));
    }

    @Test
    void reModifierIsCaseSensitiveUnlessI() {
        String d = "  sel:\n    CommandLine|re: 'import (gzip|bz2);'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c \"import bz2;x\""));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "python3 -c \"IMPORT BZ2;x\""));
        String i = "  sel:\n    CommandLine|re|i: 'import (gzip|bz2);'\n  condition: sel\n";
        assertTrue(fires(i, Ecs.PROCESS_COMMAND_LINE, "python3 -c \"IMPORT BZ2;x\""));
        String anchored = "  sel:\n    CommandLine|re: '^python'\n  condition: sel\n";
        assertFalse(fires(anchored, Ecs.PROCESS_COMMAND_LINE, "/usr/bin/python"));
    }

    @Test
    void reSubModifiersMultilineAndDotall() {
        String m = "  sel:\n    CommandLine|re|m: '^import zlib$'\n  condition: sel\n";
        assertTrue(fires(m, Ecs.PROCESS_COMMAND_LINE, "x\nimport zlib\ny"));
        assertFalse(fires("  sel:\n    CommandLine|re: '^import zlib$'\n  condition: sel\n",
                Ecs.PROCESS_COMMAND_LINE, "x\nimport zlib\ny"));
        String s = "  sel:\n    CommandLine|re|s: 'a.b'\n  condition: sel\n";
        assertTrue(fires(s, Ecs.PROCESS_COMMAND_LINE, "a\nb"));
        assertFalse(fires("  sel:\n    CommandLine|re: 'a.b'\n  condition: sel\n", Ecs.PROCESS_COMMAND_LINE, "a\nb"));
    }

    @Test
    void cidrModifier() {
        String d = "  sel:\n    DestinationIp|cidr:\n      - '10.0.0.0/8'\n      - 'fd00::/8'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.DESTINATION_IP, "10.20.30.40"));
        assertTrue(fires(d, Ecs.DESTINATION_IP, "fd12::1"));
        assertFalse(fires(d, Ecs.DESTINATION_IP, "11.0.0.1"));
        assertFalse(fires(d, Ecs.DESTINATION_IP, "example.com"));
        assertFalse(fires(d, Ecs.DESTINATION_IP, "2001:db8::1"));
    }

    @Test
    void windashModifierCoversDashVariants() {
        String d = "  sel:\n    CommandLine|windash|contains: ' -enc '\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell -enc AAAA"));
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell /enc AAAA"));
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell \u2013enc AAAA"));
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell \u2014enc AAAA"));
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell \u2015enc AAAA"));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "powershell +enc AAAA"));
    }

    @Test
    void existsModifier() {
        String yes = "  sel:\n    ParentImage|exists: true\n  condition: sel\n";
        assertTrue(fires(yes, Ecs.PARENT_EXECUTABLE, ""));
        assertFalse(fires(yes, Ecs.PROCESS_EXECUTABLE, "/bin/sh"));
        String no = "  sel:\n    ParentImage|exists: false\n  condition: sel\n";
        assertTrue(fires(no, Ecs.PROCESS_EXECUTABLE, "/bin/sh"));
    }

    @Test
    void casedModifier() {
        String d = "  sel:\n    CommandLine|cased|contains: 'GzipFile'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.PROCESS_COMMAND_LINE, "gzip.GzipFile('x')"));
        assertFalse(fires(d, Ecs.PROCESS_COMMAND_LINE, "gzip.gzipfile('x')"));
    }

    @Test
    void numericModifiers() {
        assertTrue(fires("  sel:\n    DestinationPort|lt: 1024\n  condition: sel\n", Ecs.DESTINATION_PORT, "443"));
        assertFalse(fires("  sel:\n    DestinationPort|lt: 1024\n  condition: sel\n", Ecs.DESTINATION_PORT, "1024"));
        assertTrue(fires("  sel:\n    DestinationPort|lte: 1024\n  condition: sel\n", Ecs.DESTINATION_PORT, "1024"));
        assertTrue(fires("  sel:\n    DestinationPort|gt: 1024\n  condition: sel\n", Ecs.DESTINATION_PORT, "8443"));
        assertTrue(fires("  sel:\n    DestinationPort|gte: 8443\n  condition: sel\n", Ecs.DESTINATION_PORT, "8443"));
        assertFalse(fires("  sel:\n    DestinationPort|gt: 1024\n  condition: sel\n", Ecs.DESTINATION_PORT, "https"));
    }

    @Test
    void expandFillsPlaceholdersFromConfig() {
        String d = "  sel:\n    TargetFilename|expand|endswith: '%exts%'\n  condition: sel\n";
        assertTrue(fires(d, Ecs.FILE_PATH, "/tmp/passwd.GZ"));
        assertTrue(fires(d, Ecs.FILE_PATH, "/tmp/passwd.zip"));
        assertFalse(fires(d, Ecs.FILE_PATH, "/tmp/passwd.txt"));
        // a placeholder inside a value expands to one value per configured item
        String inside = "  sel:\n    TargetFilename|expand: '%paths%*%exts%'\n  condition: sel\n";
        assertTrue(fires(inside, Ecs.FILE_PATH, "/dev/shm/x.zip"));
        assertFalse(fires(inside, Ecs.FILE_PATH, "/home/x.zip"));
        // an empty list matches nothing
        String empty = "  sel:\n    User|expand: '%none%'\n  condition: not sel\n";
        assertTrue(fires(empty, Ecs.USER_NAME, "root"));
        // without expand, %name% is literal (Windows environment variables look like placeholders)
        String literal = "  sel:\n    CommandLine|contains: '%APPDATA%'\n  condition: sel\n";
        assertTrue(fires(literal, Ecs.PROCESS_COMMAND_LINE, "copy x %appdata%\\y"));
        // \% is a plain percent sign in an expanded value
        String escaped = "  sel:\n    CommandLine|expand: '\\%x%exts%'\n  condition: sel\n";
        assertTrue(fires(escaped, Ecs.PROCESS_COMMAND_LINE, "%x.gz"));
    }

    @Test
    void aBacktrackingRegexIsStoppedByItsBudgetAndCounted() {
        fx.rule(LINUX_PROC, "  sel:\n    CommandLine|re: 'a.*.*.*x'\n  condition: sel\n");
        fx.rule(LINUX_PROC, "  sel:\n    CommandLine|contains: 'aaa'\n  condition: sel\n");
        io.packwatch.stats.Counters counters = new io.packwatch.stats.Counters();
        SigmaEngine engine = new SigmaEngine(fx.load(), io.packwatch.config.ConfigLoader.load(null,
                List.of("endpoint.sigma.regex_budget=100000")), counters);
        long t0 = System.nanoTime();
        // n^4 steps without the budget: about 20 s for these 400 characters on this machine
        List<String> ids = new java.util.ArrayList<>();
        engine.evaluate(event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "a".repeat(400) + "!"),
                a -> ids.add(a.ruleId()));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(List.of("rule-1"), ids);
        assertEquals(1, counters.get("endpoint.sigma.regex_budget_hits"));
        // a value within the budget still matches
        ids.clear();
        engine.evaluate(event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "aaax"), a -> ids.add(a.ruleId()));
        assertEquals(List.of("rule-0", "rule-1"), ids);
        assertEquals(1, counters.get("endpoint.sigma.regex_budget_hits"));
    }

    // ---- conditions ----

    private static final String THREE = "  selection_a:\n    CommandLine|contains: alpha\n"
            + "  selection_b:\n    CommandLine|contains: beta\n"
            + "  _helper:\n    CommandLine|contains: gamma\n";

    private boolean cond(String condition, String commandLine) {
        return fires(THREE + "  condition: " + condition + "\n", Ecs.PROCESS_COMMAND_LINE, commandLine);
    }

    @Test
    void andOrNot() {
        assertTrue(cond("selection_a and selection_b", "alpha beta"));
        assertFalse(cond("selection_a and selection_b", "alpha"));
        assertTrue(cond("selection_a or selection_b", "beta"));
        assertFalse(cond("selection_a or selection_b", "gamma"));
        assertTrue(cond("selection_a and not selection_b", "alpha"));
        assertFalse(cond("selection_a and not selection_b", "alpha beta"));
        assertTrue(cond("not not selection_a", "alpha"));
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        // a or b and c == a or (b and c)
        assertTrue(cond("selection_a or selection_b and _helper", "alpha"));
        assertFalse(cond("selection_a or selection_b and _helper", "beta"));
        // not a and b == (not a) and b
        assertTrue(cond("not selection_a and selection_b", "beta"));
        assertFalse(cond("not selection_a and selection_b", "alpha beta"));
    }

    @Test
    void parentheses() {
        assertFalse(cond("(selection_a or selection_b) and _helper", "alpha"));
        assertTrue(cond("(selection_a or selection_b) and _helper", "beta gamma"));
        assertTrue(cond("not (selection_a or selection_b)", "gamma"));
        assertTrue(cond("((selection_a))", "alpha"));
    }

    @Test
    void oneOfAndAllOfPatterns() {
        assertTrue(cond("1 of selection_*", "beta"));
        assertFalse(cond("1 of selection_*", "gamma"));
        assertTrue(cond("all of selection_*", "alpha beta"));
        assertFalse(cond("all of selection_*", "alpha"));
        assertTrue(cond("2 of selection_*", "alpha beta"));
        assertTrue(cond("1 of selection_* and not 1 of _h*", "alpha"));
        assertFalse(cond("1 of selection_* and not 1 of _h*", "alpha gamma"));
    }

    @Test
    void themLeavesOutUnderscoreIdentifiers() {
        assertTrue(cond("all of them", "alpha beta"));
        assertTrue(cond("1 of them", "beta"));
        assertFalse(cond("1 of them", "gamma"));
    }

    @Test
    void conditionListIsOr() {
        assertTrue(fires(THREE + "  condition:\n    - selection_a\n    - selection_b\n", Ecs.PROCESS_COMMAND_LINE, "beta"));
    }

    // ---- logsource and field mapping ----

    @Test
    void logsourceFiltersByProductAndCategory() {
        fx.rule(LINUX_PROC, "  sel:\n    CommandLine|contains: zlib\n  condition: sel\n");
        fx.rule("  category: process_creation\n", "  sel:\n    CommandLine|contains: zlib\n  condition: sel\n");
        fx.rule("  product: windows\n", "  sel:\n    CommandLine|contains: zlib\n  condition: sel\n");
        SigmaRuleSet rules = fx.load();
        assertEquals(List.of("rule-0", "rule-1"),
                RuleFixture.fire(rules, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "import zlib")));
        assertEquals(List.of("rule-1", "rule-2"),
                RuleFixture.fire(rules, event("windows", "process_creation", Ecs.PROCESS_COMMAND_LINE, "import zlib")));
        assertEquals(List.of("rule-1"),
                RuleFixture.fire(rules, event(null, "process_creation", Ecs.PROCESS_COMMAND_LINE, "import zlib")));
        assertEquals(List.of("rule-2"),
                RuleFixture.fire(rules, event("windows", "file_event", Ecs.PROCESS_COMMAND_LINE, "import zlib")));
        assertEquals(List.of(),
                RuleFixture.fire(rules, event("linux", "file_event", Ecs.PROCESS_COMMAND_LINE, "import zlib")));
    }

    @Test
    void serviceMustMatchTheEventModuleWhenTheEventNamesOne() {
        fx.rule("  product: linux\n  service: auditd\n", "  sel:\n    CommandLine|contains: zlib\n  condition: sel\n");
        SigmaRuleSet rules = fx.load();
        assertEquals(1, RuleFixture.fire(rules, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "zlib",
                "event.module", "auditd")).size());
        assertEquals(0, RuleFixture.fire(rules, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "zlib",
                "event.module", "sysmon")).size());
        assertEquals(1, RuleFixture.fire(rules, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "zlib"))
                .size());
    }

    @Test
    void sigmaFieldsMapToEcsAndUnmappedFieldsAreLookedUpByName() {
        assertTrue(fires("  sel:\n    ImageLoaded|endswith: '/libz.so.1'\n  condition: sel\n",
                Ecs.DLL_PATH, "/usr/lib/x86_64-linux-gnu/libz.so.1"));
        assertTrue(fires("  sel:\n    TargetFilename|endswith: '.gz'\n  condition: sel\n", Ecs.FILE_PATH, "/tmp/a.gz"));
        assertTrue(fires("  sel:\n    ScriptBlockText|contains: GZipStream\n  condition: sel\n",
                Ecs.SCRIPT_BLOCK, "New-Object IO.Compression.GZipStream"));
        assertTrue(fires("  sel:\n    Computer: WS1\n  condition: sel\n", Ecs.HOST_NAME, "ws1"));
        assertTrue(fires("  sel:\n    auditd.syscall: openat\n  condition: sel\n", "auditd.syscall", "openat"));
        assertTrue(fires("  sel:\n    IntegrityLevel: High\n  condition: sel\n", "winlog.event_data.IntegrityLevel",
                "High"));
        assertTrue(fires("  sel:\n    Hashes|contains: 'SHA256=ABCD'\n  condition: sel\n", Ecs.FILE_HASH_SHA256, "abcd",
                Ecs.FILE_HASH_MD5, "00"));
    }

    @Test
    void fieldLookupsAreFreshForEveryEvent() {
        fx.rule(LINUX_PROC, "  sel:\n    CommandLine|contains: zlib\n  condition: sel\n");
        SigmaRuleSet rules = fx.load();
        SigmaEngine engine = new SigmaEngine(rules, List.of(), new io.packwatch.stats.Counters());
        assertEquals(1, RuleFixture.alerts(engine, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "zlib"))
                .size());
        assertEquals(0, RuleFixture.alerts(engine, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "os"))
                .size());
        assertEquals(0, RuleFixture.alerts(engine, event("linux", "process_creation")).size());
        assertEquals(1, RuleFixture.alerts(engine, event("linux", "process_creation", Ecs.PROCESS_COMMAND_LINE, "ZLIB"))
                .size());
    }
}
