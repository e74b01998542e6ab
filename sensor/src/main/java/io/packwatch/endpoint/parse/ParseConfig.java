package io.packwatch.endpoint.parse;

import io.packwatch.config.ConfigException;
import io.packwatch.config.Settings;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The {@code endpoint.parse.*} config keys.
 *
 * @param maxMessageBytes longer messages are rejected ({@code endpoint.rejected.too_long})
 * @param maxFieldChars longer field values are cut ({@code endpoint.limit.field_chars})
 * @param maxFields fields per event beyond this are dropped ({@code endpoint.limit.fields})
 * @param maxDepth JSON/XML nesting beyond this makes the payload malformed ({@code endpoint.limit.depth})
 * @param maxEventsPerMessage events one message (a Defender batch) may yield ({@code endpoint.limit.events_per_message})
 * @param zone the time zone of timestamps that carry none (BSD syslog, NXLog EventTime, Snare)
 * @param auditTimeoutNanos an auditd event still open this long after its first record is complete
 * @param auditMaxPending auditd events open at once (one per sending host); the oldest is completed beyond it
 * @param auditMaxRecords records kept per auditd event; later ones are dropped
 * @param maxFieldNameChars a field whose name (from the payload) is longer is dropped
 *     ({@code endpoint.limit.field_name_chars}): a key of kilobytes breaks JSON readers and SIEM indexes downstream
 */
public record ParseConfig(int maxMessageBytes, int maxFieldChars, int maxFields, int maxDepth,
                          int maxEventsPerMessage, ZoneId zone, long auditTimeoutNanos, int auditMaxPending,
                          int auditMaxRecords, int maxFieldNameChars) {

    public static ParseConfig from(Settings s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(s.string("endpoint.parse.timezone")).normalized();
        } catch (DateTimeException e) {
            throw new ConfigException("endpoint.parse.timezone: unknown time zone '" + s.string("endpoint.parse.timezone")
                    + "' (use a zone id such as Europe/Berlin, or UTC)");
        }
        return new ParseConfig((int) Math.min(Integer.MAX_VALUE - 16, s.bytes("endpoint.parse.max_message_bytes")),
                s.integer("endpoint.parse.max_field_chars"), s.integer("endpoint.parse.max_fields"),
                s.integer("endpoint.parse.max_depth"), s.integer("endpoint.parse.max_events_per_message"),
                zone,
                s.nanos("endpoint.parse.audit_timeout"), s.integer("endpoint.parse.audit_max_pending"),
                s.integer("endpoint.parse.audit_max_records"), s.integer("endpoint.parse.max_field_name_chars"));
    }

    public static ParseConfig defaults() {
        return from(Settings.defaults());
    }

    /** A copy reading zone-less timestamps in {@code z}. */
    public ParseConfig withZone(ZoneId z) {
        return new ParseConfig(maxMessageBytes, maxFieldChars, maxFields, maxDepth, maxEventsPerMessage,
                z.normalized(), auditTimeoutNanos, auditMaxPending, auditMaxRecords, maxFieldNameChars);
    }
}
