package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft Defender for Endpoint's streaming API as forwarders re-emit it: {@code {"records":[{"time":..,
 * "category":"AdvancedHunting-DeviceProcessEvents","properties":{..}}, ..]}}, or one record on its own. One
 * event per record, for DeviceProcessEvents, DeviceImageLoadEvents, DeviceFileEvents and DeviceNetworkEvents;
 * other tables become {@code other} events with the device and initiating process.
 */
final class MdeParser {
    private static final String PREFIX = "AdvancedHunting-";

    static boolean matches(Map<String, Object> o) {
        List<Object> records = JsonReader.array(o.get("records"));
        if (records != null) {
            return !records.isEmpty() && isRecord(records.get(0));
        }
        return isRecord(o);
    }

    private static boolean isRecord(Object r) {
        String c = JsonReader.text(r, "category");
        return c != null && c.startsWith(PREFIX) && JsonReader.object(JsonReader.get(r, "properties")) != null;
    }

    /** Returns the number of records that were not records (skipped). */
    int parse(Map<String, Object> o, EventBuilder b) {
        List<Object> records = JsonReader.array(o.get("records"));
        if (records == null) {
            record(o, b);
            return 0;
        }
        int skipped = 0;
        for (Object r : records) {
            if (isRecord(r)) {
                record(r, b);
            } else {
                skipped++;
            }
        }
        return skipped;
    }

