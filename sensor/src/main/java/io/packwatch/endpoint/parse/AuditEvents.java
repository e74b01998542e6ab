package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;

/**
 * A Linux audit event to ECS and a Sigma category: execve is process_creation; a path created (PATH
 * nametype=CREATE, creat(2), open with O_CREAT) is file_event; a deleted one file_delete; a shared object
 * opened or mapped (MMAP record, open/openat/mmap of a {@code .so}) is image_load; the rest is other.
 */
final class AuditEvents {
    private static final long O_CREAT = 0x40;

    private AuditEvents() {
    }

    static void emit(AuditFacts f, String format, EventBuilder b) {
        b.begin();
        String syscall = f.syscallName();
        b.put(Ecs.EVENT_CODE, f.firstType);
        b.put(Ecs.EVENT_ACTION, syscall != null ? syscall : f.firstType == null ? null
                : f.firstType.toLowerCase(java.util.Locale.ROOT));
        if (f.success != null) {
            b.put(Ecs.EVENT_OUTCOME, "yes".equals(f.success) ? "success" : "no".equals(f.success) ? "failure" : null);
        }
        b.path(Ecs.PROCESS_EXECUTABLE, Ecs.PROCESS_NAME, f.exe);
        if (!b.has(Ecs.PROCESS_NAME)) {
            b.put(Ecs.PROCESS_NAME, f.comm);
        }
        b.put(Ecs.PROCESS_PID, f.pid);
        b.put(Ecs.PARENT_PID, f.ppid);
        b.path(Ecs.PARENT_EXECUTABLE, Ecs.PARENT_NAME, f.parentExe);
        b.put(Ecs.USER_ID, f.uid);
        b.put(Ecs.USER_NAME, f.userName);
        b.put(Ecs.USER_AUDIT_NAME, f.auditUserName);
        b.put(Ecs.PROCESS_WORKING_DIRECTORY, f.cwd);
        b.put("auditd.key", f.key);
        b.put("auditd.id", f.id);
        String commandLine = f.argv.isEmpty() ? f.proctitle : String.join(" ", f.argv);
        b.put(Ecs.PROCESS_COMMAND_LINE, commandLine);
        b.emit(f.time, "linux", category(f, syscall, b), format);
    }

    private static String category(AuditFacts f, String syscall, EventBuilder b) {
        if ("execve".equals(syscall) || "execveat".equals(syscall)) {
            return "process_creation";
        }
        String created = pathOf(f, "CREATE");
        boolean opening = "open".equals(syscall) || "openat".equals(syscall) || "openat2".equals(syscall);
        if (created == null && ("creat".equals(syscall) || opening && f.openFlags >= 0 && (f.openFlags & O_CREAT) != 0)) {
            created = lastNonParent(f);
        }
        if (created != null) {
            b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, absolute(f, created));
            return "file_event";
        }
        String deleted = pathOf(f, "DELETE");
        if (deleted != null) {
            b.path(Ecs.FILE_PATH, Ecs.FILE_NAME, absolute(f, deleted));
            return "file_delete";
        }
        if (f.mmap || opening || "mmap".equals(syscall) || "mmap2".equals(syscall)) {
            String lib = lastNonParent(f);
            if (lib != null && isSharedObject(lib)) {
                b.path(Ecs.DLL_PATH, Ecs.DLL_NAME, absolute(f, lib));
                return "image_load";
            }
        }
        return "other";
    }

    private static String pathOf(AuditFacts f, String nametype) {
        for (int i = 0; i + 1 < f.paths.size(); i += 2) {
            if (nametype.equals(f.paths.get(i + 1))) {
                return f.paths.get(i);
            }
        }
        return null;
    }

    private static String lastNonParent(AuditFacts f) {
        for (int i = f.paths.size() - 2; i >= 0; i -= 2) {
            if (!"PARENT".equals(f.paths.get(i + 1)) && f.paths.get(i) != null) {
                return f.paths.get(i);
            }
        }
        return null;
    }

    /** {@code libz.so}, {@code libz.so.1}, {@code libz.so.1.2.13}, {@code zlib.cpython-311-x86_64-linux-gnu.so}. */
    static boolean isSharedObject(String path) {
        int so = path.lastIndexOf(".so");
        if (so < 0) {
            return false;
        }
        for (int i = so + 3; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '.' && !Times.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** PATH names are relative to the CWD record when they do not start with '/'. */
    private static String absolute(AuditFacts f, String name) {
        if (name.startsWith("/") || f.cwd == null) {
            return name;
        }
        String rel = name.startsWith("./") ? name.substring(2) : name;
        return f.cwd.endsWith("/") ? f.cwd + rel : f.cwd + '/' + rel;
    }
}
