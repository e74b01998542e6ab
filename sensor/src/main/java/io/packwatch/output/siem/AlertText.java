package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import io.packwatch.output.FieldTree;
import java.util.List;
import java.util.Map;

/**
 * An alert's fields as flat text for the key=value formats (CEF, LEEF, structured data), which
 * have no nesting: lists joined by commas, the endpoint evidence and the correlation reduced to
 * one readable line each. Values come back clipped but not escaped.
 */
final class AlertText {
    private AlertText() {
    }

    /** The field as text, lists joined by {@code ,}; null when absent. */
    static String field(Alert alert, String name, Clip clip) {
        Object v = alert.get(name);
        return v == null ? null : clip.text(flat(v, clip));
    }

    static String techniques(Alert alert, Clip clip) {
        return alert.techniques().isEmpty() ? null : clip.text(flat(alert.techniques(), clip));
    }

    /** ECS severity 1..4 on CEF's and LEEF's 0..10 scale: low 3, medium 5, high 8, critical 10. */
    static int severity10(int ecsSeverity) {
        return switch (ecsSeverity) {
            case 4 -> 10;
            case 3 -> 8;
            case 2 -> 5;
            default -> 3;
        };
    }

    /**
     * {@code dlp.evidence} as one line: per event {@code time host process [rule]: command line or file},
     * events separated by {@code ; }.
     */
    static String evidence(Alert alert, Clip clip) {
        if (!(alert.get("dlp.evidence") instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int n = Math.min(list.size(), clip.maxItems());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append("; ");
            }
            if (!(list.get(i) instanceof Map<?, ?> e)) {
                sb.append(clip.text(String.valueOf(list.get(i))));
                continue;
            }
            join(sb, e, clip, "@timestamp", "host.name", "process.executable");
            Object rule = FieldTree.lookup(e, "rule.name");
            if (rule != null) {
                sb.append(" [").append(clip.text(String.valueOf(rule))).append(']');
            }
            Object what = FieldTree.lookup(e, "process.command_line");
            if (what == null) {
                what = FieldTree.lookup(e, "file.path");
            }
            if (what != null) {
                sb.append(": ").append(clip.text(String.valueOf(what)));
            }
        }
        if (clip.cutsList(list.size())) {
            sb.append("; ").append(Clip.MARKER).append(' ').append(list.size() - n).append(" more");
        }
        return sb.toString();
    }

    /** {@code dlp.correlation} as {@code key:value} pairs separated by {@code , }. */
    static String correlation(Alert alert, Clip clip) {
        if (!(alert.get("dlp.correlation") instanceof Map<?, ?> m) || m.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(clip.text(String.valueOf(e.getKey()))).append(':').append(clip.text(flat(e.getValue(), clip)));
        }
        return sb.toString();
    }

    private static void join(StringBuilder sb, Map<?, ?> m, Clip clip, String... names) {
        boolean first = true;
        for (String name : names) {
            Object v = FieldTree.lookup(m, name);
            if (v != null) {
                if (!first) {
                    sb.append(' ');
                }
                sb.append(clip.text(String.valueOf(v)));
                first = false;
            }
        }
    }

    private static String flat(Object v, Clip clip) {
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            int n = Math.min(l.size(), clip.maxItems());
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(clip.text(flat(l.get(i), clip)));
            }
            if (clip.cutsList(l.size())) {
                sb.append(',').append(Clip.MARKER);
            }
            return sb.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder();
            m.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append(':').append(flat(x, clip)));
            return sb.toString();
        }
        return String.valueOf(v);
    }
}
