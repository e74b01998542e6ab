package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each hostile value on its own in every field of an alert (what the wire and syslog can put there: host names, URLs,
 * file names, user agents, command lines, user names), through each format and the octet-counted framing, read back
 * by a receiver written from the specs ({@link MessageParsing}): one frame per alert whose count matches, the syslog
 * header untouched, every key once, and every value back as sent, or with controls as U+FFFD where the format has
 * no escape for them, or cut with {@link Clip#MARKER} when the message had to shrink.
 */
class HostileValuesTest {
    private static final SyslogHeader HEADER = new SyslogHeader(16, "sensor1", "42");
    private static final int MAX = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String R = "\uFFFD";

    static final List<String> VALUES = HostileValues.VALUES;
    private static final Set<String> CEF_KEYS = Set.of("rt", "src", "spt", "dst", "dpt", "proto", "shost", "suser",
            "fname", "fsize", "fileHash", "act", "externalId", "cs1", "cs1Label", "cn1", "cn1Label", "sproc", "dhost",
            "requestMethod", "request", "fileType", "cs2", "cs2Label", "cs3", "cs3Label", "cs4", "cs4Label", "cs5", "cs5Label", "cs6",
            "cs6Label");

    /** Sends the alert through the sized formatter and octet-counted framing, and reads the one frame back. */
    private static String frameAndRead(AlertFormatter f, Alert a) {
        return frameAndRead(f, a, true);
    }

    private static String frameAndRead(AlertFormatter f, Alert a, boolean syslogHeader) {
        byte[] msg = new SizedFormatter(f, MAX).format(a);
        byte[] prefix = Framing.OCTET_COUNTING.prefix(msg.length);
        byte[] wire = new byte[prefix.length + msg.length];
        System.arraycopy(prefix, 0, wire, 0, prefix.length);
        System.arraycopy(msg, 0, wire, prefix.length, msg.length);
        // RFC 6587 octet counting: digits, a space, that many bytes, and nothing else
        int sp = 0;
        while (wire[sp] >= '0' && wire[sp] <= '9') {
            sp++;
        }
        assertEquals(' ', wire[sp]);
        int count = Integer.parseInt(new String(wire, 0, sp, StandardCharsets.US_ASCII));
        assertEquals(wire.length - sp - 1, count, "octet count");
        byte[] body = Arrays.copyOfRange(wire, sp + 1, wire.length);
        FormatterTest.assertCleanUtf8(body);
        assertTrue(body.length <= MAX, "message of " + body.length);
        String text = new String(body, StandardCharsets.UTF_8);
        if (!syslogHeader) {
            return text;
        }
        String[] head = text.split(" ", 7);
        assertTrue(head[0].matches("<1[36]\\d>1"), head[0]);
        assertEquals(List.of("2026-11-30T12:34:56.789Z", "sensor1", "packwatch", "42"), List.of(head).subList(1, 5));
        assertTrue(head[5].matches("[!-~]{1,32}"), "MSGID " + head[5]);
        return text;
    }

    /** What a value becomes where the format has no escape for controls: each control or lone surrogate is U+FFFD. */
    static String controlsReplaced(String v, boolean keepCrLf) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                sb.append(c).append(v.charAt(++i));
            } else if (Character.isSurrogate(c)
                    || (c < 0x20 || c >= 0x7F && c < 0xA0 || c == 0x2028 || c == 0x2029) && !(keepCrLf && (c == '\r' || c == '\n'))) {
                sb.append(R);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void assertValue(String expected, String got, String where) {
        if (got.endsWith(Clip.MARKER)) {
            String kept = got.substring(0, got.length() - Clip.MARKER.length());
            assertTrue(expected.startsWith(kept), where + ": cut value is not a prefix");
        } else {
            assertEquals(expected, got, where);
        }
    }

    @Test
    void cef() {
        for (String v : VALUES) {
            String msg = frameAndRead(new CefFormatter(HEADER, "1.0"), SampleAlerts.hostile(v));
            List<String> parts = MessageParsing.cefParts(MessageParsing.afterSyslogHeader(msg, true));
            assertEquals(8, parts.size(), "header fields of " + show(v));
            assertEquals(List.of("CEF:0", "packwatch", "packwatch", "1.0"), parts.subList(0, 4));
            Map<String, String> ext = MessageParsing.cefExtension(parts.get(7));
            assertEquals(CEF_KEYS, ext.keySet(), show(v));
            String expected = controlsReplaced(v, true);
            for (String key : List.of("shost", "suser", "fname", "request", "sproc", "dhost", "externalId")) {
                assertValue(expected, ext.get(key), key + " of " + show(v));
            }
            assertValue(controlsReplaced(v, false), parts.get(5), "name of " + show(v));
        }
    }

    @Test
    void leef() {
        for (char delimiter : new char[] {'^', '\t'}) {
            for (String v : VALUES) {
                String msg = frameAndRead(new LeefFormatter(HEADER, "1.0", delimiter), SampleAlerts.hostile(v));
                String leef = MessageParsing.afterSyslogHeader(msg, true);
                List<String> head = MessageParsing.leefHeader(leef);
                assertEquals(List.of("LEEF:2.0", "packwatch", "packwatch", "1.0"), head.subList(0, 4));
                Map<String, String> attrs = MessageParsing.leefAttributes(leef, delimiter);
                assertEquals(26, attrs.size(), show(v));
                String expected = controlsReplaced(v, false);
                if (delimiter == '^') {
                    expected = expected.replace("^", R);
                }
                for (String key : List.of("identHostName", "usrName", "fileName", "url", "process", "alertId")) {
                    assertValue(expected, attrs.get(key), key + " of " + show(v));
                }
            }
        }
    }

    @Test
    void rfc5424() throws Exception {
        for (String v : VALUES) {
            String msg = frameAndRead(new Rfc5424Formatter(HEADER, "pw1"), SampleAlerts.hostile(v));
            String sd = MessageParsing.afterSyslogHeader(msg, false);
            int[] end = new int[1];
            Map<String, String> params = MessageParsing.sdParams(sd, end);
            assertEquals(16, params.size(), show(v));
            for (String key : List.of("host", "user", "fname", "alertId")) {
                assertValue(controlsReplaced(v, false), params.get(key), key + " of " + show(v));
            }
            assertEquals(' ', sd.charAt(end[0]));
            checkJson(sd.substring(end[0] + 1), v);
        }
    }

    @Test
    void json() throws Exception {
        for (String v : VALUES) {
            checkJson(frameAndRead(new JsonFormatter("pw1"), SampleAlerts.hostile(v), false), v);
        }
    }

    /** JSON escapes every control, so only lone surrogates change. */
    private static void checkJson(String json, String v) throws Exception {
        JsonNode root = JSON.readTree(json);
        String expected = v.replaceAll("(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])", R);
        List<String> strings = new ArrayList<>();
        collect(root, strings);
        int hostile = 0;
        for (String s : strings) {
            if (!Set.of("alert", "packwatch.alert", "pw1", "2026-11-30T12:34:56.789123456Z").contains(s)) {
                assertValue(expected, s, "JSON string of " + show(v));
                hostile++;
            }
        }
        assertTrue(hostile >= 10, hostile + " hostile strings kept of " + show(v));
        assertEquals("pw1", root.at("/observer/name").asText());
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }

    private static String show(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "...(" + v.length() + ")" : v;
    }
}
