package io.packwatch.endpoint.parse;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * auditd records as audisp-syslog (or a file tail) sends them, one record per message:
 * {@code [node=N ]type=T msg=audit(EPOCH.MS:SERIAL): key=value ...[0x1D ENRICHED=...]}. The records of one
 * event share {@code audit(EPOCH:SERIAL)} and are joined here: an event is complete at its EOE record, when
 * the same host sends a record of another serial, after {@code audit_timeout}, or when
 * {@code audit_max_pending} hosts have events open (the oldest is completed early: evicted). EXECVE
 * arguments come quoted, hex-encoded ({@code a1=2D63}) or split ({@code a1_len=N a1[0]=.. a1[1]=..});
 * PROCTITLE is hex with NUL separators. Not thread-safe.
 */
final class AuditdParser {
    /** An event being joined, one per sending host. */
    private static final class Pending {
        final String source;
        final String serial;
        final long started;
        final SyslogHeader header;
        final String sender;
        final StringBuilder raw = new StringBuilder();
        final AuditFacts facts = new AuditFacts();
        int records;

        Pending(String source, String serial, long started, SyslogHeader header, String sender) {
            this.source = source;
            this.serial = serial;
            this.started = started;
            this.header = header;
            this.sender = sender;
        }
    }

    private final ParseConfig config;
    private final ParseCounters counters;
    private final EventBuilder out;
    private final KeyValues tokenizer = KeyValues.audit();
    /** Insertion-ordered: the eldest entry is the oldest open event. */
    private final LinkedHashMap<String, Pending> open = new LinkedHashMap<>();
    private final KeyValues.Pairs rawFields = this::field;
    private final KeyValues.Pairs enrichedFields = this::enriched;
    private Pending current;
    private String recordType;

    AuditdParser(ParseConfig config, ParseCounters counters) {
        this.config = config;
        this.counters = counters;
        this.out = new EventBuilder(config, counters);
    }

    /** Whether a payload is an audit record. */
    static boolean matches(String s, int from, int to) {
        int p = from;
        if (s.startsWith("node=", p)) {
            p = s.indexOf(' ', p);
            if (p < 0 || p >= to) {
                return false;
            }
            p++;
        }
        return s.startsWith("type=", p) && s.indexOf("msg=audit(", p) > 0;
    }

    /**
     * Takes one record; completed events go to {@code sink}. Returns null, or why the record is not one
     * ({@code no_audit_header}).
     */
    String record(String s, int from, int to, SyslogHeader h, String sender, long received, EventSink sink) {
        expire(received, sink);
        int p = from;
        String node = null;
        if (s.startsWith("node=", p)) {
            int sp = s.indexOf(' ', p);
            node = s.substring(p + 5, sp);
            p = sp + 1;
        }
        int typeEnd = s.indexOf(' ', p);
        int open = s.indexOf("msg=audit(", p);
        int close = open < 0 ? -1 : s.indexOf(')', open);
        int colon = close < 0 ? -1 : s.lastIndexOf(':', close);
        if (typeEnd < 0 || open < 0 || close < 0 || close >= to || colon <= open) {
            return "no_audit_header";
        }
        String type = s.substring(p + 5, typeEnd);
        long time = Times.epochSeconds(s, open + 10, colon);
        String serial = s.substring(colon + 1, close);
        if (time == Times.NONE || serial.isEmpty()) {
            return "no_audit_header";
        }
        counters.auditRecords.inc();
        String source = (sender == null ? "" : sender) + '|' + (node != null ? node : h.hostname);
        Pending pending = this.open.get(source);
        if (pending != null && !pending.serial.equals(serial)) {
            counters.auditByNextSerial.inc();
            complete(pending, sink);
            pending = null;
        }
        if ("EOE".equals(type)) {
            if (pending != null) {
                counters.auditByEoe.inc();
                complete(pending, sink);
            }
            return null;
        }
        if (pending == null) {
            if (this.open.size() >= config.auditMaxPending()) {
                counters.auditEvicted.inc();
                complete(this.open.values().iterator().next(), sink);
            }
            pending = new Pending(source, serial, received, h.copy(), sender);
            pending.facts.time = time;
            pending.facts.id = s.substring(open + 10, close);
            this.open.put(source, pending);
        }
        if (pending.records >= config.auditMaxRecords()) {
            counters.auditRecordsDropped.inc();
            return null;
        }
        pending.records++;
        if (pending.raw.length() + (to - from) < config.maxMessageBytes()) {
            if (pending.raw.length() > 0) {
                pending.raw.append('\n');
            }
            pending.raw.append(s, from, to);
        }
        if (pending.facts.firstType == null) {
            pending.facts.firstType = type;
        }
        apply(type, s, Math.min(to, close + 2), to, pending);
        return null;
    }

