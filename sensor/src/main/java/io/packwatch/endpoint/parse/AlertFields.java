package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;

/**
 * The keys EDR alerts use in CEF extensions and LEEF attributes (short and long CEF names, LEEF's own) to
 * ECS. Custom strings {@code cs1..cs6} are named by their {@code csNLabel}. Process names: with both a
 * source and a destination process ({@code sproc}, {@code dproc}) the destination is the process the alert
 * is about and the source its parent; with one, that one is the process. host.name is the endpoint the
 * alert is about: {@code shost}, else {@code dvchost}, else LEEF's {@code identHostName}, else the syslog host;
 * host.ip is LEEF's {@code identSrc}, else {@code dvc}.
 */
final class AlertFields {
    private AlertFields() {
    }

    /** Maps {@code ext} into {@code b}; keys it does not know go under {@code prefix} ({@code cef.}, {@code leef.}). */
    static void map(Map<String, String> ext, String prefix, EventBuilder b) {
        for (Map.Entry<String, String> e : ext.entrySet()) {
            String key = canonical(e.getKey());
            String v = e.getValue();
            switch (key) {
                case "src": b.put(Ecs.SOURCE_IP, v); break;
                case "dst": b.put(Ecs.DESTINATION_IP, v); break;
                case "spt": b.put(Ecs.SOURCE_PORT, v); break;
                case "dpt": b.put(Ecs.DESTINATION_PORT, v); break;
                case "suser": b.user(v); break;
                case "duser": b.put("user.target.name", v); break;
                case "fname": b.put(Ecs.FILE_NAME, v); break;
                case "filePath": b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, v); break;
                case "fileHash": b.hash("file", v); break;
                case "fsize": b.put(Ecs.FILE_SIZE, v); break;
                case "shost": b.put(Ecs.SOURCE_DOMAIN, v); break;
                case "dhost": b.put(Ecs.DESTINATION_DOMAIN, v); break;
                case "dvchost": b.put("observer.hostname", v); break;
                case "dvc":
                case "identSrc":
                    break; // host.ip, below
                case "identHostName": b.put(Ecs.HOST_NAME, v); break;
                case "act": b.put(Ecs.EVENT_ACTION, v); break;
                case "msg": b.put(Ecs.MESSAGE, v); break;
                case "request": b.put(Ecs.URL_ORIGINAL, v); break;
                case "proto": b.put(Ecs.NETWORK_TRANSPORT, v.toLowerCase(Locale.ROOT)); break;
                case "sev": b.put(Ecs.EVENT_SEVERITY, v); break;
                case "sproc":
                case "dproc":
                case "spid":
                case "dpid":
                    break; // below, once both are known
                default:
                    if (key.startsWith("cs") && key.endsWith("Label") || key.startsWith("cn") && key.endsWith("Label")) {
                        break;
                    }
                    if (key.length() == 3 && (key.startsWith("cs") || key.startsWith("cn")) && Times.isDigit(key.charAt(2))) {
                        custom(ext, key, v, prefix, b);
                    } else {
                        b.put(prefix + key, v);
                    }
            }
        }
        String sproc = value(ext, "sproc", "sourceProcessName");
        String dproc = value(ext, "dproc", "destinationProcessName");
        String spid = value(ext, "spid", "sourceProcessId");
        String dpid = value(ext, "dpid", "destinationProcessId");
        if (dproc != null) {
            process(b, dproc, dpid, Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, Ecs.PROCESS_PID);
            process(b, sproc, spid, Ecs.PARENT_EXECUTABLE, Ecs.PARENT_NAME, Ecs.PARENT_PID);
        } else {
            process(b, sproc, spid, Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, Ecs.PROCESS_PID);
        }
        // the endpoint the alert is about, rather than the console or relay that sent it
        String host = value(ext, "shost", "sourceHostName");
        b.put(Ecs.HOST_NAME, host != null ? host : value(ext, "dvchost", "deviceHostName"));
        String ip = value(ext, "identSrc", "dvc");
        b.put(Ecs.HOST_IP, ip != null ? ip : ext.get("deviceAddress"));
    }

    /** The operating system the alert's paths belong to, or null. */
    static String product(EventBuilder b) {
        for (String k : new String[] {Ecs.PROCESS_EXECUTABLE, Ecs.FILE_PATH, Ecs.PARENT_EXECUTABLE}) {
            String p = b.get(k);
            if (p == null) {
                continue;
            }
            if (p.indexOf('\\') >= 0 || p.length() > 1 && p.charAt(1) == ':') {
                return "windows";
            }
            if (p.startsWith("/Users/") || p.startsWith("/Applications/") || p.startsWith("/System/")) {
                return "macos";
            }
            if (p.startsWith("/")) {
                return "linux";
            }
        }
        return null;
    }

    private static void custom(Map<String, String> ext, String key, String v, String prefix, EventBuilder b) {
        String label = ext.get(key + "Label");
        if (label == null) {
            label = ext.get(longName(key) + "Label");
        }
        if (label == null) {
            b.put(prefix + key, v);
            return;
        }
        String norm = label.replace(" ", "").toLowerCase(Locale.ROOT);
        switch (norm) {
            case "commandline":
            case "processcommandline":
            case "cmdline":
                b.put(Ecs.PROCESS_COMMAND_LINE, v);
                break;
            case "parentcommandline":
                b.put(Ecs.PARENT_COMMAND_LINE, v);
                break;
            case "sha256":
            case "filehash":
            case "sha1":
            case "md5":
                b.hash("file", v);
                break;
            default:
                StringBuilder name = new StringBuilder(prefix);
                for (int i = 0; i < label.length() && i < 64; i++) {
                    char c = label.charAt(i);
                    name.append(Character.isLetterOrDigit(c) ? c : '_');
                }
                b.put(name.toString(), v);
        }
    }

    private static void process(EventBuilder b, String proc, String pid, String exeKey, String nameKey, String pidKey) {
        if (proc == null) {
            return;
        }
        if (proc.indexOf('/') >= 0 || proc.indexOf('\\') >= 0) {
            b.path(exeKey, nameKey, proc);
        } else {
            b.put(nameKey, proc);
        }
        b.put(pidKey, pid);
    }

    private static String value(Map<String, String> ext, String shortName, String longName) {
        String v = ext.get(shortName);
        return v != null ? v : ext.get(longName);
    }

    /** CEF's long key names and LEEF's spellings to the short CEF names used above. */
    private static String canonical(String k) {
        switch (k) {
            case "sourceAddress": return "src";
            case "destinationAddress": return "dst";
            case "sourcePort":
            case "srcPort": return "spt";
            case "destinationPort":
            case "dstPort": return "dpt";
            case "sourceUserName":
            case "usrName": return "suser";
            case "destinationUserName": return "duser";
            case "fileName": return "fname";
            case "fileSize": return "fsize";
            case "sourceHostName": return "shost";
            case "destinationHostName": return "dhost";
            case "deviceHostName": return "dvchost";
            case "deviceAddress": return "dvc";
            case "deviceAction": return "act";
            case "message": return "msg";
            case "requestUrl": return "request";
            case "transportProtocol": return "proto";
            case "sourceProcessName": return "sproc";
            case "destinationProcessName": return "dproc";
            case "sourceProcessId": return "spid";
            case "destinationProcessId": return "dpid";
            default:
                if (k.startsWith("deviceCustomString") && k.length() >= 19) {
                    return "cs" + k.substring(18);
                }
                if (k.startsWith("deviceCustomNumber") && k.length() >= 19) {
                    return "cn" + k.substring(18);
                }
                return k;
        }
    }

    private static String longName(String shortKey) {
        return (shortKey.startsWith("cs") ? "deviceCustomString" : "deviceCustomNumber") + shortKey.substring(2);
    }

    /**
     * An alert's time as senders write it: epoch milliseconds, ISO 8601, or {@code MMM dd [yyyy] HH:mm:ss[.SSS]
     * [zone]} (CEF's {@code rt}); with the sender's own format when it names one (LEEF's {@code devTimeFormat}).
     */
    static long time(String v, DateTimeFormatter pattern, ZoneId zone) {
        if (v == null || v.isEmpty() || v.length() > 64) {
            return Times.NONE;
        }
        if (pattern == null && Times.digits(v, 0, v.length()) && v.length() >= 10 && v.length() <= 13) {
            long n = Long.parseLong(v);
            return v.length() == 13 ? n * 1_000_000L : n * 1_000_000_000L;
        }
        long iso = Times.iso(v, 0, v.length(), zone);
        if (iso != Times.NONE) {
            return iso;
        }
        try {
            DateTimeFormatter f = pattern != null ? pattern
                    : v.length() > 11 && Times.digits(v, 7, 4) && v.charAt(11) == ' ' ? WITH_YEAR : null;
            if (f == null) {
                return Times.NONE;
            }
            TemporalAccessor t = f.parseBest(v, ZonedDateTime::from, LocalDateTime::from);
            ZonedDateTime z = t instanceof ZonedDateTime ? (ZonedDateTime) t : ((LocalDateTime) t).atZone(zone);
            return z.toEpochSecond() * 1_000_000_000L + z.get(ChronoField.NANO_OF_SECOND);
        } catch (DateTimeException | IllegalArgumentException e) {
            return Times.NONE;
        }
    }

    private static final DateTimeFormatter WITH_YEAR = DateTimeFormatter.ofPattern(
            "MMM dd yyyy HH:mm:ss[.SSS][ zzz][ XXX]", Locale.ENGLISH);
}
