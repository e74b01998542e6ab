package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TruncationTest {
    private static final SyslogHeader HEADER = new SyslogHeader(16, "sensor1", "42");

    /** A command line of escapes and emoji (surrogate pairs), 200 evidence events, a huge file name. */
    static Alert huge() {
        Alert base = SampleAlerts.correlated("big-1");
        Map<String, Object> f = new LinkedHashMap<>(base.fields());
        String nasty = "\\=|]\"\n\uD83D\uDE00".repeat(300);
        f.put("process.command_line", nasty);
        f.put("file.name", "x".repeat(20000) + "\uD83D\uDE00");
        List<Object> evidence = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("host.name", "ws-" + i);
            e.put("process.command_line", nasty);
            evidence.add(e);
        }
        f.put("dlp.evidence", evidence);
        return new Alert(base.id(), base.action(), base.timestampNanos(), base.ruleId(), base.ruleName(), base.severity(),
                base.riskScore(), base.techniques(), f);
    }

    @Test
    void everyFormatStaysWithinTheLimitAndWellFormed() throws Exception {
        for (int limit : new int[] {1024, 2048, 8192, 65536}) {
            SizedFormatter cef = new SizedFormatter(new CefFormatter(HEADER, "1.0"), limit);
            String msg = new String(cef.format(huge()), StandardCharsets.UTF_8);
            assertTrue(cef.lastTruncated());
            assertTrue(msg.getBytes(StandardCharsets.UTF_8).length <= limit, limit + ": " + msg.length());
            FormatterTest.assertCleanUtf8(msg.getBytes(StandardCharsets.UTF_8));
            List<String> parts = MessageParsing.cefParts(MessageParsing.afterSyslogHeader(msg, true));
            assertEquals(8, parts.size());
            Map<String, String> ext = MessageParsing.cefExtension(parts.get(7));
            assertTrue(ext.get("fname").endsWith(Clip.MARKER), ext.get("fname"));
            assertEquals("10.1.0.5", ext.get("src"));
            assertEquals("big-1", ext.get("externalId"));

            SizedFormatter leef = new SizedFormatter(new LeefFormatter(HEADER, "1.0", '^'), limit);
            msg = new String(leef.format(huge()), StandardCharsets.UTF_8);
            assertTrue(msg.getBytes(StandardCharsets.UTF_8).length <= limit);
            Map<String, String> attrs = MessageParsing.leefAttributes(MessageParsing.afterSyslogHeader(msg, true), '^');
            assertTrue(attrs.get("fileName").endsWith(Clip.MARKER));
            assertEquals("203.0.113.7", attrs.get("dst"));

            for (AlertFormatter f : new AlertFormatter[] {new JsonFormatter("pw1"), new Rfc5424Formatter(HEADER, "pw1")}) {
                SizedFormatter sized = new SizedFormatter(f, limit);
                byte[] bytes = sized.format(huge());
                assertTrue(bytes.length <= limit, f + " " + limit + ": " + bytes.length);
                FormatterTest.assertCleanUtf8(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8);
                JsonNode root = new ObjectMapper().readTree(text.substring(text.indexOf('{')));
                assertTrue(root.path("file").path("name").asText().endsWith(Clip.MARKER));
                assertEquals("pw.corr.archive_exfil", root.path("rule").path("id").asText());
                assertEquals(51234, root.path("source").path("port").asInt());
            }
        }
    }

    @Test
    void cutsKeepEvidenceCountsAndSurrogatePairs() throws Exception {
        SizedFormatter json = new SizedFormatter(new JsonFormatter("pw1"), 65536);
        JsonNode root = new ObjectMapper().readTree(json.format(huge()));
        JsonNode evidence = root.path("dlp").path("evidence");
        assertEquals(17, evidence.size(), "16 kept, then a marker");
        assertEquals(Clip.MARKER + " 184 more", evidence.get(16).path("truncated").asText());
        String cmd = evidence.get(0).path("process").path("command_line").asText();
        assertEquals(1024 + Clip.MARKER.length(), cmd.length());
        assertFalse(cmd.contains("\uFFFD"));
    }

    @Test
    void smallAlertsAreNotTouched() {
        SizedFormatter cef = new SizedFormatter(new CefFormatter(HEADER, "1.0"), 8192);
        byte[] whole = new CefFormatter(HEADER, "1.0").format(SampleAlerts.correlated("a"), Clip.NONE);
        assertEquals(new String(whole, StandardCharsets.UTF_8),
                new String(cef.format(SampleAlerts.correlated("a")), StandardCharsets.UTF_8));
        assertFalse(cef.lastTruncated());
    }

    @Test
    void clipNeverSplitsASurrogatePair() {
        Clip clip = new Clip(3, 1, false);
        assertEquals("ab" + Clip.MARKER, clip.text("ab\uD83D\uDE00cd"));
        assertEquals("abc" + Clip.MARKER, clip.text("abcd"));
        assertEquals("abc", clip.text("abc"));
    }
}
