package io.packwatch.output;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a {@code packwatch.endpoint} alert record for each endpoint alert: the rule, the
 * severity, the ATT&CK techniques, and the normalized event's ECS fields nested as objects
 * ({@code process.command_line} becomes {@code "process":{"command_line":...}}). The record's own
 * fields win over an event field of the same name. Alerts are rare, so building the sorted field
 * map per record is fine.
 */
public final class EndpointAlertWriter {
    /** ECS fields that are numbers; written as JSON numbers when they parse as one. */
    private static final Set<String> NUMERIC = Set.of(Ecs.PROCESS_PID, Ecs.PARENT_PID, Ecs.SOURCE_PORT,
            Ecs.DESTINATION_PORT);
    /** Fields the record sets itself (an event's value for them is not written). */
    private static final Set<String> OWN = Set.of("@timestamp", "event.kind", "event.dataset", "event.severity",
            "event.risk_score", "rule.id", "rule.name", "rule.ruleset", "threat.technique.id", "threat.framework",
            "observer.name", "tags", "event.original", "log.syslog.sender");

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
        Map<String, String> fields = new TreeMap<>();
        e.fields().forEach((k, v) -> {
            if (!OWN.contains(k)) {
                fields.put(k, v);
            }
        });
        fields.put("event.kind", "alert");
        fields.put("event.dataset", "packwatch.endpoint");
        fields.put("rule.id", a.ruleId());
        fields.put("rule.name", a.title());
        fields.put("rule.ruleset", a.ruleId().startsWith("pw.") ? "packwatch" : "sigma");
        fields.put("observer.name", observer);
        if (e.product() != null) {
            fields.putIfAbsent("host.os.type", e.product());
        }
        json.begin().timestamp("@timestamp", e.timestampNanos());
        nested(fields, a);
        json.array("tags");
        a.tags().forEach(json::value);
        json.endArray();
        if (e.raw() != null) {
            json.object("log").field("original", e.raw());
            if (e.sender() != null) {
                json.object("syslog").field("sender", e.sender()).end();
            }
            json.end();
        }
        json.end();
        sink.write(json);
    }

    /** Writes sorted dotted names as nested objects, adding the alert's numeric and array fields in place. */
    private void nested(Map<String, String> fields, EndpointAlert a) {
        String[] open = new String[0];
        String previousLeaf = null;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey();
            String[] parts = name.split("\\.");
            boolean conflict = previousLeaf != null && name.startsWith(previousLeaf + ".");
            if (conflict) {
                // "a.b" was a value and "a.b.c" wants it as an object: keep the rest dotted under the open path.
                String[] flat = new String[open.length + 1];
                System.arraycopy(open, 0, flat, 0, open.length);
                flat[open.length] = name.substring(String.join(".", open).length() + (open.length > 0 ? 1 : 0));
                parts = flat;
            }
            int common = 0;
            while (common < open.length && common < parts.length - 1 && open[common].equals(parts[common])) {
                common++;
            }
            for (int i = open.length; i > common; i--) {
                closeObject(open, i - 1, a);
            }
            for (int i = common; i < parts.length - 1; i++) {
                json.object(parts[i]);
            }
            String[] now = new String[parts.length - 1];
            System.arraycopy(parts, 0, now, 0, now.length);
            open = now;
            leaf(parts[parts.length - 1], name, f.getValue());
            if (!conflict) {
                previousLeaf = name;
            }
        }
        for (int i = open.length; i > 0; i--) {
            closeObject(open, i - 1, a);
        }
        if (!fields.keySet().stream().anyMatch(k -> k.startsWith("threat."))) {
            json.object("threat");
            threat(a);
            json.end();
        }
    }

    /** Ends the object at depth {@code depth}, first adding the alert fields that belong in it. */
    private void closeObject(String[] open, int depth, EndpointAlert a) {
        if (depth == 0 && open[0].equals("event")) {
            json.field("severity", a.severity()).field("risk_score", a.riskScore());
        } else if (depth == 0 && open[0].equals("threat")) {
            threat(a);
        }
        json.end();
    }

    private void threat(EndpointAlert a) {
        json.field("framework", "MITRE ATT&CK").object("technique").array("id");
        a.techniques().forEach(json::value);
        json.endArray().end();
    }

    private void leaf(String key, String fullName, String value) {
        if (NUMERIC.contains(fullName)) {
            try {
                json.field(key, Long.parseLong(value.trim()));
                return;
            } catch (NumberFormatException e) {
                // not a number after all: keep the text
            }
        }
        json.field(key, value);
    }
}
