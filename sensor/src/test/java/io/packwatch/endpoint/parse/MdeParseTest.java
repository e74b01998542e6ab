package io.packwatch.endpoint.parse;

import static io.packwatch.endpoint.parse.Samples.assertEvent;
import static io.packwatch.endpoint.parse.Samples.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defender for Endpoint streaming-API records: several events from one message. */
class MdeParseTest {
    private final Counters counters = new Counters();
    private final List<EndpointEvent> events = Samples.parseFile("mde.txt", counters);

    @Test
    void oneMessageTwoProcessEvents() {
        assertEquals(4, events.size());
        EndpointEvent ps = events.get(0);
        assertEvent(ps, "2023-11-14T22:13:19.870331600Z", "windows", "process_creation", "mde");
        assertTrue(ps.get(Ecs.PROCESS_COMMAND_LINE).contains("System.IO.Compression.GZipStream"));
        assertFields(ps, Ecs.HOST_NAME, "ws01.corp.example", Ecs.EVENT_CODE, "DeviceProcessEvents",
                Ecs.EVENT_ACTION, "ProcessCreated", Ecs.PROCESS_NAME, "powershell.exe",
                Ecs.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                Ecs.PROCESS_PID, "7020", Ecs.USER_NAME, "alice", Ecs.USER_DOMAIN, "corp",
                Ecs.PROCESS_HASH_SHA256, "9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f",
                Ecs.PARENT_EXECUTABLE, "c:\\windows\\explorer.exe", Ecs.PARENT_PID, "5128",
                Ecs.PARENT_COMMAND_LINE, "Explorer.EXE");
        EndpointEvent py = events.get(1);
        assertEvent(py, "2023-11-14T22:13:22.000000100Z", "windows", "process_creation", "mde");
        assertFields(py, Ecs.PROCESS_NAME, "python.exe", Ecs.PARENT_NAME, "cmd.exe", Ecs.PARENT_PID, "6900");
        assertTrue(py.get(Ecs.PROCESS_COMMAND_LINE).contains("zlib.compress"));
        // both events carry the whole message as raw
        assertEquals(ps.raw(), py.raw());
    }

    @Test
    void imageLoadBehindAnRfc5424Header() {
        EndpointEvent e = events.get(2);
        assertEvent(e, "2023-11-14T22:13:21.800Z", "windows", "image_load", "mde");
        assertFields(e, Ecs.DLL_NAME, "zlib1.dll", Ecs.DLL_PATH,
                "C:\\Users\\alice\\AppData\\Local\\Programs\\Python\\Python311\\DLLs\\zlib1.dll",
                Ecs.PROCESS_NAME, "python.exe", Ecs.PROCESS_PID, "7188", Ecs.PARENT_NAME, "cmd.exe",
                Ecs.USER_NAME, "alice", Ecs.HOST_NAME, "ws01.corp.example", Ecs.LOG_SYSLOG_HOSTNAME, "fwd01",
                Ecs.DLL_HASH_SHA256, "5a4f0e3c2b1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f");
    }

    @Test
    void singleFileRecord() {
        EndpointEvent e = events.get(3);
        assertEvent(e, "2023-11-14T22:13:24Z", "windows", "file_event", "mde");
        assertFields(e, Ecs.FILE_PATH, "C:\\Users\\alice\\AppData\\Local\\Temp\\q3.zip", Ecs.FILE_NAME, "q3.zip",
                Ecs.FILE_SIZE, "48211", Ecs.PROCESS_NAME, "powershell.exe",
                Ecs.FILE_HASH_SHA256, "0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100ff");
        assertEquals(4, counters.get("endpoint.parsed.mde"));
    }
}
