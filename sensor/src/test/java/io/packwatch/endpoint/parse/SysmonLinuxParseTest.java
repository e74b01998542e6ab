package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertEvent;
import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysmonLinuxParseTest {
    static final String GZIP_CMD = "python3 -c import gzip;input_file=open('/etc/passwd', 'rb');content=input_file.read();"
            + "input_file.close();output_file=gzip.GzipFile('/tmp/passwd.gz','wb',compresslevel=6);"
            + "output_file.write(content);output_file.close();";

    private final Counters counters = new Counters();
    private final List<EndpointEvent> events = Samples.parseFile("sysmon-linux.txt", counters);

    @Test
    void pythonGzipProcessCreation() {
        EndpointEvent e = events.get(0);
        assertEvent(e, "2023-11-14T22:13:20.599Z", "linux", "process_creation", "sysmon_linux");
        assertFields(e, Ecs.EVENT_CODE, "1", Ecs.HOST_NAME, "ubuntu-ws",
                Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10", Ecs.PROCESS_NAME, "python3.10",
                Ecs.PROCESS_COMMAND_LINE, GZIP_CMD, Ecs.PROCESS_PID, "48213",
                Ecs.PARENT_EXECUTABLE, "/usr/bin/bash", Ecs.PARENT_NAME, "bash", Ecs.PARENT_PID, "48100",
                Ecs.PARENT_COMMAND_LINE, "-bash", Ecs.USER_NAME, "alice", Ecs.PROCESS_WORKING_DIRECTORY, "/home/alice",
                "winlog.event_data.IntegrityLevel", "no level", Ecs.LOG_SYSLOG_APPNAME, "sysmon",
                // "-" placeholders are not fields
                "winlog.event_data.FileVersion", null, Ecs.RULE_NAME, null);
    }

    @Test
    void gzipFileCreatedUnderTmp() {
        EndpointEvent e = events.get(1);
        assertEvent(e, "2023-11-14T22:13:20.611Z", "linux", "file_event", "sysmon_linux");
        assertFields(e, Ecs.EVENT_CODE, "11", Ecs.FILE_PATH, "/tmp/passwd.gz", Ecs.FILE_NAME, "passwd.gz",
                Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10", Ecs.LOG_SYSLOG_PRIORITY, "14");
    }

    @Test
    void networkConnection() {
        EndpointEvent e = events.get(2);
        assertEvent(e, "2023-11-14T22:13:21.001Z", "linux", "network_connection", "sysmon_linux");
        assertFields(e, Ecs.SOURCE_IP, "10.1.0.5", Ecs.SOURCE_PORT, "51234", Ecs.DESTINATION_IP, "203.0.113.7",
                Ecs.DESTINATION_PORT, "443", Ecs.NETWORK_TRANSPORT, "tcp", Ecs.PROCESS_NAME, "curl",
                Ecs.DESTINATION_DOMAIN, null);
    }

    @Test
    void fileDeleteAndProcessTermination() {
        assertEvent(events.get(3), "2023-11-14T22:13:22.299Z", "linux", "file_delete", "sysmon_linux");
        assertFields(events.get(3), Ecs.FILE_PATH, "/tmp/passwd.gz", Ecs.EVENT_CODE, "23", Ecs.FILE_HASH_SHA256,
                "4c7a3f5c42e8a41b8ffe7c3cb0f5d3e7c2b6b4a7c88a3b1d7b1e2c0f6a9d8e7f");
        assertEvent(events.get(4), "2023-11-14T22:13:22.399Z", "linux", "process_termination", "sysmon_linux");
    }

    @Test
    void countedPerFormat() {
        assertEquals(5, events.size());
        assertEquals(5, counters.get("endpoint.parsed.sysmon_linux"));
        assertEquals(0, counters.sum("endpoint.malformed."));
    }
}
