package io.packwatch.endpoint;

/** The ECS field names endpoint parsers fill, in one place so parsers, rules and correlation agree. */
public final class Ecs {
    public static final String HOST_NAME = "host.name";
    public static final String HOST_IP = "host.ip";
    public static final String USER_NAME = "user.name";
    public static final String USER_DOMAIN = "user.domain";
    public static final String PROCESS_EXECUTABLE = "process.executable";
    public static final String PROCESS_NAME = "process.name";
    public static final String PROCESS_COMMAND_LINE = "process.command_line";
    public static final String PROCESS_PID = "process.pid";
    public static final String PARENT_EXECUTABLE = "process.parent.executable";
    public static final String PARENT_COMMAND_LINE = "process.parent.command_line";
    public static final String PARENT_PID = "process.parent.pid";
    public static final String FILE_PATH = "file.path";
    public static final String FILE_NAME = "file.name";
    public static final String FILE_HASH_SHA256 = "file.hash.sha256";
    public static final String FILE_HASH_MD5 = "file.hash.md5";
    public static final String FILE_HASH_SHA1 = "file.hash.sha1";
    /** The library a process loaded (Sysmon EID 7 ImageLoaded, auditd MMAP path). */
    public static final String DLL_PATH = "dll.path";
    public static final String SOURCE_IP = "source.ip";
    public static final String SOURCE_PORT = "source.port";
    public static final String DESTINATION_IP = "destination.ip";
    public static final String DESTINATION_PORT = "destination.port";
    public static final String EVENT_CODE = "event.code";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_SEVERITY = "event.severity";
    /** PowerShell script block text (EID 4104). */
    public static final String SCRIPT_BLOCK = "powershell.file.script_block_text";
    /** For pre-fired alerts (CEF/LEEF/Defender): the sending product's rule or signature name. */
    public static final String RULE_NAME = "rule.name";
    public static final String THREAT_TECHNIQUE_ID = "threat.technique.id";
    public static final String OBSERVER_VENDOR = "observer.vendor";
    public static final String OBSERVER_PRODUCT = "observer.product";

    public static final String MESSAGE = "message";
    public static final String USER_ID = "user.id";
    /** auditd's login uid name (AUID): who logged in, whatever they su'd to. */
    public static final String USER_AUDIT_NAME = "user.audit.name";
    public static final String PROCESS_WORKING_DIRECTORY = "process.working_directory";
    public static final String PROCESS_HASH_SHA256 = "process.hash.sha256";
    public static final String PROCESS_HASH_MD5 = "process.hash.md5";
    public static final String PROCESS_HASH_SHA1 = "process.hash.sha1";
    public static final String PARENT_NAME = "process.parent.name";
    public static final String DLL_NAME = "dll.name";
    public static final String DLL_HASH_SHA256 = "dll.hash.sha256";
    public static final String DLL_HASH_MD5 = "dll.hash.md5";
    public static final String DLL_HASH_SHA1 = "dll.hash.sha1";
    public static final String FILE_SIZE = "file.size";
    public static final String SOURCE_DOMAIN = "source.domain";
    public static final String DESTINATION_DOMAIN = "destination.domain";
    public static final String NETWORK_TRANSPORT = "network.transport";
    public static final String NETWORK_DIRECTION = "network.direction";
    public static final String URL_ORIGINAL = "url.original";
    public static final String RULE_ID = "rule.id";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String LOG_SYSLOG_HOSTNAME = "log.syslog.hostname";
    public static final String LOG_SYSLOG_APPNAME = "log.syslog.appname";
    public static final String LOG_SYSLOG_PROCID = "log.syslog.procid";
    public static final String LOG_SYSLOG_MSGID = "log.syslog.msgid";
    public static final String LOG_SYSLOG_PRIORITY = "log.syslog.priority";
    /** RFC 5424 structured data, one field per parameter: {@code log.syslog.structured_data.<SD-ID>.<name>}. */
    public static final String LOG_SYSLOG_SD_PREFIX = "log.syslog.structured_data.";

    private Ecs() {
    }
}
