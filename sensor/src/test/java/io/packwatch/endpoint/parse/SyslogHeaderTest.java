package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigException;
import io.packwatch.config.Settings;
import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Syslog headers, read through generic events (whose time and fields are the header's). */
class SyslogHeaderTest {
    private final Counters counters = new Counters();
    private final EndpointParser utc = new EndpointParser(ParseConfig.defaults(), counters);

    private EndpointEvent one(EndpointParser p, String line, long received) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        List<EndpointEvent> events = p.parse(b, 0, b.length, Samples.SENDER, received);
        assertEquals(1, events.size(), line);
        return events.get(0);
    }

    private EndpointEvent one(String line) {
        return one(utc, line, Samples.RECEIVED);
    }

    private static void assertTime(String iso, EndpointEvent e) {
        assertEquals(Samples.nanos(iso), e.timestampNanos(), "time of " + e.raw());
    }

    @Test
    void loggerRfc5424WithStructuredData() {
        List<String> logger = Samples.lines("syslog-logger.txt");
        EndpointEvent e = one(logger.get(0));
        assertTime("2026-11-30T16:39:22.293106Z", e);
        assertEquals("generic", e.sourceFormat());
        assertFields(e, Ecs.HOST_NAME, "vm", Ecs.LOG_SYSLOG_APPNAME, "sysmon", Ecs.LOG_SYSLOG_PROCID, "8720",
                Ecs.LOG_SYSLOG_MSGID, null, Ecs.LOG_SYSLOG_PRIORITY, "13", Ecs.MESSAGE, "hello 5424",
                "log.syslog.structured_data.timeQuality.tzKnown", "1",
                "log.syslog.structured_data.origin@32473.ip", "10.1.0.5");
        EndpointEvent noTime = one(logger.get(2));
        assertTime("2023-11-14T22:14:00Z", noTime); // NILVALUE: the receive time
        assertFields(noTime, Ecs.HOST_NAME, "vm", Ecs.LOG_SYSLOG_APPNAME, "app", Ecs.MESSAGE, "no time");
        assertFields(one(logger.get(3)), Ecs.LOG_SYSLOG_MSGID, "ID47", Ecs.MESSAGE, "with msgid");
    }

    @Test
    void rfc5424EscapesOffsetAndBom() {
        EndpointEvent e = one("<14>1 2023-11-14T23:13:20.5+01:00 ws01 app 77 - [x@1 a=\"q\\\"uote\" b=\"back\\\\slash\""
                + " c=\"br\\]acket\" d=\"keep\\n\"] \uFEFFmessage text");
        assertTime("2023-11-14T22:13:20.500Z", e);
        assertFields(e, "log.syslog.structured_data.x@1.a", "q\"uote", "log.syslog.structured_data.x@1.b", "back\\slash",
                "log.syslog.structured_data.x@1.c", "br]acket", "log.syslog.structured_data.x@1.d", "keep\\n",
                Ecs.MESSAGE, "message text", Ecs.LOG_SYSLOG_PROCID, "77");
    }

    @Test
    void bsdVariants() {
        EndpointEvent noPri = one("Nov 14 22:13:20 host1 cron: job done");
        assertTime("2023-11-14T22:13:20Z", noPri);
        assertFields(noPri, Ecs.HOST_NAME, "host1", Ecs.LOG_SYSLOG_APPNAME, "cron", Ecs.MESSAGE, "job done",
                Ecs.LOG_SYSLOG_PRIORITY, null);
        EndpointEvent padded = one("<34>Oct  1 05:06:07 host2 su[123]: 'su root' failed");
        assertTime("2023-10-01T05:06:07Z", padded);
        assertFields(padded, Ecs.LOG_SYSLOG_PROCID, "123", Ecs.LOG_SYSLOG_APPNAME, "su", Ecs.LOG_SYSLOG_PRIORITY, "34");
        EndpointEvent noHost = one("<13>Nov 14 22:13:20 sshd[99]: Accepted publickey for alice");
        assertFields(noHost, Ecs.HOST_NAME, null, Ecs.LOG_SYSLOG_APPNAME, "sshd", Ecs.LOG_SYSLOG_PROCID, "99",
                Ecs.MESSAGE, "Accepted publickey for alice");
        EndpointEvent cisco = one("<189>Nov 14 2023 22:13:20: %SYS-5-CONFIG_I: Configured from console");
        assertTime("2023-11-14T22:13:20Z", cisco);
        assertFields(cisco, Ecs.LOG_SYSLOG_APPNAME, "%SYS-5-CONFIG_I", Ecs.MESSAGE, "Configured from console");
        EndpointEvent fraction = one("*Nov 14 22:13:20.123: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up");
        assertTime("2023-11-14T22:13:20.123Z", fraction);
        EndpointEvent iso = one("<13>2023-11-14T22:13:20.123456+00:00 host3 app[1]: forwarded");
        assertTime("2023-11-14T22:13:20.123456Z", iso);
        assertFields(iso, Ecs.HOST_NAME, "host3", Ecs.MESSAGE, "forwarded");
    }

    @Test
    void collectorFileLines() {
        // rsyslog's RSYSLOG_FileFormat and traditional file format (no PRI)
        EndpointEvent file = one("2023-11-14T23:13:20.123456+01:00 ubuntu-ws kernel: [ 12.34] eth0 up");
        assertTime("2023-11-14T22:13:20.123456Z", file);
        assertFields(file, Ecs.HOST_NAME, "ubuntu-ws", Ecs.LOG_SYSLOG_APPNAME, "kernel", Ecs.MESSAGE, "[ 12.34] eth0 up");
        EndpointEvent bare = one("just some text without a header");
        assertTime("2023-11-14T22:14:00Z", bare);
        assertFields(bare, Ecs.HOST_NAME, null, Ecs.MESSAGE, "just some text without a header");
    }

    @Test
    void payloadBehindAPrefixTheHeaderDidNotTake() {
        String xml = Samples.lines("sysmon-linux.txt").get(0);
        String payload = xml.substring(xml.indexOf("<Event>"));
        EndpointEvent e = one("<13>sysmon: " + payload);
        assertEquals("sysmon_linux", e.sourceFormat());
        assertEquals("/usr/bin/python3.10", e.get(Ecs.PROCESS_EXECUTABLE));
        assertEquals("generic", one("<13>a: b: " + payload).sourceFormat());
    }

    @Test
    void unknownTimeZoneIsAConfigError() {
        Settings s = new Settings.Builder().set("endpoint.parse.timezone", "Mars/Olympus_Mons", "test").build("test");
        ConfigException e = assertThrows(ConfigException.class, () -> ParseConfig.from(s));
        assertTrue(e.getMessage().contains("Mars/Olympus_Mons"), e.getMessage());
        Settings berlin = new Settings.Builder().set("endpoint.parse.timezone", "Europe/Berlin", "test").build("test");
        assertEquals(ZoneId.of("Europe/Berlin"), ParseConfig.from(berlin).zone());
    }

    @Test
    void yearlessTimesTakeTheNearestYearInTheConfiguredZone() {
        long newYear = Samples.nanos("2024-01-01T00:00:05Z");
        assertTime("2023-12-31T23:59:58Z", one(utc, "Dec 31 23:59:58 host app: late", newYear));
        // a sender a little ahead of the receiver stays in the new year
        assertTime("2024-01-01T00:00:09Z", one(utc, "Jan  1 00:00:09 host app: early", newYear));
        EndpointParser ny = new EndpointParser(ParseConfig.defaults().withZone(ZoneId.of("America/New_York")), counters);
        assertTime("2023-11-14T22:13:20Z", one(ny, "Nov 14 17:13:20 host app: EST", Samples.RECEIVED));
        EndpointParser berlin = new EndpointParser(ParseConfig.defaults().withZone(ZoneId.of("Europe/Berlin")), counters);
        assertTime("2023-07-04T10:00:00Z", one(berlin, "Jul  4 12:00:00 host app: CEST", Samples.nanos("2023-07-04T10:05:00Z")));
        // an offset in the timestamp wins over the configured zone
        assertTime("2023-11-14T22:13:20Z", one(berlin, "2023-11-14T22:13:20Z host app: utc", Samples.RECEIVED));
        assertEquals(5, counters.get("endpoint.parsed.generic"));
    }
}
