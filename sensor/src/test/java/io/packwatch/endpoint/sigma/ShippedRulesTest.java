package io.packwatch.endpoint.sigma;

import static io.packwatch.endpoint.sigma.RuleFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigLoader;
import io.packwatch.config.Settings;
import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Each rule in signatures/sigma against the events it must and must not raise an alert for. */
class ShippedRulesTest {
    static final String WIN_LIBRARY = "b20ea8aa-a213-4376-8ae1-104d585cd24e";
    static final String LNX_LIBRARY = "5f6ab255-c3d0-4cbf-9ee3-a1b595f8de6e";
    static final String MAC_LIBRARY = "14e37709-31c0-4ea5-bedf-e5697cf9965c";
    static final String PS_PROCESS = "c7c59015-845a-4c2a-9ca7-97ea2e2cbfde";
    static final String PS_SCRIPT = "d388191e-d17c-41cf-8870-a7e46487212f";
    static final String WIN_MODULE = "1e3ef521-568f-46ab-9847-230936dda665";
    static final String LNX_MODULE = "effce24f-9c5d-4401-b3e8-48c10387a63a";
    static final String MAC_MODULE = "488832a0-42ba-41c8-8d73-1ef9e16025a7";
    static final String STAGED_ARCHIVE = "13a14221-991f-4310-b2e9-ffac9b2271f8";
    static final String LNX_TO_ARCHIVE = "9d35eff4-7e5b-4175-a085-896dc320a896";
    static final String MAC_TO_ARCHIVE = "7ae26f9b-4481-4798-962e-b406e71068ec";

    /** The four Atomic Red Team T1560.002 tests (Linux), with their default arguments. */
    static final String ART_GZIP = "python3 -c \"import gzip;input_file=open('/etc/passwd', 'rb');content=input_file"
            + ".read();input_file.close();output_file=gzip.GzipFile('/tmp/T1560.002_output.gz','wb',compresslevel=6);"
            + "output_file.write(content);output_file.close();\"";
    static final String ART_BZ2 = "python3 -c \"import bz2;input_file=open('/etc/passwd','rb');content=input_file"
            + ".read();input_file.close();bz2content=bz2.compress(content,compresslevel=9);output_file=open("
            + "'/tmp/T1560.002_output.bz2','w+');output_file.write(str(bz2content));output_file.close();\"";
    static final String ART_ZIPFILE = "python3 -c \"from zipfile import ZipFile; ZipFile('/tmp/T1560.002_output.zip',"
            + " mode='w').write('/etc/passwd')\"";
    /** Test 4 is named for tarfile but runs the zipfile command (see sensor/src/test/resources/art/make-art.sh). */
    static final String ART_TARFILE = "python3 -c \"from zipfile import ZipFile; ZipFile('/tmp/T1560.002_output.tar.gz',"
            + " mode='w').write('/etc/passwd')\"";
    static final String REAL_TARFILE = "python3 -c \"import tarfile; output_file = tarfile.open("
            + "'/tmp/T1560.002_output.tar.gz','w:gz'); output_file.add('/etc/passwd'); output_file.close()\"";

    private static SigmaRuleSet rules;
    private static final Set<String> fired = new HashSet<>();

    @BeforeAll
    static void load() {
        rules = SigmaRuleSet.fromSettings(Settings.defaults());
    }

    @AfterAll
    static void everyRuleFiredSomewhere() {
        Set<String> all = new TreeSet<>();
        rules.rules().forEach(r -> all.add(r.id()));
        assertEquals(all, new TreeSet<>(fired));
    }

    private static Set<String> fire(SigmaRuleSet set, EndpointEvent e) {
        Set<String> ids = new TreeSet<>(RuleFixture.fire(set, e));
        fired.addAll(ids);
        return ids;
    }

    private static void assertFires(EndpointEvent e, String... ids) {
        assertEquals(new TreeSet<>(List.of(ids)), fire(rules, e), e.fields().toString());
    }

    private static EndpointEvent process(String product, String image, String commandLine) {
        return event(product, "process_creation", Ecs.PROCESS_EXECUTABLE, image, Ecs.PROCESS_COMMAND_LINE, commandLine,
                Ecs.USER_NAME, "bob", Ecs.HOST_NAME, "ws1");
    }

