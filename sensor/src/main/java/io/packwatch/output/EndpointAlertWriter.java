package io.packwatch.output;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a {@code packwatch.endpoint} alert record for each endpoint alert: the rule, the
 * severity, the ATT&CK techniques, and the normalized event's ECS fields nested as objects
 * ({@code process.command_line} becomes {@code "process":{"command_line":...}}). The record's own
 * fields win over an event field of the same name. Alerts are rare, so building a field map per
 * record is fine.
 */
public final class EndpointAlertWriter {
    /** ECS fields that are numbers; written as JSON numbers when they parse as one. */
    private static final Set<String> NUMERIC = Set.of(Ecs.PROCESS_PID, Ecs.PARENT_PID, Ecs.SOURCE_PORT,
            Ecs.DESTINATION_PORT);

    private final RecordSink sink;
    private final String observer;
    private final JsonWriter json = new JsonWriter();

    /**
     * @param observer the sensor name ({@code sensor.name}), written as {@code observer.name}
     */
    public EndpointAlertWriter(RecordSink sink, String observer) {
        this.sink = sink;
        this.observer = observer;
    }

    public synchronized void write(EndpointAlert a) {
        EndpointEvent e = a.event();
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("event.kind", "alert");
        own.put("event.dataset", "packwatch.endpoint");
        own.put("event.severity", (long) a.severity());
        own.put("event.risk_score", (long) a.riskScore());
        own.put("observer.name", observer);
        own.put("rule.id", a.ruleId());
        own.put("rule.name", a.title());
        own.put("rule.ruleset", a.ruleId().startsWith("pw.") ? "packwatch" : "sigma");
        own.put("threat.framework", "MITRE ATT&CK");
        own.put("threat.technique.id", a.techniques());
        own.put("tags", a.tags());
        if (e.raw() != null) {
            own.put("log.original", e.raw());
        }
        if (e.sender() != null) {
            own.put("log.syslog.sender", e.sender());
        }
        if (e.product() != null) {
            own.put("host.os.type", e.product());
        }
        Map<String, Object> tree = FieldTree.nest(own);
        Map<String, Object> fields = new TreeMap<>();
        e.fields().forEach((k, v) -> fields.put(k, NUMERIC.contains(k) ? number(v) : v));
        // The record's own fields were placed first, so they win over an event field of the same name.
        FieldTree.merge(tree, fields);
        json.begin().timestamp("@timestamp", e.timestampNanos());
        AlertJson.writeTree(json, tree, Clip.NONE);
        sink.write(json.end());
    }

    private static Object number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return value; // not a number after all: keep the text
        }
    }
}
