package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertEvent;
import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EDR alerts as CEF and LEEF. */
class AlertParseTest {
    private final Counters counters = new Counters();

    @Test
    void cefAlertNamingT1560002() {
        EndpointEvent e = Samples.parseFile("cef.txt", counters).get(0);
        assertEvent(e, "2023-11-14T22:13:20.599Z", "linux", "alert", "cef");
        assertFields(e, Ecs.RULE_NAME, "Archive Collected Data via Library", Ecs.RULE_ID, "DetectionSummaryEvent",
                Ecs.EVENT_SEVERITY, "8", Ecs.OBSERVER_VENDOR, "CrowdStrike", Ecs.OBSERVER_PRODUCT, "FalconHost",
                Ecs.THREAT_TECHNIQUE_ID, "T1560.002",
                // the endpoint, not the console that sent it
                Ecs.HOST_NAME, "ubuntu-ws", Ecs.LOG_SYSLOG_HOSTNAME, "edr-console01",
                Ecs.SOURCE_IP, "10.1.0.5", Ecs.USER_NAME, "alice",
                Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10", Ecs.PROCESS_PID, "48213",
                Ecs.PARENT_EXECUTABLE, "/usr/bin/bash", Ecs.FILE_PATH, "/tmp/passwd.gz", Ecs.FILE_NAME, "passwd.gz",
                Ecs.FILE_HASH_SHA256, "3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed",
                Ecs.PROCESS_COMMAND_LINE, AuditParseTest.GZIP_ARGS,
                "cef.Tactic", "Collection", "cef.Technique", "Archive via Library (T1560.002)",
                Ecs.MESSAGE, "A Python process compressed /etc/passwd with gzip\nand wrote it to /tmp",
                Ecs.EVENT_ACTION, "Detected");
    }

    @Test
    void cefHeaderEscapesAndTextTime() {
        EndpointEvent e = Samples.parseFile("cef.txt", counters).get(1);
        assertEvent(e, "2023-11-14T22:14:01Z", "windows", "alert", "cef");
        assertFields(e, Ecs.RULE_NAME, "Suspicious | compressed \\ upload", Ecs.EVENT_SEVERITY, "6",
                Ecs.HOST_NAME, "WS01.corp.example", Ecs.FILE_PATH, "C:\\Users\\alice\\AppData\\Local\\Temp\\q3.gz",
                Ecs.FILE_NAME, "q3.gz", Ecs.PROCESS_NAME, "powershell.exe", Ecs.DESTINATION_IP, "198.51.100.20",
                Ecs.DESTINATION_PORT, "443", Ecs.SOURCE_PORT, "50112", Ecs.NETWORK_TRANSPORT, "tcp",
                "cef.Host_ID", "12", "cef.TrendMicroDsTenant", "Primary", Ecs.THREAT_TECHNIQUE_ID, null);
    }

    @Test
    void leefOneTabDelimitedWithTechniques() {
        EndpointEvent e = Samples.parseFile("leef.txt", counters).get(0);
        assertEvent(e, "2023-11-14T22:13:20.700Z", "linux", "alert", "leef");
        assertFields(e, Ecs.RULE_NAME, "Python library compression (MITRE T1560.002, T1560)", Ecs.RULE_ID, "ArchiveViaLibrary",
                Ecs.THREAT_TECHNIQUE_ID, "T1560.002,T1560", Ecs.HOST_NAME, "ubuntu-ws", Ecs.HOST_IP, "10.1.0.5", Ecs.USER_NAME, "alice",
                Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10", Ecs.FILE_PATH, "/tmp/passwd.gz",
                Ecs.FILE_HASH_MD5, "5d41402abc4b2a76b9719d911017c592", Ecs.EVENT_SEVERITY, "7", "leef.cat", "Threat",
                Ecs.OBSERVER_VENDOR, "SentinelOne");
    }

    @Test
    void leefTwoWithCustomDelimitersAndTimeFormat() {
        List<EndpointEvent> events = Samples.parseFile("leef.txt", counters);
        EndpointEvent caret = events.get(1);
        assertEvent(caret, "2023-11-14T22:13:30.250Z", "windows", "alert", "leef");
        assertFields(caret, Ecs.USER_NAME, "bob", Ecs.USER_DOMAIN, "CORP", Ecs.HOST_NAME, "WS02.corp.example",
                Ecs.PROCESS_EXECUTABLE, "C:\\Program Files\\Python311\\python.exe", Ecs.PARENT_NAME, "cmd.exe",
                Ecs.FILE_PATH, "C:\\Users\\Public\\loot.zip", Ecs.DESTINATION_PORT, "443", Ecs.RULE_NAME, "Data staged in archive",
                "leef.devTimeFormat", null);
        EndpointEvent tab = events.get(2);
        assertEvent(tab, "2023-11-14T22:13:40Z", null, "alert", "leef");
        assertFields(tab, Ecs.SOURCE_IP, "10.1.0.7", Ecs.DESTINATION_IP, "10.2.0.8", Ecs.USER_NAME, "carol", Ecs.RULE_NAME, "Evt");
        assertEquals(3, counters.get("endpoint.parsed.leef"));
    }

    @Test
    void techniqueIdsNeedWordBoundaries() {
        assertEquals("T1560.002,T1041", Techniques.find("x T1560.002 and (T1041); AT1234 T12345 T1560.02x", 0, 52));
        assertEquals(null, Techniques.find("no technique here: T156", 0, 23));
    }
}
