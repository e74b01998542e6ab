package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor loads the Sigma rules at start: a broken user rule stops it with file, line and reason. */
class SigmaStartupTest {
    @TempDir
    Path tmp;

    @Test
    void brokenUserRuleStopsTheStart() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("mine.yml"), "title: mine\nid: m1\nlogsource:\n  product: linux\n"
                + "  category: process_creation\ndetection:\n  selection:\n    CommandLine|contians: zlib\n"
                + "  condition: selection\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = SensorMain.run("--read", Repo.pcap("inspect-uploads.pcap").toString(), "-q", "-o",
                    tmp.resolve("out.ndjson").toString(), "--set", "endpoint.sigma.rules=" + rules);
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, rc, text);
        assertTrue(text.startsWith("sensor: Sigma rule: " + rules.resolve("mine.yml") + ":8: unknown modifier 'contians'"
                + " in 'CommandLine|contians'"), text);
    }

    @Test
    void shippedRulesLoadAndAreCounted() throws Exception {
        Path out = tmp.resolve("out.ndjson");
        int rc = SensorMain.run("--read", Repo.pcap("inspect-uploads.pcap").toString(), "-q", "-o", out.toString());
        assertEquals(0, rc);
        String stats = Files.readAllLines(out).stream().filter(l -> l.contains("packwatch.stats")).findFirst().orElseThrow();
        assertTrue(stats.contains("\"rules_loaded\":11"), stats);
    }
}
