package io.packwatch.endpoint.parse;

import java.util.ArrayList;
import java.util.List;

/** One Linux audit event as the two audit parsers (auditd records, laurel JSON) read it, before it becomes ECS. */
final class AuditFacts {
    long time = Times.NONE;
    String id;
    /** The first record's type, the event's type when there is no SYSCALL record (USER_LOGIN, ...). */
    String firstType;
    String arch;
    String syscallNumber;
    /** The syscall's name when the sender translated it (auditd ENRICHED, laurel), else from {@link Syscalls}. */
    String syscall;
    String success;
    String exe;
    String comm;
    String pid;
    String ppid;
    String uid;
    String userName;
    String auditUserName;
    String key;
    String cwd;
    String proctitle;
    String parentExe;
    /** The flags argument of open(2) / openat(2), from the SYSCALL record's a1 / a2; -1 when unknown. */
    long openFlags = -1;
    boolean mmap;
    final List<String> argv = new ArrayList<>();
    /** PATH records as (name, nametype) pairs. */
    final List<String> paths = new ArrayList<>();

    String syscallName() {
        return syscall != null ? syscall.toLowerCase(java.util.Locale.ROOT) : Syscalls.name(arch, syscallNumber);
    }
}
