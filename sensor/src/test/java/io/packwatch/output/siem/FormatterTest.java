package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatterTest {
    private static final SyslogHeader HEADER = new SyslogHeader(16, "sensor1", "42");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String R = "\uFFFD";

    /** HOSTILE inside a CEF extension value. */
    private static final String CEF_VALUE = "a|b\\=c\\\\d]e\"f\\ng\\rh" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p";
    /** HOSTILE inside a CEF or LEEF header field. */
    private static final String HEADER_FIELD = "a\\|b=c\\\\d]e\"f" + R + "g" + R + "h" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p";
    /** HOSTILE inside a LEEF attribute value with ^ as the delimiter. */
    private static final String LEEF_VALUE = "a|b=c\\d]e\"f" + R + "g" + R + "h" + R + "i" + R + "j" + R + "k" + R + "l}m,n" + R + "o p";
    /** HOSTILE inside an RFC 5424 PARAM-VALUE. */
    private static final String SD_VALUE = "a|b=c\\\\d\\]e\\\"f" + R + "g" + R + "h" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p";
    /** HOSTILE as the RFC 5424 MSGID (printable ASCII only). */
    private static final String MSGID = "a|b=c\\d]e\"f_g_h_i^j_k_l}m,n_o_p";
    /** HOSTILE as JSON string content. */
    private static final String JSON_VALUE = "a|b=c\\\\d]e\\\"f\\ng\\rh\\u0000i^j" + R + "k" + R + "l}m,n\\u2028o p";

    private static String text(AlertFormatter f, Alert a) {
        byte[] bytes = f.format(a, Clip.NONE);
        assertCleanUtf8(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Valid UTF-8 without LF, CR or NUL: nothing that could end or split a syslog frame. */
    static void assertCleanUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' || b == '\r' || b == 0) {
                throw new AssertionError("framing byte " + b + " in " + new String(bytes, StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8", e);
        }
    }

    @Test
    void cefOfACorrelatedAlert() {
        String msg = text(new CefFormatter(HEADER, "1.0"), SampleAlerts.correlated("a1"));
        assertEquals("<131>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 pw.corr.archive_exfil - "
                + "CEF:0|packwatch|packwatch|1.0|pw.corr.archive_exfil|Archive written by an interpreter left the network|8|"
                + "rt=1796042096789 src=10.1.0.5 spt=51234 dst=203.0.113.7 dpt=443 proto=TCP shost=ws-17 suser=alice"
                + " fname=passwd.gz fsize=1482 fileHash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                + " act=created externalId=a1 cs1=T1560.002,T1048 cs1Label=technique cn1=73 cn1Label=riskScore"
                + " sproc=/usr/bin/python3 request=http://203.0.113.7/upload cs2=gzip cs2Label=format"
                + " cs3=2026-11-30T12:34:50Z ws-17 /usr/bin/python3 [Python compression module]: python3 -c"
                + " \"import gzip; gzip.open('/tmp/passwd.gz','wb')\" cs3Label=evidence cs4=a1 cs4Label=alertId"
                + " cs5=host:ws-17, file_name:true, window_seconds:60 cs5Label=correlation"
                + " cs6=1:LQU9qZlK+B5F3KDmev6m5PMibrg\\= cs6Label=communityId", msg);
        List<String> parts = MessageParsing.cefParts(MessageParsing.afterSyslogHeader(msg, true));
        assertEquals(8, parts.size());
        Map<String, String> ext = MessageParsing.cefExtension(parts.get(7));
        assertEquals(List.of("rt", "src", "spt", "dst", "dpt", "proto", "shost", "suser", "fname", "fsize", "fileHash",
                "act", "externalId", "cs1", "cs1Label", "cn1", "cn1Label", "sproc", "request", "cs2", "cs2Label", "cs3",
                "cs3Label", "cs4", "cs4Label", "cs5", "cs5Label", "cs6", "cs6Label"), new ArrayList<>(ext.keySet()));
        assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", ext.get("cs6"));
    }

    @Test
    void cefWithHostileValuesInEveryField() {
        String msg = text(new CefFormatter(HEADER, "1|0\\"), SampleAlerts.hostile());
        String e = CEF_VALUE;
        String upper = "A|B\\=C\\\\D]E\"F\\nG\\rH" + R + "I^J" + R + "K" + R + "L}M,N" + R + "O P";
        assertEquals("<130>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 " + MSGID + " - CEF:0|packwatch|packwatch|1\\|0\\\\|"
                + HEADER_FIELD + "|" + HEADER_FIELD + "|10|rt=1796042096789 src=" + e + " spt=" + e + " dst=" + e
                + " dpt=" + e + " proto=" + upper + " shost=" + e + " suser=" + e + " fname=" + e + " fsize=" + e
                + " fileHash=" + e + " act=" + e + " externalId=" + e + " cs1=" + e + " cs1Label=technique cn1=100"
                + " cn1Label=riskScore sproc=" + e + " dhost=" + e + " requestMethod=" + e + " request=" + e + " fileType=" + e + " cs2=" + e
                + " cs2Label=format cs3=" + e + " [" + e + "]: " + e + " cs3Label=evidence cs4=" + e + " cs4Label=alertId"
                + " cs5=" + e + ":" + e + " cs5Label=correlation cs6=" + e + " cs6Label=communityId", msg);
        List<String> parts = MessageParsing.cefParts(MessageParsing.afterSyslogHeader(msg, true));
        assertEquals(8, parts.size(), "a value added or removed a header field");
        assertEquals("1|0\\", parts.get(3));
        Map<String, String> ext = MessageParsing.cefExtension(parts.get(7));
        assertEquals(Set.of("rt", "src", "spt", "dst", "dpt", "proto", "shost", "suser", "fname", "fsize", "fileHash",
                "act", "externalId", "cs1", "cs1Label", "cn1", "cn1Label", "sproc", "dhost", "requestMethod", "request",
                "fileType", "cs2", "cs2Label", "cs3", "cs3Label", "cs4", "cs4Label", "cs5", "cs5Label", "cs6", "cs6Label"), ext.keySet());
        String sanitized = "a|b=c\\d]e\"f\ng\rh" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p";
        assertEquals(sanitized, ext.get("fname"), "a receiver gets the value back, line breaks included");
    }

    @Test
    void leefOfACorrelatedAlert() {
        String msg = text(new LeefFormatter(HEADER, "1.0", '^'), SampleAlerts.correlated("a1"));
        assertEquals("<131>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 pw.corr.archive_exfil - "
                + "LEEF:2.0|packwatch|packwatch|1.0|pw.corr.archive_exfil|^|devTime=2026-11-30 12:34:56.789 +0000"
                + "^devTimeFormat=yyyy-MM-dd HH:mm:ss.SSS Z^cat=corr^sev=8^src=10.1.0.5^srcPort=51234^dst=203.0.113.7"
                + "^dstPort=443^proto=tcp^usrName=alice^identHostName=ws-17"
                + "^ruleName=Archive written by an interpreter left the network^technique=T1560.002,T1048^riskScore=73"
                + "^alertId=a1^action=created^fileName=passwd.gz^fileSize=1482"
                + "^fileHash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08^format=gzip"
                + "^process=/usr/bin/python3^url=http://203.0.113.7/upload^evidence=2026-11-30T12:34:50Z ws-17"
                + " /usr/bin/python3 [Python compression module]: python3 -c \"import gzip; gzip.open('/tmp/passwd.gz','wb')\""
                + "^correlation=host:ws-17, file_name:true, window_seconds:60^communityId=1:LQU9qZlK+B5F3KDmev6m5PMibrg=", msg);
    }

    @Test
    void leefWithHostileValuesInEveryField() {
        String msg = text(new LeefFormatter(HEADER, "1.0", '^'), SampleAlerts.hostile());
        String v = LEEF_VALUE;
        assertEquals("<130>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 " + MSGID + " - LEEF:2.0|packwatch|packwatch|1.0|"
                + HEADER_FIELD + "|^|devTime=2026-11-30 12:34:56.789 +0000^devTimeFormat=yyyy-MM-dd HH:mm:ss.SSS Z"
                + "^cat=alert^sev=10^src=" + v + "^srcPort=" + v + "^dst=" + v + "^dstPort=" + v + "^proto=" + v
                + "^usrName=" + v + "^identHostName=" + v + "^ruleName=" + v + "^technique=" + v + "^riskScore=100"
                + "^alertId=" + v + "^action=" + v + "^fileName=" + v + "^fileSize=" + v + "^fileHash=" + v + "^format=" + v
                + "^fileType=" + v + "^process=" + v + "^url=" + v + "^evidence=" + v + " [" + v + "]: " + v + "^correlation=" + v + ":" + v
                + "^communityId=" + v, msg);
        String leef = MessageParsing.afterSyslogHeader(msg, true);
        assertEquals(List.of("LEEF:2.0", "packwatch", "packwatch", "1.0", "a|b=c\\d]e\"f" + R + "g" + R + "h" + R + "i^j"
                + R + "k" + R + "l}m,n" + R + "o p", "^"), MessageParsing.leefHeader(leef));
        assertEquals(26, MessageParsing.leefAttributes(leef, '^').size());
    }

    @Test
    void leefWithATabDelimiterNamesItInHex() {
        String msg = text(new LeefFormatter(HEADER, "1.0", '\t'), SampleAlerts.hostile());
        String leef = MessageParsing.afterSyslogHeader(msg, true);
        assertEquals("0x09", MessageParsing.leefHeader(leef).get(5));
        Map<String, String> attrs = MessageParsing.leefAttributes(leef, '\t');
        assertEquals(26, attrs.size());
        assertEquals("a|b=c\\d]e\"f" + R + "g" + R + "h" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p", attrs.get("src"));
    }

    @Test
    void rfc5424OfACorrelatedAlert() throws Exception {
        String msg = text(new Rfc5424Formatter(HEADER, "pw1"), SampleAlerts.correlated("a1"));
        String prefix = "<131>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 pw.corr.archive_exfil [packwatch@32473"
                + " ruleId=\"pw.corr.archive_exfil\" severity=\"high\" riskScore=\"73\" alertId=\"a1\" action=\"created\""
                + " technique=\"T1560.002,T1048\" src=\"10.1.0.5\" spt=\"51234\" dst=\"203.0.113.7\" dpt=\"443\" host=\"ws-17\""
                + " user=\"alice\" fname=\"passwd.gz\""
                + " sha256=\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\" format=\"gzip\"] ";
        assertEquals(prefix, msg.substring(0, prefix.length()));
        assertEquals(text(new JsonFormatter("pw1"), SampleAlerts.correlated("a1")), msg.substring(prefix.length()));
    }

    @Test
    void rfc5424WithHostileValuesInEveryField() throws Exception {
        String msg = text(new Rfc5424Formatter(HEADER, "pw1"), SampleAlerts.hostile());
        String p = SD_VALUE;
        String prefix = "<130>1 2026-11-30T12:34:56.789Z sensor1 packwatch 42 " + MSGID + " [packwatch@32473 ruleId=\"" + p
                + "\" severity=\"critical\" riskScore=\"100\" alertId=\"" + p + "\" action=\"" + p + "\" technique=\"" + p
                + "\" src=\"" + p + "\" spt=\"" + p + "\" dst=\"" + p + "\" dpt=\"" + p + "\" host=\"" + p + "\" user=\"" + p
                + "\" fname=\"" + p + "\" sha256=\"" + p + "\" format=\"" + p + "\" document=\"" + p + "\"] ";
        assertEquals(prefix, msg.substring(0, prefix.length()));
        String sd = MessageParsing.afterSyslogHeader(msg, false);
        int[] end = new int[1];
        Map<String, String> params = MessageParsing.sdParams(sd, end);
        assertEquals(16, params.size());
        assertEquals("a|b=c\\d]e\"f" + R + "g" + R + "h" + R + "i^j" + R + "k" + R + "l}m,n" + R + "o p", params.get("fname"));
        assertEquals(text(new JsonFormatter("pw1"), SampleAlerts.hostile()), sd.substring(end[0] + 1));
    }

    @Test
    void jsonOfACorrelatedAlertIsTheAlertRecord() {
        assertEquals("{\"@timestamp\":\"2026-11-30T12:34:56.789123456Z\",\"event\":{\"kind\":\"alert\",\"dataset\":"
                + "\"packwatch.alert\",\"action\":\"created\",\"id\":\"a1\",\"severity\":3,\"risk_score\":73},\"observer\":"
                + "{\"name\":\"pw1\"},\"rule\":{\"id\":\"pw.corr.archive_exfil\",\"name\":\"Archive written by an interpreter"
                + " left the network\"},\"threat\":{\"technique\":{\"id\":[\"T1560.002\",\"T1048\"]}},\"source\":{\"ip\":"
                + "\"10.1.0.5\",\"port\":51234},\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443},\"network\":"
                + "{\"transport\":\"tcp\"},\"community_id\":\"1:LQU9qZlK+B5F3KDmev6m5PMibrg=\",\"host\":{\"name\":\"ws-17\"},"
                + "\"user\":{\"name\":\"alice\"},\"process\":{\"executable\":\"/usr/bin/python3\"},\"file\":{\"name\":"
                + "\"passwd.gz\",\"size\":1482,\"hash\":{\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}},"
                + "\"dlp\":{\"format\":\"gzip\",\"evidence\":[{\"@timestamp\":\"2026-11-30T12:34:50Z\",\"host\":{\"name\":"
                + "\"ws-17\"},\"process\":{\"executable\":\"/usr/bin/python3\",\"command_line\":\"python3 -c \\\"import gzip;"
                + " gzip.open('/tmp/passwd.gz','wb')\\\"\"},\"rule\":{\"name\":\"Python compression module\"}}],"
                + "\"correlation\":{\"host\":\"ws-17\",\"file_name\":true,\"window_seconds\":60}},\"url\":{\"original\":"
                + "\"http://203.0.113.7/upload\"},\"related\":{\"ip\":[\"10.1.0.5\",\"203.0.113.7\"]}}",
                text(new JsonFormatter("pw1"), SampleAlerts.correlated("a1")));
    }

    @Test
    void jsonWithHostileValuesInEveryField() throws Exception {
        String msg = text(new JsonFormatter("pw1"), SampleAlerts.hostile());
        assertTrue(msg.startsWith("{\"@timestamp\":\"2026-11-30T12:34:56.789123456Z\",\"event\":{\"kind\":\"alert\","
                + "\"dataset\":\"packwatch.alert\",\"action\":\"" + JSON_VALUE + "\",\"id\":\"" + JSON_VALUE + "\",\"severity\":4,"), msg);
        JsonNode root = JSON.readTree(msg);
        String sanitized = "a|b=c\\d]e\"f\ng\rh\0i^j" + R + "k" + R + "l}m,n\u2028o p";
        List<String> strings = new ArrayList<>();
        collect(root, strings);
        assertEquals(32, strings.size()); // every string of the record
        for (String s : strings) {
            assertTrue(s.equals(sanitized) || s.equals("alert") || s.equals("packwatch.alert") || s.equals("pw1")
                    || s.equals("2026-11-30T12:34:56.789123456Z"), s);
        }
        assertEquals(sanitized, root.path(sanitized).asText(), "a hostile field name is a key, not structure");
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }

    @Test
    void dottedFieldsNestAndHeaderFieldsWin() throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event.severity", 1); // must not override the alert's own severity
        f.put("file.hash.md5", "d41d8cd98f00b204e9800998ecf8427e");
        f.put("file.name", "a.zip");
        f.put("file", "clash"); // file is an object already: skipped
        f.put("dlp.objects", List.of(Map.of("file.size", 3)));
        Alert a = new Alert("x", "updated", 0, "r", "n", 2, 5, List.of(), f);
        JsonNode root = JSON.readTree(text(new JsonFormatter(null), a));
        assertEquals(2, root.path("event").path("severity").asInt());
        assertEquals("updated", root.path("event").path("action").asText());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", root.path("file").path("hash").path("md5").asText());
        assertEquals("a.zip", root.path("file").path("name").asText());
        assertEquals(3, root.path("dlp").path("objects").get(0).path("file").path("size").asInt());
        assertFalse(root.has("observer"));
        assertEquals("1970-01-01T00:00:00.000000Z", root.path("@timestamp").asText());
    }
}
