package io.packwatch.endpoint.parse;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.HashMap;
import java.util.Map;

/** The parser's counters, looked up once. */
final class ParseCounters {
    static final String[] FORMATS = {"sysmon_linux", "windows_xml", "nxlog", "winlogbeat", "snare", "auditd", "laurel",
        "cef", "leef", "mde", "generic"};

    private final Counters registry;
    private final Map<String, Counter> parsed = new HashMap<>();
    private final Map<String, Counter> malformed = new HashMap<>();
    final Counter messages;
    final Counter rejectedEmpty;
    final Counter rejectedTooLong;
    final Counter rejectedBinary;
    final Counter invalidUtf8;
    final Counter fieldChars;
    final Counter fieldNameChars;
    final Counter fields;
    final Counter depth;
    final Counter eventsPerMessage;
    final Counter internalErrors;
    final Counter auditRecords;
    final Counter auditByEoe;
    final Counter auditByNextSerial;
    final Counter auditTimedOut;
    final Counter auditEvicted;
    final Counter auditRecordsDropped;

    ParseCounters(Counters c) {
        registry = c;
        messages = c.counter("endpoint.messages");
        for (String f : FORMATS) {
            parsed.put(f, c.counter("endpoint.parsed." + f));
        }
        rejectedEmpty = c.counter("endpoint.rejected.empty");
        rejectedTooLong = c.counter("endpoint.rejected.too_long");
        rejectedBinary = c.counter("endpoint.rejected.binary");
        invalidUtf8 = c.counter("endpoint.invalid_utf8");
        fieldChars = c.counter("endpoint.limit.field_chars");
        fieldNameChars = c.counter("endpoint.limit.field_name_chars");
        fields = c.counter("endpoint.limit.fields");
        depth = c.counter("endpoint.limit.depth");
        eventsPerMessage = c.counter("endpoint.limit.events_per_message");
        internalErrors = c.counter("endpoint.internal_errors");
        auditRecords = c.counter("endpoint.audit.records");
        auditByEoe = c.counter("endpoint.audit.completed_by_eoe");
        auditByNextSerial = c.counter("endpoint.audit.completed_by_next_serial");
        auditTimedOut = c.counter("endpoint.audit.timed_out");
        auditEvicted = c.counter("endpoint.audit.evicted");
        auditRecordsDropped = c.counter("endpoint.audit.records_dropped");
    }

    Counter parsed(String format) {
        return parsed.get(format);
    }

    /** A payload that announced a format but broke its rules: {@code endpoint.malformed.<format>.<reason>}. */
    Counter malformed(String format, String reason) {
        String key = format + '.' + reason;
        Counter k = malformed.get(key);
        if (k == null) {
            k = registry.counter("endpoint.malformed." + key);
            malformed.put(key, k);
        }
        return k;
    }
}
