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

/** Windows Sysmon and PowerShell events through NXLog, Winlogbeat and Snare. */
class WindowsParseTest {
    static final String PYTHON = "C:\\Users\\alice\\AppData\\Local\\Programs\\Python\\Python311\\python.exe";
    static final String POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

    private final Counters counters = new Counters();

    @Test
    void nxlogZlibImageLoad() {
        EndpointEvent e = Samples.parseFile("nxlog.txt", counters).get(0);
        assertEvent(e, "2023-11-14T22:13:20.123Z", "windows", "image_load", "nxlog");
        assertFields(e, Ecs.EVENT_CODE, "7", Ecs.HOST_NAME, "WS01.corp.example",
                Ecs.DLL_PATH, "C:\\Users\\alice\\AppData\\Local\\Programs\\Python\\Python311\\DLLs\\zlib1.dll",
                Ecs.DLL_NAME, "zlib1.dll", Ecs.PROCESS_EXECUTABLE, PYTHON, Ecs.PROCESS_NAME, "python.exe",
                Ecs.PROCESS_PID, "6144", Ecs.USER_NAME, "alice", Ecs.USER_DOMAIN, "CORP",
                Ecs.DLL_HASH_SHA256, "5a4f0e3c2b1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
                Ecs.DLL_HASH_MD5, "9b1e6f0a3c5d7e8f9a0b1c2d3e4f5a6b", "dll.hash.imphash", "00000000000000000000000000000000",
                "winlog.event_data.Signed", "false", "winlog.provider_name", "Microsoft-Windows-Sysmon",
                // NXLog's own keys are not event data
                "winlog.event_data.SourceModuleType", null, "winlog.event_data.EventReceivedTime", null);
    }

    @Test
    void nxlogPowerShellProcessAndFileAndScriptBlock() {
        List<EndpointEvent> events = Samples.parseFile("nxlog.txt", counters);
        assertEquals(4, events.size());
        EndpointEvent proc = events.get(1);
        assertEvent(proc, "2023-11-14T22:13:19.870Z", "windows", "process_creation", "nxlog");
        assertTrue(proc.get(Ecs.PROCESS_COMMAND_LINE).contains("System.IO.Compression.GZipStream"));
        assertFields(proc, Ecs.PROCESS_EXECUTABLE, POWERSHELL, Ecs.PARENT_EXECUTABLE, "C:\\Windows\\explorer.exe",
                Ecs.PARENT_PID, "5128", Ecs.PROCESS_WORKING_DIRECTORY, "C:\\Users\\alice\\",
                Ecs.PROCESS_HASH_SHA256, "9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f",
                "winlog.event_data.Product", "Microsoft® Windows® Operating System");
        EndpointEvent file = events.get(2);
        assertEvent(file, "2023-11-14T22:13:20.456Z", "windows", "file_event", "nxlog");
        assertFields(file, Ecs.FILE_PATH, "C:\\Users\\alice\\AppData\\Local\\Temp\\q3.gz", Ecs.FILE_NAME, "q3.gz");
        EndpointEvent script = events.get(3);
        // 4104 has no UtcTime: NXLog's EventTime is the agent's local time, read in endpoint.parse.timezone (UTC here)
        assertEvent(script, "2023-11-14T23:13:19Z", "windows", "ps_script", "nxlog");
        assertTrue(script.get(Ecs.SCRIPT_BLOCK).startsWith("$src = [IO.File]::ReadAllBytes("));
        assertTrue(script.get(Ecs.SCRIPT_BLOCK).contains("New-Object System.IO.Compression.GZipStream($ms"));
        assertFields(script, Ecs.EVENT_CODE, "4104", "winlog.event_data.ScriptBlockId", "c3f0e6a1-6f3e-4b8e-9d1a-2f4b7c9e0a11",
                Ecs.USER_NAME, "SYSTEM", Ecs.LOG_SYSLOG_APPNAME, "Microsoft-Windows-PowerShell", Ecs.LOG_SYSLOG_PROCID, "2404");
    }

    @Test
    void nxlogEventTimeInTheConfiguredZone() {
        EndpointParser p = new EndpointParser(ParseConfig.defaults().withZone(java.time.ZoneId.of("Europe/Berlin")), counters);
        EndpointEvent script = Samples.parse(p, Samples.lines("nxlog.txt").get(3)).get(0);
        assertEquals(Samples.nanos("2023-11-14T22:13:19Z"), script.timestampNanos());
    }

