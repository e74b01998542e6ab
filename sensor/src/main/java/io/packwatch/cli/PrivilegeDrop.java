package io.packwatch.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.packwatch.config.ConfigException;

/**
 * Switches the whole process to an unprivileged user ({@code run.user}, {@code --user}) once the capture handle is
 * open with its filter and the listeners are bound: libc {@code getpwnam}, then {@code setgroups} to the user's
 * primary group only, {@code setgid}, {@code setuid} (glibc applies both to every thread), through JNA, which pcap4j
 * already brings. Then it checks that the real and effective ids are the user's and that {@code setuid(0)} fails, so
 * a half-done switch never runs on.
 */
final class PrivilegeDrop {
    /** The libc calls used, with their C types: uid_t and gid_t are 32-bit, size_t is a native long. */
    interface LibC extends Library {
        Pointer getpwnam(String name);

        int setgroups(NativeLong size, int[] list);

        int setgid(int gid);

        int setuid(int uid);

        int getuid();

        int geteuid();

        int getgid();

        int getegid();
    }

    /** The ids the process runs as after the switch. */
    record Ids(int uid, int gid) {
    }

    private PrivilegeDrop() {
    }

    private static LibC libc() {
        return Native.load("c", LibC.class);
    }

    /** The uid and primary gid of {@code user}, from the password database. */
    static Ids lookup(String user) {
        Pointer pw = libc().getpwnam(user);
        if (pw == null) {
            throw new ConfigException("run.user: no user '" + user + "' on this host (see getent passwd)");
        }
        // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        long at = 2L * Native.POINTER_SIZE;
        return new Ids(pw.getInt(at), pw.getInt(at + 4));
    }

    /**
     * Becomes {@code user} for good.
     *
     * @throws ConfigException when the user is unknown, the process is not root, or the switch did not hold
     */
    static Ids to(String user) {
        LibC c = libc();
        Ids target = lookup(user);
        int euid = c.geteuid();
        if (euid == target.uid() && c.getuid() == target.uid()) {
            return target; // already that user (started by it, with capabilities on java)
        }
        if (euid != 0) {
            throw new ConfigException("run.user: switching to '" + user + "' needs root, and this runs as uid " + euid
                    + " (run as root, or start as '" + user + "' with setcap cap_net_raw,cap_net_admin=eip on java)");
        }
        check(c.setgroups(new NativeLong(1), new int[] {target.gid()}), "setgroups", user);
        check(c.setgid(target.gid()), "setgid(" + target.gid() + ")", user);
        check(c.setuid(target.uid()), "setuid(" + target.uid() + ")", user);
        if (c.getuid() != target.uid() || c.geteuid() != target.uid() || c.getgid() != target.gid()
                || c.getegid() != target.gid()) {
            throw new ConfigException("run.user: after switching to '" + user + "' the process runs as uid "
                    + c.getuid() + "/" + c.geteuid() + " gid " + c.getgid() + "/" + c.getegid());
        }
        if (target.uid() != 0 && c.setuid(0) == 0) {
            throw new ConfigException("run.user: root could be regained after switching to '" + user + "'");
        }
        return target;
    }

    private static void check(int rc, String call, String user) {
        if (rc != 0) {
            throw new ConfigException("run.user: " + call + " for '" + user + "' failed, errno " + Native.getLastError());
        }
    }
}
