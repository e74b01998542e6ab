package io.packwatch.endpoint.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage in: counted, never thrown, never silently lost. */
class HostileInputTest {
    private final Counters counters = new Counters();
    private final EndpointParser parser = new EndpointParser(ParseConfig.defaults(), counters);

    private List<EndpointEvent> parse(byte[] b) {
        return parser.parse(b, 0, b.length, Samples.SENDER, Samples.RECEIVED);
    }

    private List<EndpointEvent> parse(String s) {
        return parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryGarbageIsRejected() {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        assertTrue(parse(junk).isEmpty());
        assertTrue(parse(new byte[] {0, 0, 0, 1, 2, 3, 0x7F, 0x1B, 0, 0}).isEmpty());
        assertEquals(2, counters.get("endpoint.rejected.binary"));
        assertTrue(parse("").isEmpty());
        assertTrue(parse(" \t\r\n").isEmpty());
        assertEquals(2, counters.get("endpoint.rejected.empty"));
    }

    @Test
    void truncatedAndUnbalancedXmlBecomeGenericEvents() {
        String sysmon = Samples.lines("sysmon-linux.txt").get(0);
        List<EndpointEvent> cut = parse(sysmon.substring(0, sysmon.length() / 2));
        assertEquals("generic", cut.get(0).sourceFormat());
        assertEquals("sysmon", cut.get(0).get(Ecs.LOG_SYSLOG_APPNAME));
        assertEquals("ubuntu-ws", cut.get(0).get(Ecs.HOST_NAME));
        assertEquals(1, counters.get("endpoint.malformed.event_xml.unbalanced"));
        parse("Nov 14 22:13:20 h sysmon: <Event><System><EventID>1</EventID></Event></System>");
        assertEquals(2, counters.get("endpoint.malformed.event_xml.unbalanced"));
        parse("<Event><System></System></Event>");
        assertEquals(1, counters.get("endpoint.malformed.event_xml.no_event_id"));
        parse("<Event>" + "<a>".repeat(1000) + "</Event>");
        assertEquals(1, counters.get("endpoint.malformed.event_xml.too_deep"));
        parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Event>&e;</Event>");
        assertEquals(1, counters.get("endpoint.malformed.event_xml.syntax"));
        parse("<Event><System><Provider Name/><EventID>1</EventID></System><EventData><Data Name=\"a\">x=y</Data></EventData></Event>");
        assertEquals(2, counters.get("endpoint.malformed.event_xml.syntax"));
        assertEquals(6, counters.get("endpoint.parsed.generic"));
    }

    @Test
    void truncatedDeepAndNonObjectJson() {
        String mde = Samples.lines("mde.txt").get(0);
        List<EndpointEvent> cut = parse(mde.substring(0, mde.length() - 40));
        assertEquals("generic", cut.get(0).sourceFormat());
        assertEquals(1, counters.get("endpoint.malformed.json.unbalanced"));
        parse("{\"a\":" + "[".repeat(100_000));
        assertEquals(1, counters.get("endpoint.malformed.json.too_deep"));
        assertEquals(1, counters.get("endpoint.limit.depth"));
        parse("{\"a\":1,,}");
        parse("{\"a\":\"\\u12\"}");
        assertEquals(2, counters.get("endpoint.malformed.json.syntax"));
        // valid JSON that is no known format stays generic, uncounted as malformed
        assertEquals("generic", parse("{\"hello\":\"world\"}").get(0).sourceFormat());
        assertEquals(4, counters.sum("endpoint.malformed.json."));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() {
        String line = Samples.lines("sysmon-linux.txt").get(0);
        int at = line.indexOf("import gzip");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(line.substring(0, at).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82});
        b.writeBytes(line.substring(at).getBytes(StandardCharsets.UTF_8));
        EndpointEvent e = parse(b.toByteArray()).get(0);
        assertEquals("sysmon_linux", e.sourceFormat());
        assertTrue(e.get(Ecs.PROCESS_COMMAND_LINE).startsWith("python3 -c \uFFFD(\uFFFD"), e.get(Ecs.PROCESS_COMMAND_LINE));
        assertEquals(1, counters.get("endpoint.invalid_utf8"));
        assertEquals(3, Utf8.invalidSequences(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82}, 0, 5));
        assertEquals(0, Utf8.invalidSequences("Microsoft® – 日本 😀".getBytes(StandardCharsets.UTF_8), 0,
                "Microsoft® – 日本 😀".getBytes(StandardCharsets.UTF_8).length));
        // overlong '/' (C0 can never start a sequence, AF is then a stray continuation) and a surrogate in UTF-8
        assertEquals(3, Utf8.invalidSequences(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 5));
    }

    @Test
    void oneMegabyteFieldIsCutAndOversizedMessageRejected() {
        String nx = Samples.lines("nxlog.txt").get(1);
        String big = "A".repeat(1_000_000);
        String line = nx.replace("powershell.exe -NoProfile", "powershell.exe -enc " + big);
        EndpointEvent e = parse(line).get(0);
        assertEquals("nxlog", e.sourceFormat());
        assertEquals(32_768, e.get(Ecs.PROCESS_COMMAND_LINE).length());
        assertTrue(counters.get("endpoint.limit.field_chars") >= 1);
        assertEquals(line.length(), e.raw().length());
        assertTrue(parse(line + "x".repeat(1 << 20)).isEmpty());
        assertEquals(1, counters.get("endpoint.rejected.too_long"));
    }