    @Test
    void winlogbeatFileCreateAndImageLoad() {
        List<EndpointEvent> events = Samples.parseFile("winlogbeat.txt", counters);
        EndpointEvent file = events.get(0);
        assertEvent(file, "2023-11-14T22:13:20.456Z", "windows", "file_event", "winlogbeat");
        assertFields(file, Ecs.HOST_NAME, "ws02.corp.example", Ecs.HOST_IP, "10.1.0.22", Ecs.FILE_PATH, "C:\\Users\\Public\\loot.zip",
                Ecs.PROCESS_EXECUTABLE, "C:\\Program Files\\Python311\\python.exe", Ecs.USER_NAME, "bob", Ecs.EVENT_CODE, "11");
        EndpointEvent dll = events.get(1);
        assertEvent(dll, "2023-11-14T22:13:21.010Z", "windows", "image_load", "winlogbeat");
        assertFields(dll, Ecs.DLL_PATH, "C:\\Program Files\\Python311\\DLLs\\zlib1.dll", Ecs.HOST_NAME, "ws02.corp.example",
                Ecs.LOG_SYSLOG_HOSTNAME, "logstash01", Ecs.LOG_SYSLOG_APPNAME, "winlogbeat");
        assertEquals(2, counters.get("endpoint.parsed.winlogbeat"));
    }

    @Test
    void snareSysmonProcessCreateAndScriptBlock() {
        List<EndpointEvent> events = Samples.parseFile("snare.txt", counters);
        EndpointEvent proc = events.get(0);
        assertEvent(proc, "2023-11-14T22:13:19.870Z", "windows", "process_creation", "snare");
        assertFields(proc, Ecs.HOST_NAME, "WS01.corp.example", Ecs.PROCESS_EXECUTABLE, POWERSHELL,
                Ecs.PROCESS_COMMAND_LINE, "powershell.exe -nop -c \"Compress-Archive -Path C:\\Users\\alice\\Documents"
                        + " -DestinationPath C:\\Users\\Public\\d.zip\"",
                Ecs.PROCESS_PID, "7020", Ecs.PARENT_EXECUTABLE, "C:\\Windows\\explorer.exe", Ecs.USER_NAME, "alice",
                Ecs.USER_DOMAIN, "CORP", "winlog.event_data.Product", "Microsoft® Windows® Operating System",
                "winlog.event_data.LogonId", "0xB8E4A");
        EndpointEvent script = events.get(1);
        // no UtcTime in a 4104: Snare's date, the agent's local time, read in UTC here
        assertEvent(script, "2023-11-14T23:13:20Z", "windows", "ps_script", "snare");
        assertTrue(script.get(Ecs.SCRIPT_BLOCK).startsWith("$src = [IO.File]::ReadAllBytes("));
        assertTrue(script.get(Ecs.SCRIPT_BLOCK).endsWith("$ms.ToArray())"));
        assertFields(script, Ecs.FILE_PATH, "C:\\Users\\alice\\pack.ps1", Ecs.USER_NAME, "alice",
                "winlog.event_data.ScriptBlockId", "c3f0e6a1-6f3e-4b8e-9d1a-2f4b7c9e0a11");
    }

    @Test
    void windowsEventXmlSysmonImageLoadAndSecurity4688() {
        List<EndpointEvent> events = Samples.parseFile("windows-xml.txt", counters);
        EndpointEvent dll = events.get(0);
        assertEvent(dll, "2023-11-14T22:13:20.118Z", "windows", "image_load", "windows_xml");
        assertFields(dll, Ecs.HOST_NAME, "WS03.corp.example", Ecs.DLL_PATH, "C:\\Tools\\backup&sync\\zlibwapi.dll",
                Ecs.DLL_NAME, "zlibwapi.dll", Ecs.PROCESS_EXECUTABLE, "C:\\Tools\\backup&sync\\bsync.exe",
                Ecs.USER_NAME, "svc_backup", Ecs.DLL_HASH_SHA256, "1f2e3d4c5b6a79881726354453627180a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4",
                "winlog.channel", "Microsoft-Windows-Sysmon/Operational", "winlog.record_id", "771201");
        EndpointEvent proc = events.get(1);
        // no UtcTime: the System TimeCreated
        assertEvent(proc, "2023-11-14T22:13:19.900Z", "windows", "process_creation", "windows_xml");
        assertFields(proc, Ecs.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\tar.exe", Ecs.PROCESS_PID, "7020", Ecs.PARENT_PID, "7000",
                Ecs.PROCESS_COMMAND_LINE, "tar.exe -czf C:\\Users\\Public\\d.tgz C:\\Users\\alice\\Documents",
                Ecs.PARENT_EXECUTABLE, "C:\\Windows\\System32\\cmd.exe", Ecs.USER_NAME, "alice", Ecs.USER_DOMAIN, "CORP",
                Ecs.EVENT_CODE, "4688", Ecs.HOST_NAME, "WS03.corp.example");
    }
}
