package io.packwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointAlertWriterTest {
    private static JsonNode write(EndpointAlert a) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordSink sink = new RecordSink(out, false)) {
            new EndpointAlertWriter(sink, "sensor-1").write(a);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, text);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void sigmaAlertCarriesRuleSeverityTechniqueAndTheEventNested() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.11");
        f.put(Ecs.PROCESS_COMMAND_LINE, "python3 -c \"import gzip;x=gzip.GzipFile('/tmp/o.gz','wb')\"");
        f.put(Ecs.PROCESS_PID, "4242");
        f.put(Ecs.PARENT_PID, "n/a");
        f.put(Ecs.HOST_NAME, "web-1");
        f.put(Ecs.USER_NAME, "bob");
        f.put(Ecs.EVENT_CODE, "1");
        f.put("process.name", "python3.11");
        f.put("event.kind", "event");
        EndpointEvent e = new EndpointEvent(1_764_500_000_123_456_789L, "linux", "process_creation", "sysmon_linux", f,
                "<14>1 2026-11-30T10:53:20Z web-1 sysmon - - - <Event>...</Event>", "10.1.0.5");
        JsonNode r = write(new EndpointAlert("effce24f-9c5d-4401-b3e8-48c10387a63a",
                "Script Interpreter Imports a Compression Module - Linux", "medium",
                List.of("attack.collection", "attack.t1560.002"), List.of("T1560.002"), e));
        assertEquals("2025-11-30T10:53:20.123456789Z", r.get("@timestamp").asText());
        assertEquals("alert", r.at("/event/kind").asText());
        assertEquals("packwatch.endpoint", r.at("/event/dataset").asText());
        assertEquals(2, r.at("/event/severity").asInt());
        assertEquals(47, r.at("/event/risk_score").asInt());
        assertEquals("1", r.at("/event/code").asText());
        assertEquals("effce24f-9c5d-4401-b3e8-48c10387a63a", r.at("/rule/id").asText());
        assertEquals("Script Interpreter Imports a Compression Module - Linux", r.at("/rule/name").asText());
        assertEquals("sigma", r.at("/rule/ruleset").asText());
        assertEquals("T1560.002", r.at("/threat/technique/id/0").asText());
        assertEquals("MITRE ATT&CK", r.at("/threat/framework").asText());
        assertEquals("/usr/bin/python3.11", r.at("/process/executable").asText());
        assertEquals("python3.11", r.at("/process/name").asText());
        assertTrue(r.at("/process/pid").isInt());
        assertEquals(4242, r.at("/process/pid").asInt());
        assertEquals("n/a", r.at("/process/parent/pid").asText());
        assertEquals("python3 -c \"import gzip;x=gzip.GzipFile('/tmp/o.gz','wb')\"", r.at("/process/command_line").asText());
        assertEquals("web-1", r.at("/host/name").asText());
        assertEquals("linux", r.at("/host/os/type").asText());
        assertEquals("bob", r.at("/user/name").asText());
        assertEquals("sensor-1", r.at("/observer/name").asText());
        assertEquals("attack.t1560.002", r.at("/tags/1").asText());
        assertEquals("10.1.0.5", r.at("/log/syslog/sender").asText());
        assertTrue(r.at("/log/original").asText().startsWith("<14>1 2026"));
    }

    @Test
    void forwardedAlertKeepsTheSendersFieldsAndMergesThreat() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(Ecs.RULE_NAME, "Archive staged by script");
        f.put(Ecs.THREAT_TECHNIQUE_ID, "T1560.002");
        f.put("threat.tactic.name", "Collection");
        f.put(Ecs.OBSERVER_VENDOR, "Microsoft");
        f.put("file.path", "C:\\Users\\Public\\d.zip");
        f.put("file.path.extra", "conflicting dotted name");
        EndpointEvent e = new EndpointEvent(0, "windows", "alert", "cef", f, null, null);
        JsonNode r = write(new EndpointAlert("pw.edr.forwarded", "Archive staged by script", "high",
                List.of("attack.collection", "attack.t1560.002"), List.of("T1560.002"), e));
        assertEquals("1970-01-01T00:00:00.000000Z", r.get("@timestamp").asText());
        assertEquals("packwatch", r.at("/rule/ruleset").asText());
        assertEquals("Archive staged by script", r.at("/rule/name").asText());
        assertEquals(3, r.at("/event/severity").asInt());
        assertEquals("Collection", r.at("/threat/tactic/name").asText());
        assertEquals("T1560.002", r.at("/threat/technique/id/0").asText());
        assertEquals(1, r.at("/threat/technique/id").size());
        assertEquals("Microsoft", r.at("/observer/vendor").asText());
        assertEquals("C:\\Users\\Public\\d.zip", r.at("/file/path").asText());
        assertEquals("conflicting dotted name", r.at("/file/path.extra").asText());
        assertFalse(r.has("log"));
    }

    /** Hostile values from syslog in every field of the event, its raw text and the rule: one valid JSON line each. */
    @Test
    void hostileValuesStayOneJsonLine() throws Exception {
        for (String v : io.packwatch.output.siem.HostileValues.VALUES) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String key : List.of(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_COMMAND_LINE, Ecs.HOST_NAME, Ecs.USER_NAME,
                    "file.path", "process.name")) {
                f.put(key, v);
            }
            if (v.length() <= 256) {
                f.put(v, v); // as a name too: the parsers drop longer names (endpoint.parse.max_field_name_chars)
            }
            EndpointEvent e = new EndpointEvent(1_764_500_000_123_456_789L, v, v, v, f, v, v);
            JsonNode r = write(new EndpointAlert(v, v, "high", List.of(v), List.of(v), e));
            String expected = v.replaceAll("(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])",
                    "\uFFFD");
            for (String path : List.of("/process/command_line", "/host/name", "/user/name", "/rule/name", "/rule/id")) {
                String got = r.at(path).asText();
                assertTrue(got.equals(expected) || got.endsWith(Clip.MARKER)
                        && expected.startsWith(got.substring(0, got.length() - Clip.MARKER.length())),
                        path + " of " + v.substring(0, Math.min(30, v.length())) + ": " + got.substring(0,
                                Math.min(60, got.length())));
            }
        }
    }
}
