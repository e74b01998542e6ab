package io.packwatch.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One endpoint event, whatever format it arrived in, normalized to Elastic Common Schema names.
 * Parsers fill {@link #fields} with ECS dotted names (the constants in {@link Ecs}); a source's own
 * fields that ECS has no name for may be kept under the source's prefix (e.g.
 * {@code winlog.event_data.Signature}, {@code auditd.syscall}).
 *
 * @param timestampNanos the event's own time, epoch nanoseconds UTC (the receive time only when the
 *     message carried none)
 * @param product the operating system the event describes, as Sigma's logsource product:
 *     {@code windows}, {@code linux}, {@code macos}; null when unknown
 * @param category as Sigma's logsource category: {@code process_creation}, {@code image_load},
 *     {@code file_event}, {@code file_delete}, {@code network_connection}, {@code process_termination},
 *     {@code ps_script}, {@code alert} (pre-fired by an EDR), or {@code other}
 * @param sourceFormat which parser read it: {@code sysmon_linux}, {@code windows_xml}, {@code nxlog}, {@code winlogbeat},
 *     {@code snare}, {@code auditd}, {@code laurel}, {@code cef}, {@code leef}, {@code mde}, {@code generic}
 * @param fields ECS-named fields, insertion-ordered, never null values
 * @param raw the message as received (the syslog payload)
 * @param sender the address of the syslog sender, or null offline
 */
public record EndpointEvent(long timestampNanos, String product, String category, String sourceFormat,
                            Map<String, String> fields, String raw, String sender) {

    public EndpointEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, or null. */
    public String get(String ecsName) {
        return fields.get(ecsName);
    }
}