    /** Completes events open longer than the timeout (call now and then, with the receive clock). */
    void expire(long now, EventSink sink) {
        Iterator<Pending> it = open.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.started < config.auditTimeoutNanos()) {
                break;
            }
            counters.auditTimedOut.inc();
            it.remove();
            emit(p, sink);
        }
    }

    /** Completes every open event (end of input). */
    void flush(EventSink sink) {
        while (!open.isEmpty()) {
            complete(open.values().iterator().next(), sink);
        }
    }

    private void complete(Pending p, EventSink sink) {
        open.remove(p.source);
        emit(p, sink);
    }

    private void emit(Pending p, EventSink sink) {
        out.startMessage(p.header, p.raw.toString(), p.sender, p.started, sink);
        AuditEvents.emit(p.facts, "auditd", out);
    }

    private void apply(String type, String s, int from, int to, Pending p) {
        int gs = s.indexOf('\u001D', from);
        int enrichedStart = -1;
        int rawEnd = to;
        if (gs >= 0 && gs < to) {
            rawEnd = gs;
            enrichedStart = gs + 1;
        } else {
            int esc = s.indexOf("#035", from); // rsyslog's escape of the 0x1D control character
            if (esc >= 0 && esc < to) {
                rawEnd = esc;
                enrichedStart = esc + 4;
            }
        }
        current = p;
        recordType = type;
        int dropped = tokenizer.scan(s, from, rawEnd, config.maxFields(), rawFields);
        if (enrichedStart >= 0) {
            dropped += tokenizer.scan(s, enrichedStart, to, config.maxFields(), enrichedFields);
        }
        if (dropped > 0) {
            counters.fields.add(dropped);
        }
        if ("MMAP".equals(type)) {
            p.facts.mmap = true;
        }
        current = null;
    }

    private void field(String key, String value) {
        AuditFacts f = current.facts;
        switch (recordType) {
            case "SYSCALL":
                syscallField(f, key, value);
                break;
            case "EXECVE":
                execveField(f, key, value);
                break;
            case "CWD":
                if ("cwd".equals(key)) {
                    f.cwd = decode(value);
                }
                break;
            case "PATH":
                if ("name".equals(key)) {
                    f.paths.add(decode(value));
                    f.paths.add(null);
                } else if ("nametype".equals(key) && !f.paths.isEmpty()) {
                    f.paths.set(f.paths.size() - 1, value);
                }
                break;
            case "PROCTITLE":
                if ("proctitle".equals(key)) {
                    f.proctitle = decode(value).replace('\0', ' ').trim();
                }
                break;
            default:
                if (f.pid == null && "pid".equals(key)) {
                    f.pid = value;
                }
                if (f.uid == null && "uid".equals(key)) {
                    f.uid = value;
                }
        }
    }

    private void syscallField(AuditFacts f, String key, String value) {
        switch (key) {
            case "arch": f.arch = value; break;
            case "syscall": f.syscallNumber = value; break;
            case "success": f.success = value; break;
            case "pid": f.pid = value; break;
            case "ppid": f.ppid = value; break;
            case "uid": f.uid = value; break;
            case "comm": f.comm = decode(value); break;
            case "exe": f.exe = decode(value); break;
            case "key": f.key = "(null)".equals(value) ? null : decode(value); break;
            case "a1":
            case "a2":
                // open(path, flags) has its flags in a1, openat(dirfd, path, flags) in a2; pick once the name is known
                long v = parseHex(value);
                String name = f.syscallName();
                if ("a1".equals(key) && "open".equals(name) || "a2".equals(key) && ("openat".equals(name))) {
                    f.openFlags = v;
                }
                break;
            default:
                break;
        }
    }

    private void execveField(AuditFacts f, String key, String value) {
        if (key.length() < 2 || key.charAt(0) != 'a' || !Times.isDigit(key.charAt(1))) {
            return;
        }
        int i = 1;
        int index = 0;
        while (i < key.length() && Times.isDigit(key.charAt(i)) && i < 7) {
            index = index * 10 + (key.charAt(i) - '0');
            i++;
        }
        if (i < key.length() && key.charAt(i) == '_') {
            return; // aN_len: the pieces follow
        }
        if (index >= config.maxFields()) {
            counters.fields.inc();
            return;
        }
        while (f.argv.size() <= index) {
            f.argv.add("");
        }
        String decoded = decode(value);
        f.argv.set(index, i < key.length() && key.charAt(i) == '[' ? f.argv.get(index) + decoded : decoded);
    }

    private void enriched(String key, String value) {
        AuditFacts f = current.facts;
        switch (key) {
            case "UID": f.userName = value; break;
            case "AUID": f.auditUserName = "unset".equals(value) ? null : value; break;
            case "SYSCALL": f.syscall = value; break;
            case "ARCH": if (f.arch == null) { f.arch = value; } break;
            default: break;
        }
    }

    /** auditd quotes printable values and writes the others (spaces, quotes, non-ASCII) as upper-case hex. */
    private String decode(String v) {
        return !tokenizer.quoted() && isHex(v) ? hex(v) : v;
    }

    private static boolean isHex(String v) {
        if (v.length() < 2 || (v.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
                return false; // auditd writes upper-case hex
            }
        }
        return true;
    }

    private String hex(String v) {
        byte[] b = new byte[v.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (Character.digit(v.charAt(2 * i), 16) << 4 | Character.digit(v.charAt(2 * i + 1), 16));
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long parseHex(String v) {
        if (v.isEmpty() || v.length() > 16) {
            return -1;
        }
        long r = 0;
        for (int i = 0; i < v.length(); i++) {
            int d = Character.digit(v.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            r = r << 4 | d;
        }
        return r;
    }
}
