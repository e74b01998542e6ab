package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * Windows event data to ECS, whichever forwarder carried it (event XML, NXLog JSON, Winlogbeat, Snare) and
 * for Sysmon for Linux, which uses the same field names: Sysmon EIDs 1, 3, 5, 7, 11, 23, 26, PowerShell
 * 4104 and Security 4688. Fields ECS has no name for are kept as {@code winlog.event_data.<Name>}.
 */
final class WindowsEvents {
    static final String SYSMON = "Microsoft-Windows-Sysmon";
    static final String LINUX_SYSMON = "Linux-Sysmon";
    static final String POWERSHELL = "Microsoft-Windows-PowerShell";
    private static final String DATA_PREFIX = "winlog.event_data.";
    /** Data names mapped below; everything else is kept under {@link #DATA_PREFIX}. */
    private static final Set<String> MAPPED = Set.of("Image", "CommandLine", "ProcessId", "ParentImage",
            "ParentCommandLine", "ParentProcessId", "User", "CurrentDirectory", "Hashes", "ImageLoaded",
            "TargetFilename", "SourceIp", "SourcePort", "DestinationIp", "DestinationPort", "Protocol",
            "DestinationHostname", "SourceHostname", "ScriptBlockText", "UtcTime", "NewProcessName",
            "ParentProcessName", "NewProcessId", "SubjectUserName", "SubjectDomainName", "RuleName");

    private WindowsEvents() {
    }

    /** Sigma's logsource category for an event. */
    static String category(String provider, int eid) {
        if (provider != null && provider.endsWith("Sysmon")) {
            switch (eid) {
                case 1:
                    return "process_creation";
                case 3:
                    return "network_connection";
                case 5:
                    return "process_termination";
                case 7:
                    return "image_load";
                case 11:
                    return "file_event";
                case 23:
                case 26:
                    return "file_delete";
                default:
                    return "other";
            }
        }
        if (eid == 4104 && provider != null && provider.startsWith(POWERSHELL)) {
            return "ps_script";
        }
        if (eid == 4688) {
            return "process_creation";
        }
        return "other";
    }

    /**
     * Puts the event's ECS fields. {@code data} holds the event data by name (string values; other
     * values are ignored); names in {@code skip} are the forwarder's own and are not kept.
     */
    static void map(String provider, int eid, Map<String, ?> data, Set<String> skip, EventBuilder b) {
        b.put(Ecs.EVENT_CODE, Integer.toString(eid));
        b.put("winlog.provider_name", provider);
        b.path(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, str(data, "Image"));
        b.path(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, str(data, "NewProcessName"));
        b.put(Ecs.PROCESS_COMMAND_LINE, str(data, "CommandLine"));
        if (eid == 4688) {
            // Security's ProcessId is the creator's, in hex; the new process is NewProcessId
            b.put(Ecs.PROCESS_PID, hexToDecimal(str(data, "NewProcessId")));
            b.put(Ecs.PARENT_PID, hexToDecimal(str(data, "ProcessId")));
        } else {
            b.put(Ecs.PROCESS_PID, str(data, "ProcessId"));
        }
        b.path(Ecs.PARENT_EXECUTABLE, Ecs.PARENT_NAME, str(data, "ParentImage"));
        b.path(Ecs.PARENT_EXECUTABLE, Ecs.PARENT_NAME, str(data, "ParentProcessName"));
        b.put(Ecs.PARENT_COMMAND_LINE, str(data, "ParentCommandLine"));
        b.put(Ecs.PARENT_PID, str(data, "ParentProcessId"));
        b.put(Ecs.PROCESS_WORKING_DIRECTORY, str(data, "CurrentDirectory"));
        b.user(str(data, "User"));
        if (!b.has(Ecs.USER_NAME)) {
            b.put(Ecs.USER_NAME, str(data, "SubjectUserName"));
            b.put(Ecs.USER_DOMAIN, str(data, "SubjectDomainName"));
        }
        b.put(Ecs.RULE_NAME, str(data, "RuleName"));
        b.path(Ecs.DLL_PATH, Ecs.DLL_NAME, str(data, "ImageLoaded"));
        b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, str(data, "TargetFilename"));
        b.hashList(eid == 7 ? "dll" : eid == 23 || eid == 26 || eid == 15 ? "file" : "process", str(data, "Hashes"));
        b.put(Ecs.SOURCE_IP, str(data, "SourceIp"));
        b.put(Ecs.SOURCE_PORT, str(data, "SourcePort"));
        b.put(Ecs.SOURCE_DOMAIN, str(data, "SourceHostname"));
        b.put(Ecs.DESTINATION_IP, str(data, "DestinationIp"));
        b.put(Ecs.DESTINATION_PORT, str(data, "DestinationPort"));
        b.put(Ecs.DESTINATION_DOMAIN, str(data, "DestinationHostname"));
        String proto = str(data, "Protocol");
        b.put(Ecs.NETWORK_TRANSPORT, proto == null ? null : proto.toLowerCase(java.util.Locale.ROOT));
        b.put(Ecs.SCRIPT_BLOCK, str(data, "ScriptBlockText"));
        if (eid == 4104) {
            b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, str(data, "Path"));
        }
        for (Map.Entry<String, ?> e : data.entrySet()) {
            if (e.getValue() instanceof String && !MAPPED.contains(e.getKey()) && (skip == null || !skip.contains(e.getKey()))) {
                b.put(DATA_PREFIX + e.getKey(), (String) e.getValue());
            }
        }
    }

    /** Sysmon's {@code UtcTime} ({@code 2023-11-14 22:13:20.123}, always UTC), or NONE. */
    static long utcTime(Map<String, ?> data) {
        String t = str(data, "UtcTime");
        return t == null ? Times.NONE : Times.iso(t, 0, t.length(), ZoneOffset.UTC);
    }

    static int eventId(String text) {
        if (text == null || text.isEmpty() || text.length() > 6) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Times.isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String str(Map<String, ?> data, String key) {
        Object v = data.get(key);
        return v instanceof String ? (String) v : null;
    }

    /** Security 4688 writes process ids in hex ({@code 0x1a2c}). */
    private static String hexToDecimal(String v) {
        if (v == null || !v.startsWith("0x") || v.length() > 18 || v.length() < 3) {
            return v;
        }
        try {
            return Long.toString(Long.parseUnsignedLong(v.substring(2), 16));
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
