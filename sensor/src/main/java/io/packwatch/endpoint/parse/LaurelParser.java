package io.packwatch.endpoint.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * laurel's JSON lines: one already-joined audit event per line, {@code {"ID":"EPOCH:SERIAL","SYSCALL":{..},
 * "EXECVE":{"ARGV":[..]},"CWD":{..},"PATH":[..],"PROCTITLE":{"ARGV":[..]},"PARENT_INFO":{..}}}. laurel
 * percent-encodes bytes outside printable ASCII and '%' and '+' in strings, so those are decoded.
 */
final class LaurelParser {
    static boolean matches(Map<String, Object> o) {
        return o.containsKey("ID") && (o.containsKey("SYSCALL") || o.containsKey("EXECVE") || o.containsKey("PATH")
                || o.containsKey("PROCTITLE"));
    }

    void parse(Map<String, Object> o, EventBuilder b) {
        AuditFacts f = new AuditFacts();
        f.id = JsonReader.text(o, "ID");
        int colon = f.id == null ? -1 : f.id.indexOf(':');
        f.time = colon < 0 ? Times.NONE : Times.epochSeconds(f.id, 0, colon);
        Object sc = o.get("SYSCALL");
        if (sc != null) {
            f.firstType = "SYSCALL";
            f.arch = JsonReader.text(sc, "arch");
            f.syscallNumber = JsonReader.text(sc, "syscall");
            f.syscall = JsonReader.text(sc, "SYSCALL");
            f.success = JsonReader.text(sc, "success");
            f.pid = JsonReader.text(sc, "pid");
            f.ppid = JsonReader.text(sc, "ppid");
            f.uid = JsonReader.text(sc, "uid");
            f.userName = JsonReader.text(sc, "UID");
            f.auditUserName = JsonReader.text(sc, "AUID");
            f.comm = percent(JsonReader.text(sc, "comm"));
            f.exe = percent(JsonReader.text(sc, "exe"));
            f.key = percent(JsonReader.text(sc, "key"));
            List<Object> args = JsonReader.array(JsonReader.get(sc, "ARGV"));
            String name = f.syscallName();
            if (args != null && args.size() > 2 && args.get(1) instanceof String && args.get(2) instanceof String) {
                f.openFlags = "open".equals(name) ? hex((String) args.get(1)) : "openat".equals(name)
                        ? hex((String) args.get(2)) : -1;
            }
        } else {
            for (String k : o.keySet()) {
                if (!"ID".equals(k) && !"NODE".equals(k)) {
                    f.firstType = k;
                    break;
                }
            }
        }
        strings(JsonReader.array(JsonReader.get(o.get("EXECVE"), "ARGV")), f.argv);
        List<Object> title = JsonReader.array(JsonReader.get(o.get("PROCTITLE"), "ARGV"));
        if (title != null) {
            StringBuilder t = new StringBuilder();
            for (Object a : title) {
                if (a instanceof String) {
                    t.append(t.length() > 0 ? " " : "").append(percent((String) a));
                }
            }
            f.proctitle = t.toString();
        }
        f.cwd = percent(JsonReader.text(o.get("CWD"), "cwd"));
        List<Object> paths = JsonReader.array(o.get("PATH"));
        if (paths != null) {
            for (Object p : paths) {
                f.paths.add(percent(JsonReader.text(p, "name")));
                f.paths.add(JsonReader.text(p, "nametype"));
            }
        }
        f.mmap = o.containsKey("MMAP");
        f.parentExe = percent(JsonReader.text(o.get("PARENT_INFO"), "exe"));
        AuditEvents.emit(f, "laurel", b);
    }

    private static void strings(List<Object> in, List<String> out) {
        if (in != null) {
            for (Object a : in) {
                if (a instanceof String) {
                    out.add(percent((String) a));
                }
            }
        }
    }

    private static long hex(String v) {
        if (!v.startsWith("0x") || v.length() > 18 || v.length() < 3) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(v.substring(2), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Undoes laurel's {@code %XX} encoding; the bytes are UTF-8. */
    static String percent(String v) {
        if (v == null || v.indexOf('%') < 0) {
            return v;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
        byte[] in = v.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            int h = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int l = h < 0 ? -1 : Character.digit(in[i + 2], 16);
            if (l >= 0) {
                out.write(h << 4 | l);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
