package io.packwatch.correlate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as it leaves the correlation stage, for the NDJSON output and the SIEM forwarders alike.
 * Alerts are rare, so a map of fields is fine here (the per-packet path never builds one).
 *
 * @param id stable alert id: an updated alert keeps its id
 * @param action {@code created} or {@code updated} (ECS event.action)
 * @param timestampNanos packet or event time the alert refers to, epoch nanoseconds
 * @param ruleId e.g. {@code pw.net.archive_upload}, {@code pw.corr.archive_exfil}
 * @param severity ECS event.severity: 1 low, 2 medium, 3 high, 4 critical
 * @param riskScore ECS event.risk_score, 0..100
 * @param techniques ATT&CK technique ids
 * @param fields ECS dotted names to values: String, Long/Integer, Boolean, List of those, or nested
 *     {@code Map<String, Object>} / {@code List<Map<String, Object>>} for {@code dlp.evidence},
 *     {@code dlp.objects}, {@code dlp.correlation}. Keys include {@code source.ip},
 *     {@code source.port}, {@code destination.ip}, {@code destination.port}, {@code host.name},
 *     {@code user.name}, {@code process.executable}, {@code process.command_line}, {@code file.name},
 *     {@code file.size}, {@code file.hash.sha256}, {@code file.hash.md5}, {@code dlp.format},
 *     {@code url.original}, {@code related.ip}, {@code related.hosts}.
 */
public record Alert(String id, String action, long timestampNanos, String ruleId, String ruleName, int severity,
                    int riskScore, List<String> techniques, Map<String, Object> fields) {

    public Alert {
        techniques = List.copyOf(techniques);
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, or null. */
    public Object get(String name) {
        return fields.get(name);
    }

    /** Severity as a word: low, medium, high, critical. */
    public String severityName() {
        return switch (severity) {
            case 4 -> "critical";
            case 3 -> "high";
            case 2 -> "medium";
            default -> "low";
        };
    }
}