    private static EndpointEvent load(String product, String image, String library) {
        return event(product, "image_load", Ecs.PROCESS_EXECUTABLE, image, Ecs.DLL_PATH, library, Ecs.USER_NAME, "bob");
    }

    private static EndpointEvent fileEvent(String product, String image, String path) {
        return event(product, "file_event", Ecs.PROCESS_EXECUTABLE, image, Ecs.FILE_PATH, path, Ecs.USER_NAME, "bob");
    }

    @Test
    void shippedRulesAreCompleteSigmaRules() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Repo.root().resolve("signatures/sigma"))) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertEquals(11, files.size());
        assertEquals(11, rules.rules().size());
        for (Path f : files) {
            Map<String, Object> r;
            try (Reader in = Files.newBufferedReader(f)) {
                r = new Yaml().load(in);
            }
            String name = f.getFileName().toString();
            assertTrue(String.valueOf(r.get("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                    name);
            assertEquals("packwatch", r.get("author"), name);
            assertEquals("experimental", r.get("status"), name);
            assertTrue(String.valueOf(r.get("description")).length() > 80, name);
            assertEquals(List.of("attack.collection", "attack.t1560.002"), r.get("tags"), name);
            assertEquals(List.of("https://attack.mitre.org/techniques/T1560/002/",
                    "https://attack.mitre.org/detectionstrategies/DET0268/"), r.get("references"), name);
            assertFalse(((List<?>) r.get("falsepositives")).isEmpty(), name);
            assertTrue(SigmaRuleLoader.LEVELS.contains(String.valueOf(r.get("level"))), name);
        }
        for (SigmaRule r : rules.rules()) {
            assertEquals(List.of("T1560.002"), r.techniques());
        }
    }

    // ---- interpreters importing compression modules; DET0268 on Linux/macOS ----

    @Test
    void atomicRedTeamPythonCommandsRaiseTheInterpreterRules() {
        for (String cmd : List.of(ART_GZIP, ART_BZ2, ART_ZIPFILE, ART_TARFILE, REAL_TARFILE)) {
            assertFires(process("linux", "/usr/bin/python3.11", cmd), LNX_MODULE, LNX_TO_ARCHIVE);
            assertFires(process("macos", "/Library/Frameworks/Python.framework/Versions/3.12/bin/python3", cmd),
                    MAC_MODULE, MAC_TO_ARCHIVE);
        }
    }

    @Test
    void otherInterpretersAndWindows() {
        assertFires(process("linux", "/usr/bin/perl",
                "perl -MIO::Compress::Gzip=gzip -e 'gzip \"/etc/shadow\" => \"/dev/shm/s.gz\"'"), LNX_MODULE, LNX_TO_ARCHIVE);
        assertFires(process("linux", "/usr/bin/node", "node -e \"require('zlib').gzipSync(require('fs')"
                + ".readFileSync('/etc/passwd'))\""), LNX_MODULE);
        assertFires(process("linux", "/usr/bin/ruby3.1", "ruby -e \"require 'zlib'; Zlib::GzipWriter.open('x.gz')\""),
                LNX_MODULE, LNX_TO_ARCHIVE);
        assertFires(process("linux", "/usr/bin/python3", "python3 -c \"import os, sys, lzma; sys.stdout.buffer.write("
                + "lzma.compress(open(sys.argv[1],'rb').read()))\" /etc/passwd"), LNX_MODULE);
        assertFires(process("windows", "C:\\Users\\bob\\AppData\\Local\\Programs\\Python\\Python311\\python.exe",
                "python.exe -c \"import zlib,base64;print(base64.b64encode(zlib.compress(open('C:/Users/bob/Documents/"
                        + "q3.xlsx','rb').read())))\""), WIN_MODULE);
        assertFires(process("windows", "C:\\Windows\\py.exe", "py -m zipfile -c C:\\Users\\Public\\d.zip C:\\Users\\bob"
                + "\\Documents"), WIN_MODULE);
    }

    @Test
    void benignInterpreterUseRaisesNothing() {
        assertFires(process("linux", "/usr/bin/python3.11", "python3 -m pip install requests"));
        assertFires(process("linux", "/usr/bin/python3.11", "/usr/bin/python3 -m pip install zipfile36 gzip-reader"));
        assertFires(process("linux", "/usr/bin/python3.11", "python3 -m http.server 8000"));
        assertFires(process("linux", "/usr/bin/python3.11", "python3 -c \"import os; print(os.getcwd())\""));
        assertFires(process("macos", "/usr/bin/python3", "python3 /Users/bob/app/manage.py runserver"));
        assertFires(process("windows", "C:\\Python311\\python.exe", "python.exe -m pip install --upgrade pip"));
        // the archiver itself is T1560.001, not these rules
        assertFires(process("linux", "/usr/bin/gzip", "gzip -k /tmp/T1560.002_output"));
        assertFires(process("linux", "/usr/bin/tar", "tar czf /tmp/home.tgz /home/bob"));
    }

    @Test
    void allowlistsAndUserContextComeFromConfig() {
        Settings s = ConfigLoader.load(null, List.of("analytics.process_allowlist=/opt/etl/venv/bin/",
                "analytics.user_context=svc_backup, CORP\\\\svc_*"));
        SigmaRuleSet tuned = SigmaRuleSet.fromSettings(s);
        assertEquals(Set.of(), fire(tuned, process("linux", "/opt/etl/venv/bin/python3", ART_GZIP)));
        EndpointEvent asService = event("linux", "process_creation", Ecs.PROCESS_EXECUTABLE, "/usr/bin/python3",
                Ecs.PROCESS_COMMAND_LINE, ART_GZIP, Ecs.USER_NAME, "svc_backup");
        assertEquals(Set.of(), fire(tuned, asService));
        EndpointEvent asDomainService = fileEvent("windows", "C:\\Python311\\python.exe",
                "C:\\ProgramData\\etl\\out.gz");
        Map<String, String> f = new java.util.LinkedHashMap<>(asDomainService.fields());
        f.put(Ecs.USER_NAME, "CORP\\svc_etl");
        assertEquals(Set.of(), fire(tuned, new EndpointEvent(1, "windows", "file_event", "test", f, "", null)));
        // the defaults do not know these accounts
        assertFires(asService, LNX_MODULE, LNX_TO_ARCHIVE);
        Settings exts = ConfigLoader.load(null, List.of("analytics.suspicious_extensions=.dat"));
        assertEquals(Set.of(STAGED_ARCHIVE), fire(SigmaRuleSet.fromSettings(exts),
                fileEvent("linux", "/usr/bin/python3", "/tmp/loot.dat")));
        assertEquals(Set.of(), fire(SigmaRuleSet.fromSettings(exts),
                fileEvent("linux", "/usr/bin/python3", "/tmp/loot.gz")));
    }

    // ---- compressed files written to staging paths ----

    @Test
    void archivesWrittenToStagingPathsByInterpreters() {
        assertFires(fileEvent("linux", "/usr/bin/python3.11", "/tmp/T1560.002_output.gz"), STAGED_ARCHIVE);
        assertFires(fileEvent("linux", "/usr/bin/python3.11", "/home/bob/passwd.tar.gz"), STAGED_ARCHIVE);
        assertFires(fileEvent("linux", "/usr/bin/perl", "/dev/shm/.x.bz2"), STAGED_ARCHIVE);
        assertFires(fileEvent("macos", "/usr/local/bin/node", "/private/tmp/out.zip"), STAGED_ARCHIVE);
        assertFires(fileEvent("windows", "C:\\Python311\\pythonw.exe", "C:\\Users\\bob\\AppData\\Local\\Temp\\o.7z"),
                STAGED_ARCHIVE);
        assertFires(fileEvent("windows", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "C:\\Users\\Public\\docs.ZIP"), STAGED_ARCHIVE);
    }

    @Test
    void otherFileWritesRaiseNothing() {
        assertFires(fileEvent("linux", "/usr/bin/gzip", "/tmp/T1560.002_output.gz"));
        assertFires(fileEvent("linux", "/usr/bin/python3.11", "/tmp/report.txt"));
        assertFires(fileEvent("linux", "/usr/bin/python3.11", "/srv/backups/db.tar.gz"));
        assertFires(fileEvent("windows", "C:\\Program Files\\7-Zip\\7z.exe", "C:\\Users\\bob\\AppData\\Local\\Temp\\a.7z"));
    }

    // ---- compression libraries loaded ----

    @Test
    void compressionLibraryLoadedByAnUnexpectedWindowsProcess() {
        assertFires(load("windows", "C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe",
                "C:\\Users\\bob\\AppData\\Local\\Temp\\zlib1.dll"), WIN_LIBRARY);
        assertFires(load("windows", "C:\\Windows\\System32\\rundll32.exe", "C:\\ProgramData\\svc\\ZLIBWAPI.DLL"),
                WIN_LIBRARY);
        assertFires(load("windows", "C:\\Users\\Public\\tool.exe", "C:\\Users\\Public\\libs\\minizip.dll"), WIN_LIBRARY);
    }

    @Test
    void expectedLibraryLoadsRaiseNothing() {
        assertFires(load("windows", "C:\\Program Files\\7-Zip\\7zFM.exe", "C:\\Program Files\\7-Zip\\zlib1.dll"));
        assertFires(load("windows", "C:\\Program Files\\7-Zip\\7z.exe", "C:\\Users\\bob\\AppData\\Local\\Temp\\zlib1.dll"));
        assertFires(load("windows", "C:\\Windows\\explorer.exe", "C:\\Windows\\System32\\zlib1.dll"));
        assertFires(load("windows", "C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe", "C:\\Windows\\System32\\ntdll.dll"));
        Settings veeam = ConfigLoader.load(null, List.of("analytics.process_allowlist=C:\\Program Files\\Veeam\\"));
        assertEquals(Set.of(), fire(SigmaRuleSet.fromSettings(veeam), load("windows",
                "C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.Agent.exe", "C:\\Program Files\\Veeam\\zlibwapi.dll")));
    }

    @Test
    void compressionLibraryLoadedByAnInterpreterOnLinuxAndMacos() {
        assertFires(load("linux", "/usr/bin/python3.11", "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13"), LNX_LIBRARY);
        assertFires(load("linux", "/usr/bin/perl", "/usr/lib/x86_64-linux-gnu/libbz2.so.1.0.4"), LNX_LIBRARY);
        assertFires(load("macos", "/usr/bin/python3", "/usr/lib/libz.1.dylib"), MAC_LIBRARY);
        assertFires(load("macos", "/opt/homebrew/bin/ruby", "/usr/lib/libarchive.2.dylib"), MAC_LIBRARY);
        assertFires(load("linux", "/usr/lib/apt/methods/http", "/usr/lib/x86_64-linux-gnu/libz.so.1"));
        assertFires(load("linux", "/usr/bin/python3.11", "/usr/lib/x86_64-linux-gnu/libssl.so.3"));
        assertFires(load("macos", "/usr/bin/python3", "/usr/lib/libSystem.B.dylib"));
    }

    // ---- PowerShell ----

    @Test
    void powershellDotNetCompression() {
        String ps = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
        assertFires(process("windows", ps, "powershell -nop -c \"Add-Type -A 'System.IO.Compression.FileSystem';"
                + " [IO.Compression.ZipFile]::CreateFromDirectory('C:\\Users\\bob\\Documents', 'C:\\Users\\Public\\d.zip')\""),
                PS_PROCESS);
        EndpointEvent renamed = event("windows", "process_creation", Ecs.PROCESS_EXECUTABLE, "C:\\Users\\Public\\svc.exe",
                "process.pe.original_file_name", "PowerShell.EXE", Ecs.PROCESS_COMMAND_LINE,
                "svc.exe -c \"$s=New-Object IO.Compression.GZipStream($o,[IO.Compression.CompressionMode]::Compress)\"");
        assertFires(renamed, PS_PROCESS);
        assertFires(process("windows", ps, "powershell -c Get-ChildItem C:\\Users"));
        assertFires(process("windows", "C:\\Windows\\System32\\cmd.exe", "cmd /c echo ZipFile"));
        assertFires(event("windows", "ps_script", Ecs.SCRIPT_BLOCK, "$gz = New-Object System.IO.Compression.GZipStream("
                + "$out, [IO.Compression.CompressionMode]::Compress)"), PS_SCRIPT);
        assertFires(event("windows", "ps_script", Ecs.SCRIPT_BLOCK, "[Reflection.Assembly]::LoadFile('C:\\t\\"
                + "ICSharpCode.SharpZipLib.dll')"), PS_SCRIPT);
        assertFires(event("windows", "ps_script", Ecs.SCRIPT_BLOCK, "Get-Process | Sort-Object CPU"));
    }

    // ---- pre-fired alerts ----

    @Test
    void forwardedEdrAlertsAboutArchivingBecomeEndpointAlerts() {
        SigmaEngine engine = new SigmaEngine(rules, Settings.defaults().strings("endpoint.sigma.forwarded_keywords"),
                new Counters());
        List<EndpointAlert> byTechnique = RuleFixture.alerts(engine, event("windows", "alert", Ecs.RULE_NAME,
                "Suspicious data staging", Ecs.THREAT_TECHNIQUE_ID, "T1074.001,T1560.002", Ecs.EVENT_SEVERITY, "8"));
        assertEquals(1, byTechnique.size());
        EndpointAlert a = byTechnique.get(0);
        assertEquals("pw.edr.forwarded", a.ruleId());
        assertEquals("Suspicious data staging", a.title());
        assertEquals("high", a.level());
        assertEquals(List.of("T1560.002"), a.techniques());
        List<EndpointAlert> byName = RuleFixture.alerts(engine, event("linux", "alert", Ecs.RULE_NAME,
                "Python process compressing files in /tmp"));
        assertEquals(List.of("T1560"), byName.get(0).techniques());
        assertEquals("medium", byName.get(0).level());
        assertEquals(List.of(), RuleFixture.alerts(engine, event("windows", "alert", Ecs.RULE_NAME,
                "Credential dumping via LSASS access", Ecs.THREAT_TECHNIQUE_ID, "T1003.001")));
    }

    @Test
    void disabledLoadsNoRulesButStillForwardsEdrAlerts() {
        SigmaRuleSet none = SigmaRuleSet.fromSettings(ConfigLoader.load(null, List.of("endpoint.sigma.enabled=false")));
        assertEquals(0, none.rules().size());
        assertEquals(List.of(), RuleFixture.fire(none, process("linux", "/usr/bin/python3", ART_GZIP)));
        assertEquals(List.of("pw.edr.forwarded"), RuleFixture.fire(none, event("linux", "alert", Ecs.RULE_NAME,
                "archive written by python")));
    }

    @Test
    void atomicGzipTestBecomesTwoPackwatchEndpointRecords() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (io.packwatch.output.RecordSink sink = new io.packwatch.output.RecordSink(bytes, false)) {
            io.packwatch.output.EndpointAlertWriter writer = new io.packwatch.output.EndpointAlertWriter(sink, "pw-1");
            SigmaEngine engine = new SigmaEngine(rules, List.of(), new Counters());
            engine.evaluate(process("linux", "/usr/bin/python3.11", ART_GZIP), writer::write);
        }
        String[] lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Set<String> ids = new TreeSet<>();
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode r = json.readTree(line);
            ids.add(r.at("/rule/id").asText());
            assertEquals("packwatch.endpoint", r.at("/event/dataset").asText());
            assertEquals("alert", r.at("/event/kind").asText());
            assertEquals("T1560.002", r.at("/threat/technique/id/0").asText());
            assertEquals(ART_GZIP, r.at("/process/command_line").asText());
            assertEquals("ws1", r.at("/host/name").asText());
            assertEquals("2025-11-30T10:53:20.123456789Z", r.get("@timestamp").asText());
        }
        assertEquals(new TreeSet<>(List.of(LNX_MODULE, LNX_TO_ARCHIVE)), ids);
    }

    @Test
    void countersSayWhatHappened() {
        Counters c = new Counters();
        SigmaEngine engine = new SigmaEngine(rules, List.of("archive"), c);
        List<EndpointAlert> out = new ArrayList<>();
        engine.evaluate(process("linux", "/usr/bin/python3", ART_GZIP), out::add);
        engine.evaluate(event("linux", "network_connection", Ecs.DESTINATION_IP, "10.0.0.1"), out::add);
        engine.evaluate(event("linux", "alert", Ecs.RULE_NAME, "archive staged"), out::add);
        assertEquals(3, c.get("endpoint.sigma.events"));
        assertEquals(2, c.get("endpoint.sigma.events_without_rules"));
        assertEquals(2, c.get("endpoint.sigma.alerts"));
        assertEquals(1, c.get("endpoint.sigma.forwarded_alerts"));
        assertEquals(3, out.size());
    }
}
