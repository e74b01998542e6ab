package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects one event's fields under the limits and hands finished events to the message's sink. Every
 * event of a message starts with the syslog header's fields; a payload's own host name then replaces the
 * header's. Also holds the small normalizations every source needs (paths to names, DOMAIN\\user, hash lists).
 */
final class EventBuilder {
    private final ParseConfig config;
    private final ParseCounters counters;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private SyslogHeader header;
    private String raw;
    private String sender;
    private long receivedNanos;
    private EventSink sink;
    private int emitted;

    EventBuilder(ParseConfig config, ParseCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    /** Sets the message the next events come from. */
    void startMessage(SyslogHeader h, String rawText, String from, long received, EventSink out) {
        header = h;
        raw = rawText;
        sender = from;
        receivedNanos = received;
        sink = out;
        emitted = 0;
    }

    /** Starts an event: clears the fields and puts the header's. */
    EventBuilder begin() {
        fields.clear();
        SyslogHeader h = header;
        if (h != null) {
            put(Ecs.HOST_NAME, h.hostname);
            put(Ecs.LOG_SYSLOG_HOSTNAME, h.hostname);
            put(Ecs.LOG_SYSLOG_APPNAME, h.appName);
            put(Ecs.LOG_SYSLOG_PROCID, h.procId);
            put(Ecs.LOG_SYSLOG_MSGID, h.msgId);
            if (h.priority >= 0) {
                put(Ecs.LOG_SYSLOG_PRIORITY, Integer.toString(h.priority));
            }
            for (int i = 0; i + 2 < h.structuredData.size(); i += 3) {
                put(Ecs.LOG_SYSLOG_SD_PREFIX + h.structuredData.get(i) + '.' + h.structuredData.get(i + 1),
                        h.structuredData.get(i + 2));
            }
        }
        return this;
    }

    /** Puts a value; null, empty and the placeholder "-" are skipped. Long values are cut, extra fields dropped. */
    EventBuilder put(String key, String value) {
        if (value == null || value.isEmpty() || value.length() == 1 && value.charAt(0) == '-') {
            return this;
        }
        if (value.length() > config.maxFieldChars()) {
            int cut = config.maxFieldChars();
            if (cut > 0 && Character.isHighSurrogate(value.charAt(cut - 1))) {
                cut--;
            }
            value = value.substring(0, cut);
            counters.fieldChars.inc();
        }
        if (key.length() > config.maxFieldNameChars()) {
            counters.fieldNameChars.inc();
            return this;
        }
        if (fields.size() >= config.maxFields() && !fields.containsKey(key)) {
            counters.fields.inc();
            return this;
        }
        fields.put(key, value);
        return this;
    }

    String get(String key) {
        return fields.get(key);
    }

    boolean has(String key) {
        return fields.containsKey(key);
    }

    /** A path and, under {@code nameKey}, its last component (either separator, so Windows paths work anywhere). */
    EventBuilder path(String pathKey, String nameKey, String path) {
        if (path == null || path.isEmpty() || "-".equals(path)) {
            return this;
        }
        put(pathKey, path);
        return put(nameKey, baseName(path));
    }

    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return cut >= 0 ? path.substring(cut + 1) : path;
    }

    /** {@code DOMAIN\\user} (Windows) or {@code user}: user.name and user.domain. */
    EventBuilder user(String user) {
        if (user == null) {
            return this;
        }
        int bs = user.indexOf('\\');
        if (bs > 0) {
            put(Ecs.USER_DOMAIN, user.substring(0, bs));
            return put(Ecs.USER_NAME, user.substring(bs + 1));
        }
        return put(Ecs.USER_NAME, user);
    }

    /** Sysmon's {@code SHA1=..,MD5=..,SHA256=..,IMPHASH=..} list under {@code prefix.hash.*}. */
    EventBuilder hashList(String prefix, String list) {
        if (list == null) {
            return this;
        }
        int p = 0;
        while (p < list.length()) {
            int comma = list.indexOf(',', p);
            int stop = comma < 0 ? list.length() : comma;
            int eq = list.indexOf('=', p);
            if (eq > p && eq < stop) {
                String algo = list.substring(p, eq).trim().toLowerCase(java.util.Locale.ROOT);
                put(prefix + ".hash." + algo, list.substring(eq + 1, stop).trim().toLowerCase(java.util.Locale.ROOT));
            } else {
                hash(prefix, list.substring(p, stop).trim());
            }
            p = stop + 1;
        }
        return this;
    }

    /** A bare hex digest, filed by its length (MD5, SHA-1, SHA-256). */
    EventBuilder hash(String prefix, String hex) {
        if (hex == null) {
            return this;
        }
        String algo;
        switch (hex.length()) {
            case 32:
                algo = "md5";
                break;
            case 40:
                algo = "sha1";
                break;
            case 64:
                algo = "sha256";
                break;
            default:
                return this;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return this;
            }
        }
        return put(prefix + ".hash." + algo, hex.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Finishes the event and hands it on. {@code time} is the event's own; without one the header's time
     * is used, and without that the receive time.
     */
    void emit(long time, String product, String category, String format) {
        if (emitted >= config.maxEventsPerMessage()) {
            counters.eventsPerMessage.inc();
            return;
        }
        emitted++;
        long t = time != Times.NONE ? time : header != null && header.timeNanos != Times.NONE ? header.timeNanos
                : receivedNanos;
        counters.parsed(format).inc();
        sink.accept(new EndpointEvent(t, product, category, format, fields, raw, sender));
    }
}