    private static void record(Object r, EventBuilder b) {
        String table = JsonReader.text(r, "category").substring(PREFIX.length());
        Map<String, Object> p = JsonReader.object(JsonReader.get(r, "properties"));
        String action = text(p, "ActionType");
        b.begin();
        b.put(Ecs.HOST_NAME, text(p, "DeviceName"));
        b.put(Ecs.EVENT_CODE, table);
        b.put(Ecs.EVENT_ACTION, action);
        b.put("mde.device_id", text(p, "DeviceId"));
        b.put("mde.report_id", text(p, "ReportId"));
        String category;
        switch (table) {
            case "DeviceProcessEvents":
                category = "process_creation";
                b.path(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, fullPath(p, "FolderPath", "FileName"));
                b.put(Ecs.PROCESS_COMMAND_LINE, text(p, "ProcessCommandLine"));
                b.put(Ecs.PROCESS_PID, text(p, "ProcessId"));
                hashes(p, "", "process", b);
                account(p, "Account", b);
                initiating(p, true, b);
                break;
            case "DeviceImageLoadEvents":
                category = "image_load";
                b.path(Ecs.DLL_PATH, Ecs.DLL_NAME, fullPath(p, "FolderPath", "FileName"));
                hashes(p, "", "dll", b);
                initiating(p, false, b);
                break;
            case "DeviceFileEvents":
                category = "FileDeleted".equals(action) ? "file_delete" : "file_event";
                b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, fullPath(p, "FolderPath", "FileName"));
                b.put(Ecs.FILE_SIZE, text(p, "FileSize"));
                hashes(p, "", "file", b);
                initiating(p, false, b);
                break;
            case "DeviceNetworkEvents":
                category = network(p, action, b);
                initiating(p, false, b);
                break;
            default:
                category = "other";
                initiating(p, false, b);
        }
        String ts = text(p, "Timestamp");
        if (ts == null) {
            ts = JsonReader.text(r, "time");
        }
        long t = ts == null ? Times.NONE : Times.iso(ts, 0, ts.length(), ZoneOffset.UTC);
        b.emit(t, "windows", category, "mde");
    }

    /**
     * Maps a connection as Sysmon's EID 3 does: the side that opened it is the source, so an outbound
     * connection (ConnectionSuccess, ConnectionAttempt, ConnectionFailed, ConnectionRequest, ...) goes from
     * LocalIP to RemoteIP and InboundConnectionAccepted from RemoteIP to LocalIP; host.ip is LocalIP either
     * way. A listening socket has no peer: it is an {@code other} event. Defender writes IPv4 peers of
     * dual-stack sockets as IPv4-mapped IPv6 ({@code ::ffff:10.1.0.5}, LocalIPType FourToSixMapping): they
     * become plain IPv4, the form packets are matched in.
     */
    private static String network(Map<String, Object> p, String action, EventBuilder b) {
        String local = address(text(p, "LocalIP"));
        String remote = address(text(p, "RemoteIP"));
        b.put(Ecs.HOST_IP, local);
        String proto = text(p, "Protocol");
        b.put(Ecs.NETWORK_TRANSPORT, proto == null ? null : proto.toLowerCase(Locale.ROOT));
        if ("ListeningConnectionCreated".equals(action)) {
            b.put(Ecs.SOURCE_IP, local);
            b.put(Ecs.SOURCE_PORT, text(p, "LocalPort"));
            return "other";
        }
        boolean inbound = "InboundConnectionAccepted".equals(action);
        b.put(Ecs.SOURCE_IP, inbound ? remote : local);
        b.put(Ecs.SOURCE_PORT, text(p, inbound ? "RemotePort" : "LocalPort"));
        b.put(Ecs.DESTINATION_IP, inbound ? local : remote);
        b.put(Ecs.DESTINATION_PORT, text(p, inbound ? "LocalPort" : "RemotePort"));
        if (!inbound) {
            b.put(Ecs.DESTINATION_DOMAIN, text(p, "RemoteUrl"));
        }
        b.put(Ecs.NETWORK_DIRECTION, inbound ? "ingress" : "egress");
        return "network_connection";
    }

    /** An address as packets show it: IPv4-mapped IPv6 unwrapped; empty or unspecified (a wildcard bind) as absent. */
    private static String address(String ip) {
        if (ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::")) {
            return null;
        }
        if (ip.length() > 7 && ip.regionMatches(true, 0, "::ffff:", 0, 7) && ip.indexOf('.', 7) > 0) {
            return ip.substring(7);
        }
        return ip;
    }

    /**
     * The initiating process is the process of image-load, file and network events and the parent of a
     * process-creation event (whose own parent then is InitiatingProcessParent*).
     */
    private static void initiating(Map<String, Object> p, boolean asParent, EventBuilder b) {
        String path = fullPath(p, "InitiatingProcessFolderPath", "InitiatingProcessFileName");
        if (asParent) {
            b.path(Ecs.PARENT_EXECUTABLE, Ecs.PARENT_NAME, path);
            b.put(Ecs.PARENT_COMMAND_LINE, text(p, "InitiatingProcessCommandLine"));
            b.put(Ecs.PARENT_PID, text(p, "InitiatingProcessId"));
            return;
        }
        b.path(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, path);
        b.put(Ecs.PROCESS_COMMAND_LINE, text(p, "InitiatingProcessCommandLine"));
        b.put(Ecs.PROCESS_PID, text(p, "InitiatingProcessId"));
        b.put(Ecs.PROCESS_HASH_SHA256, lower(text(p, "InitiatingProcessSHA256")));
        b.put(Ecs.PROCESS_HASH_SHA1, lower(text(p, "InitiatingProcessSHA1")));
        b.put(Ecs.PARENT_NAME, text(p, "InitiatingProcessParentFileName"));
        b.put(Ecs.PARENT_PID, text(p, "InitiatingProcessParentId"));
        account(p, "InitiatingProcessAccount", b);
    }

    private static void account(Map<String, Object> p, String prefix, EventBuilder b) {
        b.put(Ecs.USER_NAME, text(p, prefix + "Name"));
        b.put(Ecs.USER_DOMAIN, text(p, prefix + "Domain"));
    }

    private static void hashes(Map<String, Object> p, String prefix, String target, EventBuilder b) {
        b.put(target + ".hash.sha256", lower(text(p, prefix + "SHA256")));
        b.put(target + ".hash.sha1", lower(text(p, prefix + "SHA1")));
        b.put(target + ".hash.md5", lower(text(p, prefix + "MD5")));
    }

    /** FolderPath holds the whole path in Defender's tables; older exports give the folder only. */
    private static String fullPath(Map<String, Object> p, String folderKey, String fileKey) {
        String folder = text(p, folderKey);
        String file = text(p, fileKey);
        if (folder == null) {
            return file;
        }
        if (file == null || folder.toLowerCase(Locale.ROOT).endsWith(file.toLowerCase(Locale.ROOT))) {
            return folder;
        }
        return folder.endsWith("\\") || folder.endsWith("/") ? folder + file : folder + '\\' + file;
    }

    private static String text(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v instanceof String ? (String) v : null;
    }

    private static String lower(String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }
}