    /** A LEEF 2.0 delimiter given in hex past ASCII is a bad delimiter, not a parser crash. */
    @Test
    void aLeefHexDelimiterPastAsciiIsRefused() {
        for (String d : new String[] {"x90", "0xFF", "x80"}) {
            parse("LEEF:2.0|Vendor|Product|1.0|Evt|" + d + "|src=10.1.0.5");
        }
        assertEquals(3, counters.get("endpoint.malformed.leef.bad_delimiter"));
        assertEquals(0, counters.get("endpoint.internal_errors"));
        assertEquals("10.1.0.5", parse("LEEF:2.0|Vendor|Product|1.0|Evt|x7C|src=10.1.0.5").get(0).get("source.ip"));
    }

    /** A CEF extension key of 1,000 characters is dropped and counted; the rest of the event stays. */
    @Test
    void aFieldWithAKilobyteNameIsDropped() {
        String longKey = "k".repeat(1000);
        EndpointEvent e = parse("CEF:0|V|P|1|S|N|5|suser=alice " + longKey + "=x shost=ws-1").get(0);
        assertEquals("alice", e.get(Ecs.USER_NAME));
        assertTrue(e.fields().keySet().stream().allMatch(k -> k.length() <= 256), e.fields().keySet().toString());
        assertEquals(1, counters.get("endpoint.limit.field_name_chars"));
    }

    @Test
    void brokenPayloadsOfEachFormat() {
        parse("CEF:0|only|three");
        assertEquals(1, counters.get("endpoint.malformed.cef.too_few_fields"));
        parse("LEEF:2.0|V|P|1|E|0xZZ|a=b");
        assertEquals(1, counters.get("endpoint.malformed.leef.bad_delimiter"));
        parse("MSWinEventLog\t1\tSecurity\t12");
        assertEquals(1, counters.get("endpoint.malformed.snare.too_few_fields"));
        parse("type=SYSCALL msg=audit(garbage");
        assertEquals(1, counters.get("endpoint.malformed.auditd.no_audit_header"));
        assertEquals(4, counters.get("endpoint.parsed.generic"));
        // too many pairs: the first max_fields are kept
        StringBuilder cef = new StringBuilder("CEF:0|V|P|1|S|N|5|");
        for (int i = 0; i < 1000; i++) {
            cef.append("k").append(i).append("=v").append(i).append(' ');
        }
        EndpointEvent e = parse(cef.toString()).get(0);
        assertEquals(256, e.fields().size());
        assertTrue(counters.get("endpoint.limit.fields") > 700);
    }

    @Test
    void mutatedSamplesNeverThrowAndAreAllAccountedFor() {
        String[] files = {"sysmon-linux.txt", "nxlog.txt", "winlogbeat.txt", "snare.txt", "auditd.txt", "laurel.txt",
            "cef.txt", "leef.txt", "mde.txt", "mde-network.txt", "syslog-logger.txt"};
        Random r = new Random(42);
        List<EndpointEvent> out = new ArrayList<>();
        int messages = 0;
        for (String f : files) {
            for (String line : Samples.lines(f)) {
                byte[] orig = line.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 60; i++) {
                    byte[] m = java.util.Arrays.copyOf(orig, 1 + r.nextInt(orig.length));
                    for (int k = r.nextInt(4); k > 0; k--) {
                        m[r.nextInt(m.length)] = (byte) "<>{}[]\"\\|=:^\t \u001d".charAt(r.nextInt(15));
                    }
                    parser.parse(m, 0, m.length, Samples.SENDER, Samples.RECEIVED + i, out::add);
                    messages++;
                }
            }
        }
        parser.flush(out::add);
        assertEquals(0, counters.get("endpoint.internal_errors"));
        assertEquals(messages, counters.get("endpoint.messages"));
        // every message became events, was rejected, or is an auditd record (joined, possibly into fewer events)
        long accounted = counters.sum("endpoint.parsed.") - counters.get("endpoint.parsed.auditd")
                + counters.sum("endpoint.rejected.") + counters.get("endpoint.audit.records")
                + counters.get("endpoint.audit.completed_by_eoe");
        assertTrue(accounted >= messages, accounted + " < " + messages);
        assertEquals(counters.sum("endpoint.parsed."), out.size());
    }

    @Test
    void messageInsideALargerBufferWithFramingLeftovers() {
        byte[] msg = (Samples.lines("cef.txt").get(0) + "\r\n\0").getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[msg.length + 10];
        java.util.Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(msg, 0, buf, 5, msg.length);
        List<EndpointEvent> events = parser.parse(buf, 5, msg.length, Samples.SENDER, Samples.RECEIVED);
        assertEquals("cef", events.get(0).sourceFormat());
        assertTrue(events.get(0).raw().endsWith("act=Detected"));
        assertEquals(0, counters.get("endpoint.invalid_utf8"));
    }
}
