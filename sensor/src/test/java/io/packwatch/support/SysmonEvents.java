package io.packwatch.support;

import java.time.Instant;

/** Endpoint events as Sysmon for Linux writes them, for tests that need evidence to correlate with. */
public final class SysmonEvents {
    private SysmonEvents() {
    }

    /** A Sysmon for Linux process-creation event (EID 1) of the first Atomic test, as its XML. */
    public static String gzipProcessCreate(Instant t) {
        String cmd = "python3 -c \"import gzip;input_file=open('/etc/passwd', 'rb');content=input_file.read();"
                + "input_file.close();output_file=gzip.GzipFile('/tmp/passwd.gz','wb',compresslevel=6);"
                + "output_file.write(content);output_file.close();\"";
        String utc = t.toString().replace("T", " ").replace("Z", "");
        return "<Event><System><Provider Name=\"Linux-Sysmon\" Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/>"
                + "<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>"
                + "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime=\"" + t + "\"/>"
                + "<EventRecordID>7</EventRecordID><Correlation/><Execution ProcessID=\"1021\" ThreadID=\"1021\"/>"
                + "<Channel>Linux-Sysmon/Operational</Channel><Computer>alice-pc</Computer><Security UserId=\"0\"/>"
                + "</System><EventData><Data Name=\"RuleName\">-</Data><Data Name=\"UtcTime\">" + utc + "</Data>"
                + "<Data Name=\"ProcessId\">4242</Data><Data Name=\"Image\">/usr/bin/python3.11</Data>"
                + "<Data Name=\"CommandLine\">" + cmd.replace("&", "&amp;").replace("<", "&lt;") + "</Data>"
                + "<Data Name=\"CurrentDirectory\">/home/alice</Data><Data Name=\"User\">alice</Data>"
                + "<Data Name=\"ParentProcessId\">4000</Data><Data Name=\"ParentImage\">/usr/bin/bash</Data>"
                + "<Data Name=\"ParentCommandLine\">bash</Data></EventData></Event>";
    }
}
