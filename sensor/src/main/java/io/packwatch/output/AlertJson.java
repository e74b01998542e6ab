package io.packwatch.output;

import io.packwatch.correlate.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Alert} as one {@code packwatch.alert} JSON record: {@code @timestamp}, the
 * {@code event}, {@code observer}, {@code rule} and {@code threat} objects, then the alert's
 * dotted fields nested into objects. Used by the NDJSON output and the SIEM forwarders, so both
 * carry the same record. Alerts are rare, so this builds a small tree per alert.
 */
public final class AlertJson {
    /** The fields a {@link Clip#minimal()} record keeps besides the header objects. */
    private static final List<String> MINIMAL = List.of("source.ip", "source.port", "destination.ip",
            "destination.port", "network.transport", "host.name", "user.name", "file.name", "file.size",
            "file.hash.sha256", "dlp.format");

    private AlertJson() {
    }

    /**
     * Writes the record into {@code json} (begun here, ended here).
     *
     * @param observer the sensor's name for {@code observer.name}, or null to leave it out
     */
    public static JsonWriter write(JsonWriter json, Alert alert, String observer, Clip clip) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event.kind", "alert");
        header.put("event.dataset", "packwatch.alert");
        header.put("event.action", alert.action());
        header.put("event.id", alert.id());
        header.put("event.severity", alert.severity());
        header.put("event.risk_score", alert.riskScore());
        if (observer != null) {
            header.put("observer.name", observer);
        }
        header.put("rule.id", alert.ruleId());
        header.put("rule.name", alert.ruleName());
        header.put("threat.technique.id", alert.techniques());
        Map<String, Object> tree = FieldTree.nest(header);
        if (clip.minimal()) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String name : MINIMAL) {
                Object v = alert.get(name);
                if (v != null) {
                    kept.put(name, v);
                }
            }
            FieldTree.merge(tree, kept);
        } else {
            FieldTree.merge(tree, alert.fields());
        }
        json.begin().timestamp("@timestamp", alert.timestampNanos());
        tree.remove("@timestamp");
        writeTree(json, tree, clip);
        return json.end();
    }

    /** Writes a nested field tree (maps, lists, strings, numbers, booleans) as members of the open object. */
    static void writeTree(JsonWriter json, Map<?, ?> map, Clip clip) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = clip.text(String.valueOf(e.getKey()));
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                json.object(name);
                writeTree(json, m, clip);
                json.end();
            } else if (v instanceof List<?> l) {
                json.array(name);
                elements(json, l, clip);
                json.endArray();
            } else if (v instanceof Boolean b) {
                json.field(name, b.booleanValue());
            } else if (v instanceof Double || v instanceof Float) {
                json.field(name, ((Number) v).doubleValue());
            } else if (v instanceof Number n) {
                json.field(name, n.longValue());
            } else {
                json.field(name, clip.text(String.valueOf(v)));
            }
        }
    }

    private static void elements(JsonWriter json, List<?> list, Clip clip) {
        int n = Math.min(list.size(), clip.maxItems());
        boolean maps = false;
        for (int i = 0; i < n; i++) {
            Object v = list.get(i);
            if (v instanceof Map<?, ?> m) {
                maps = true;
                json.objectValue();
                writeTree(json, m, clip);
                json.end();
            } else if (v instanceof List<?> l) {
                json.arrayValue();
                elements(json, l, clip);
                json.endArray();
            } else if (v instanceof Boolean b) {
                json.value(b.booleanValue());
            } else if (v instanceof Double || v instanceof Float) {
                json.value(((Number) v).doubleValue());
            } else if (v instanceof Number num) {
                json.value(num.longValue());
            } else {
                json.value(clip.text(String.valueOf(v)));
            }
        }
        if (clip.cutsList(list.size())) {
            String marker = Clip.MARKER + " " + (list.size() - n) + " more";
            if (maps) {
                json.objectValue().field("truncated", marker).end();
            } else {
                json.value(marker);
            }
        }
    }
}
