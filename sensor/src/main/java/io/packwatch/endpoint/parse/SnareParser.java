package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Snare's tab-delimited Windows events: {@code MSWinEventLog TAB criticality TAB log TAB counter TAB
 * date TAB EventID TAB source TAB user TAB SID type TAB event type TAB computer TAB category TAB data TAB
 * expanded message [TAB counter]}. The event data only exists as the rendered message ({@code Image: C:\..
 * CommandLine: ..}, line breaks turned to spaces), so Sysmon's field names are found in it.
 */
final class SnareParser implements PayloadParser {
    private static final Set<String> SYSMON_NAMES = Set.of("RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image",
            "FileVersion", "Description", "Product", "Company", "OriginalFileName", "CommandLine", "CurrentDirectory",
            "User", "LogonGuid", "LogonId", "TerminalSessionId", "IntegrityLevel", "Hashes", "ParentProcessGuid",
            "ParentProcessId", "ParentImage", "ParentCommandLine", "ParentUser", "ImageLoaded", "Signed", "Signature",
            "SignatureStatus", "TargetFilename", "CreationUtcTime", "Protocol", "Initiated", "SourceIsIpv6", "SourceIp",
            "SourceHostname", "SourcePort", "SourcePortName", "DestinationIsIpv6", "DestinationIp",
            "DestinationHostname", "DestinationPort", "DestinationPortName", "IsExecutable", "Archived");
    private static final int FIELDS = 14;
    private final ZoneId zone;
    private final int[] starts = new int[FIELDS + 1];
    private final int[] ends = new int[FIELDS + 1];
    private final Map<String, String> data = new LinkedHashMap<>();

    SnareParser(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String parse(String s, int from, int to, EventBuilder b) {
        int n = 0;
        int p = from;
        while (n <= FIELDS && p <= to) {
            int tab = s.indexOf('\t', p);
            int stop = tab < 0 || tab > to ? to : tab;
            starts[n] = p;
            ends[n] = stop;
            n++;
            p = stop + 1;
        }
        if (n < FIELDS) {
            return "too_few_fields";
        }
        int eid = WindowsEvents.eventId(field(s, 5));
        if (eid < 0) {
            return "no_event_id";
        }
        String provider = field(s, 6);
        String expanded = field(s, 13);
        data.clear();
        if (eid == 4104) {
            scriptBlock(expanded);
        } else {
            sysmonFields(expanded);
        }
        b.begin();
        b.put(Ecs.HOST_NAME, field(s, 10));
        b.put("winlog.channel", field(s, 2));
        WindowsEvents.map(provider, eid, data, null, b);
        if (!b.has(Ecs.USER_NAME)) {
            String user = field(s, 7);
            b.put(Ecs.USER_NAME, "N/A".equals(user) ? null : user);
        }
        b.put(Ecs.MESSAGE, expanded);
        long t = WindowsEvents.utcTime(data);
        if (t == Times.NONE) {
            t = snareDate(field(s, 4));
        }
        b.emit(t, "windows", WindowsEvents.category(provider, eid), "snare");
        return null;
    }

    private String field(String s, int i) {
        return s.substring(starts[i], ends[i]).trim();
    }

    /** Splits the rendered message at the Sysmon field names ({@code Name: value}). */
    private void sysmonFields(String m) {
        String name = null;
        int valueStart = 0;
        int p = 0;
        while (p < m.length()) {
            int colon = m.indexOf(": ", p);
            if (colon < 0) {
                break;
            }
            int w = colon;
            while (w > 0 && Character.isLetterOrDigit(m.charAt(w - 1))) {
                w--;
            }
            String word = m.substring(w, colon);
            if ((w == 0 || Character.isWhitespace(m.charAt(w - 1))) && SYSMON_NAMES.contains(word)) {
                if (name != null) {
                    data.put(name, m.substring(valueStart, w).trim());
                }
                name = word;
                valueStart = colon + 2;
            }
            p = colon + 2;
        }
        if (name != null) {
            data.put(name, m.substring(valueStart).trim());
        }
    }

    /** {@code Creating Scriptblock text (1 of 1): TEXT ScriptBlock ID: GUID Path: PATH}. */
    private void scriptBlock(String m) {
        int open = m.indexOf("Creating Scriptblock text (");
        int start = open < 0 ? -1 : m.indexOf("): ", open);
        int id = m.lastIndexOf(" ScriptBlock ID: ");
        if (start < 0) {
            return;
        }
        data.put("ScriptBlockText", m.substring(start + 3, id > start ? id : m.length()).trim());
        if (id > start) {
            int path = m.indexOf(" Path: ", id);
            data.put("ScriptBlockId", m.substring(id + 17, path > id ? path : m.length()).trim());
            if (path > id) {
                data.put("Path", m.substring(path + 7).trim());
            }
        }
    }

    /** {@code Tue Nov 14 23:13:20 2023}, the agent's local time. */
    private long snareDate(String d) {
        if (d.length() != 24 || d.charAt(3) != ' ') {
            return Times.NONE;
        }
        int month = Times.month(d, 4);
        int day = d.charAt(8) == ' ' ? d.charAt(9) - '0' : Times.digits(d, 8, 2) ? Times.num(d, 8, 2) : -1;
        if (month == 0 || day < 1 || !Times.digits(d, 11, 2) || !Times.digits(d, 14, 2) || !Times.digits(d, 17, 2)
                || !Times.digits(d, 20, 4)) {
            return Times.NONE;
        }
        return Times.civil(Times.num(d, 20, 4), month, day, Times.num(d, 11, 2), Times.num(d, 14, 2),
                Times.num(d, 17, 2), 0, zone);
    }
}
