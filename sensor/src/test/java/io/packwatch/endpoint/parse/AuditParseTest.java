package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertEvent;
import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auditd records joined into events (audisp-syslog), and laurel's joined JSON. */
class AuditParseTest {
    static final String GZIP_ARGS = "python3 -c import gzip;input_file=open('/etc/passwd', 'rb');content=input_file.read();"
            + "input_file.close();output_file=gzip.GzipFile('/tmp/passwd.gz','wb',compresslevel=6);"
            + "output_file.write(content);output_file.close();";

    private final Counters counters = new Counters();

    @Test
    void execveWithHexArgumentsIsOneProcessCreation() {
        List<EndpointEvent> events = Samples.parseFile("auditd.txt", counters);
        EndpointEvent e = events.get(0);
        assertEvent(e, "2023-11-14T22:13:20.123Z", "linux", "process_creation", "auditd");
        assertFields(e, Ecs.PROCESS_COMMAND_LINE, GZIP_ARGS, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10",
                Ecs.PROCESS_NAME, "python3.10", Ecs.PROCESS_PID, "48213", Ecs.PARENT_PID, "48100",
                Ecs.USER_ID, "1000", Ecs.USER_NAME, "alice", Ecs.USER_AUDIT_NAME, "alice",
                Ecs.PROCESS_WORKING_DIRECTORY, "/home/alice", Ecs.EVENT_ACTION, "execve", Ecs.EVENT_CODE, "SYSCALL",
                Ecs.EVENT_OUTCOME, "success", "auditd.key", "exec", "auditd.id", "1700000000.123:456",
                Ecs.HOST_NAME, "ubuntu-ws", Ecs.LOG_SYSLOG_APPNAME, "audisp-syslog");
        // the joined records are the raw text, one per line
        assertEquals(6, e.raw().split("\n").length);
    }

    @Test
    void openWithCreateIsAFileEventAndRsyslogEscapedEnrichment() {
        EndpointEvent e = Samples.parseFile("auditd.txt", counters).get(1);
        assertEvent(e, "2023-11-14T22:13:20.611Z", "linux", "file_event", "auditd");
        assertFields(e, Ecs.FILE_PATH, "/tmp/passwd.gz", Ecs.FILE_NAME, "passwd.gz", Ecs.EVENT_ACTION, "openat",
                Ecs.USER_NAME, "alice", "auditd.key", "tmp_write",
                // no EXECVE: the command line is the proctitle (NULs as spaces)
                Ecs.PROCESS_COMMAND_LINE, "python3 -c");
    }

    @Test
    void sharedObjectOpenIsAnImageLoadCompletedByTheNextSerial() {
        List<EndpointEvent> events = Samples.parseFile("auditd.txt", counters);
        EndpointEvent e = events.get(2);
        assertEvent(e, "2023-11-14T22:13:20.580Z", "linux", "image_load", "auditd");
        assertFields(e, Ecs.DLL_PATH, "/lib/x86_64-linux-gnu/libz.so.1", Ecs.DLL_NAME, "libz.so.1",
                // raw log format: the syscall's name comes from the x86_64 table
                Ecs.EVENT_ACTION, "openat", Ecs.USER_NAME, null);
        assertEquals(1, counters.get("endpoint.audit.completed_by_next_serial"));
    }

    @Test
    void splitArgumentsAreJoinedAndNodeKeysTheSource() {
        List<EndpointEvent> events = Samples.parseFile("auditd.txt", counters);
        assertEquals(4, events.size());
        EndpointEvent e = events.get(3);
        assertEvent(e, "2023-11-14T22:13:25.002Z", "linux", "process_creation", "auditd");
        assertFields(e, Ecs.PROCESS_COMMAND_LINE, "python3 -c import zlib,sys;d=open('/home/alice/db.sqlite','rb').read();"
                + "sys.stdout.buffer.write(zlib.compress(d, 9))", Ecs.USER_ID, "0", "auditd.key", null);
        assertEquals(3, counters.get("endpoint.audit.completed_by_eoe"));
        assertEquals(18, counters.get("endpoint.audit.records"));
        assertEquals(4, counters.get("endpoint.parsed.auditd"));
    }

