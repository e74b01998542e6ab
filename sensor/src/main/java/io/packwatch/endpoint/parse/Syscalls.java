package io.packwatch.endpoint.parse;

/**
 * Names of the few syscalls the audit parsers tell apart, by audit arch and number, for senders that do not
 * translate them (auditd's RAW log format). Numbers from the kernel's syscall tables.
 */
final class Syscalls {
    private static final String X86_64 = "c000003e";
    private static final String AARCH64 = "c00000b7";
    private static final String I386 = "40000003";

    private Syscalls() {
    }

    static String name(String arch, String number) {
        if (arch == null || number == null) {
            return null;
        }
        String a = arch.startsWith("0x") ? arch.substring(2) : arch;
        switch (a.toLowerCase(java.util.Locale.ROOT)) {
            case X86_64:
                switch (number) {
                    case "2": return "open";
                    case "9": return "mmap";
                    case "59": return "execve";
                    case "82": return "rename";
                    case "85": return "creat";
                    case "87": return "unlink";
                    case "257": return "openat";
                    case "263": return "unlinkat";
                    case "264": return "renameat";
                    case "316": return "renameat2";
                    case "322": return "execveat";
                    case "437": return "openat2";
                    default: return null;
                }
            case AARCH64:
                switch (number) {
                    case "35": return "unlinkat";
                    case "38": return "renameat";
                    case "56": return "openat";
                    case "221": return "execve";
                    case "222": return "mmap";
                    case "276": return "renameat2";
                    case "281": return "execveat";
                    case "437": return "openat2";
                    default: return null;
                }
            case I386:
                switch (number) {
                    case "5": return "open";
                    case "8": return "creat";
                    case "10": return "unlink";
                    case "11": return "execve";
                    case "192": return "mmap2";
                    case "295": return "openat";
                    case "358": return "execveat";
                    default: return null;
                }
            default:
                return null;
        }
    }
}
