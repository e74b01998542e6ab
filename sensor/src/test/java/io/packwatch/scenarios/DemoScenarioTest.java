package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the demo capture (the four Atomic Red Team T1560.002 tests run for
 * real on alice-pc, 10.1.0.5, their artifacts uploaded to 203.0.113.10, plus benign traffic to
 * 198.51.100.20) replayed with the Sysmon for Linux events of the same run.
 */
class DemoScenarioTest {
    @TempDir
    static Path tmp;
    static SensorRun run;

    @BeforeAll
    static void replay() {
        Path demo = Repo.root().resolve("pcaps/demo");
        run = SensorRun.of(tmp, "--read", demo.resolve("demo.pcap").toString(), "--endpoint-events",
                demo.resolve("endpoint.log").toString());
    }

    private static List<JsonNode> dataset(String name) {
        return run.records.stream().filter(r -> r.at("/event/dataset").asText().equals(name)).toList();
    }

    @Test
    void everyAtomicTestIsSeenOnTheEndpoint() {
        Map<String, Integer> byRule = new TreeMap<>();
        for (JsonNode a : dataset("packwatch.endpoint")) {
            assertEquals("alert", a.at("/event/kind").asText());
            assertEquals("alice-pc", a.at("/host/name").asText());
            byRule.merge(a.at("/rule/name").asText(), 1, Integer::sum);
        }
        assertEquals(Map.of("Archive Written to a Staging Folder by a Script Interpreter", 4,
                "Script Interpreter Compresses Data Into an Archive File - Linux", 4,
                "Script Interpreter Imports a Compression Module - Linux", 4), byRule);
        assertEquals(22, run.counter("endpoint.messages"));
    }

    @Test
    void theUploadsToTheExfiltrationServerAreOneCorrelatedAlert() {
        List<JsonNode> alerts = dataset("packwatch.alert");
        assertEquals(1, alerts.size(), "benign traffic to 198.51.100.20 raises nothing: " + alerts);
        JsonNode a = alerts.get(0);
        assertEquals("pw.corr.archive_exfil", a.at("/rule/id").asText());
        assertTrue(a.at("/event/severity").asInt() >= 3);
        assertEquals("10.1.0.5", a.at("/source/ip").asText());
        assertEquals("203.0.113.10", a.at("/destination/ip").asText());
        // a correlated alert leads with the episode's first upload (the gzip, below the network rule's size)
        assertEquals(41001, a.at("/source/port").asInt());
        assertEquals("gzip", a.at("/dlp/format").asText());
        assertEquals("alice-pc", a.at("/host/name").asText());
        assertEquals("alice", a.at("/user/name").asText());
        List<String> formats = new ArrayList<>();
        for (JsonNode o : a.at("/dlp/objects")) {
            formats.add(o.at("/dlp/format").asText());
        }
        assertEquals(List.of("gzip", "bzip2", "zip", "zip"), formats);
        List<String> commands = new ArrayList<>();
        for (JsonNode e : a.at("/dlp/evidence")) {
            if (e.at("/rule/name").asText().startsWith("Script Interpreter Imports")) {
                commands.add(e.at("/process/command_line").asText());
            }
        }
        assertEquals(4, commands.size());
        assertTrue(commands.get(0).contains("gzip.GzipFile('/tmp/passwd.gz'"), commands.get(0));
        // The multipart file name and the PUT's URI name the files the Atomic tests wrote.
        assertEquals(List.of("host", "time", "name", "process", "format"),
                strings(a.at("/dlp/correlation/matched")));
        assertEquals(4, a.at("/event/severity").asInt());
        assertEquals(99, a.at("/event/risk_score").asInt());
        assertEquals(1, run.counter("alert.correlated"));
        assertEquals(0, run.exitCode);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