    @Test
    void openEventsCompleteOnTimeoutAndEviction() {
        ParseConfig c = ParseConfig.defaults();
        c = new ParseConfig(c.maxMessageBytes(), c.maxFieldChars(), c.maxFields(), c.maxDepth(), c.maxEventsPerMessage(),
                c.zone(), 2_000_000_000L, 2, 3, c.maxFieldNameChars());
        EndpointParser p = new EndpointParser(c, counters);
        List<EndpointEvent> out = new ArrayList<>();
        String rec = "type=SYSCALL msg=audit(1700000000.000:%d): arch=c000003e syscall=59 success=yes exit=0 pid=%d exe=\"/bin/true\"";
        // three hosts with one open event each: the third evicts the first (bound 2)
        for (int i = 0; i < 3; i++) {
            byte[] b = String.format("Nov 14 22:13:20 host%d audisp-syslog: " + rec, i, 100 + i, 200 + i).getBytes(StandardCharsets.UTF_8);
            p.parse(b, 0, b.length, "10.0.0." + i, Samples.RECEIVED + i, out::add);
        }
        assertEquals(1, out.size());
        assertEquals("host0", out.get(0).get(Ecs.HOST_NAME));
        assertEquals(1, counters.get("endpoint.audit.evicted"));
        // records beyond audit_max_records (3) are dropped
        for (int i = 0; i < 4; i++) {
            byte[] b = ("Nov 14 22:13:20 host2 audisp-syslog: type=PATH msg=audit(1700000000.000:102): item=" + i
                    + " name=\"/x" + i + "\" nametype=NORMAL").getBytes(StandardCharsets.UTF_8);
            p.parse(b, 0, b.length, "10.0.0.2", Samples.RECEIVED + 10, out::add);
        }
        assertEquals(2, counters.get("endpoint.audit.records_dropped"));
        p.tick(Samples.RECEIVED + 1_999_999_999L, out::add);
        assertEquals(1, out.size());
        p.tick(Samples.RECEIVED + 2_000_000_002L, out::add);
        assertEquals(3, out.size());
        assertEquals(2, counters.get("endpoint.audit.timed_out"));
        assertEquals("process_creation", out.get(2).category());
        assertEquals("/bin/true", out.get(2).get(Ecs.PROCESS_EXECUTABLE));
    }

    @Test
    void laurelExecveAndRelativeCreatedPath() {
        List<EndpointEvent> events = Samples.parseFile("laurel.txt", counters);
        EndpointEvent e = events.get(0);
        assertEvent(e, "2023-11-14T22:13:20.123Z", "linux", "process_creation", "laurel");
        assertFields(e, Ecs.PROCESS_COMMAND_LINE, GZIP_ARGS, Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3.10",
                Ecs.PARENT_EXECUTABLE, "/usr/bin/bash", Ecs.PARENT_NAME, "bash", Ecs.USER_NAME, "alice",
                Ecs.PROCESS_PID, "48213", Ecs.PARENT_PID, "48100", Ecs.HOST_NAME, null);
        EndpointEvent f = events.get(1);
        assertEvent(f, "2023-11-14T22:13:21.250Z", "linux", "file_event", "laurel");
        // percent-decoded and resolved against the CWD record
        assertFields(f, Ecs.FILE_PATH, "/home/alice/out file.tar.gz", Ecs.FILE_NAME, "out file.tar.gz",
                Ecs.HOST_NAME, "ubuntu-ws", Ecs.PROCESS_COMMAND_LINE, "python3 pack.py");
        assertTrue(AuditEvents.isSharedObject("/usr/lib/python3.11/lib-dynload/zlib.cpython-311-x86_64-linux-gnu.so"));
        assertTrue(!AuditEvents.isSharedObject("/tmp/notes.sober"));
    }
}
