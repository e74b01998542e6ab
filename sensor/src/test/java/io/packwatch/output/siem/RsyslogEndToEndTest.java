package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.packwatch.config.Settings;
import io.packwatch.stats.Counters;
import io.packwatch.support.Rsyslogd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a real rsyslogd (Debian package {@code rsyslog}) started on a loopback port with
 * imtcp, writing what it parsed to a file: rsyslog must split the RFC 5424 header where we put it, and the
 * CEF and structured data must come out whole, one line per alert, even with hostile values.
 */
class RsyslogEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void rsyslogReceivesCefAndRfc5424Intact() throws Exception {
        assumeTrue(Rsyslogd.installed(), "rsyslogd is not installed (apt-get install -y rsyslog); skipping");
        // One line per message: the header fields as rsyslog parsed them, then the MSG, separated by tabs.
        try (Rsyslogd rsyslogd = Rsyslogd.start(tmp, "%pri%\\t%timereported:::date-rfc3339%\\t%hostname%\\t"
                + "%app-name%\\t%procid%\\t%msgid%\\t%structured-data%\\t%msg%\\n")) {
            int port = rsyslogd.port;
            Settings s = new Settings.Builder()
                    .set("siem.hostname", "sensor1", "test")
                    .set("siem.spool.path", tmp.resolve("spool").toString(), "test")
                    .build("test");
            SiemForwarder f = SiemForwarder.fromSettings(s, List.of("tcp://127.0.0.1:" + port + "?format=cef",
                    "tcp://127.0.0.1:" + port + "?format=rfc5424"), null, new Counters(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            f.send(SampleAlerts.correlated("a1"));
            f.send(SampleAlerts.hostile());
            assertTrue(f.flush());
            f.close();
            List<String> lines = rsyslogd.awaitLines(4);
            assertEquals(4, lines.size(), "one line per alert and target: " + lines);
            List<String> cef = lines.stream().filter(l -> l.contains("CEF:0|")).toList();
            List<String> sd = lines.stream().filter(l -> l.contains("[packwatch@32473")).toList();
            assertEquals(2, cef.size());
            assertEquals(2, sd.size());

            String[] c = cef.get(0).split("\t", -1);
            assertEquals(List.of("131", "2026-11-30T12:34:56.789Z", "sensor1", "packwatch", Long.toString(
                    ProcessHandle.current().pid()), "pw.corr.archive_exfil", "-"), List.of(c).subList(0, 7));
            List<String> parts = MessageParsing.cefParts(c[7]);
            assertEquals(8, parts.size());
            assertEquals("Archive written by an interpreter left the network", parts.get(5));
            Map<String, String> ext = MessageParsing.cefExtension(parts.get(7));
            assertEquals("10.1.0.5", ext.get("src"));
            assertEquals("203.0.113.7", ext.get("dst"));
            assertEquals("51234", ext.get("spt"));
            assertEquals("443", ext.get("dpt"));
            assertEquals("passwd.gz", ext.get("fname"));
            assertEquals("1482", ext.get("fsize"));
            assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ext.get("fileHash"));
            assertEquals("alice", ext.get("suser"));
            assertEquals("T1560.002,T1048", ext.get("cs1"));
            assertEquals("technique", ext.get("cs1Label"));
            assertEquals("1796042096789", ext.get("rt"));
            assertEquals("a1", ext.get("externalId"));

            String[] h = cef.get(1).split("\t", -1);
            assertEquals(8, h.length, "hostile values added no field separator: " + cef.get(1));
            List<String> hostileParts = MessageParsing.cefParts(h[7]);
            assertEquals(8, hostileParts.size());
            Map<String, String> hostileExt = MessageParsing.cefExtension(hostileParts.get(7));
            assertEquals(32, hostileExt.size());
            assertEquals("a|b=c\\d]e\"f\ng\rh\uFFFDi^j\uFFFDk\uFFFDl}m,n\uFFFDo p", hostileExt.get("fname"));

            String[] r = sd.get(0).split("\t", -1);
            assertEquals("pw.corr.archive_exfil", r[5]);
            int[] end = new int[1];
            Map<String, String> params = MessageParsing.sdParams(r[6], end);
            assertEquals(r[6].length(), end[0], "rsyslog found exactly our SD element");
            assertEquals("10.1.0.5", params.get("src"));
            assertEquals("high", params.get("severity"));
            assertTrue(r[7].startsWith("{\"@timestamp\":\"2026-11-30T12:34:56.789123456Z\""), r[7]);
            String[] rh = sd.get(1).split("\t", -1);
            assertEquals(16, MessageParsing.sdParams(rh[6], end).size());
            assertEquals(rh[6].length(), end[0]);
        }
    }
}
