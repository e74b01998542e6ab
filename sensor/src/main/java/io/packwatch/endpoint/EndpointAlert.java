package io.packwatch.endpoint;

import java.util.List;

/**
 * An endpoint event that a Sigma rule matched, or that arrived already fired by an EDR/SIEM.
 *
 * @param ruleId the Sigma rule's id (a UUID), or {@code pw.edr.forwarded} for a pre-fired alert
 * @param title the rule's title (the sender's rule name for a forwarded alert)
 * @param level Sigma level: informational, low, medium, high, critical
 * @param tags Sigma tags, e.g. {@code attack.collection}, {@code attack.t1560.002}
 * @param techniques ATT&CK technique ids taken from the tags, upper case ({@code T1560.002})
 * @param event the event that matched
 */
public record EndpointAlert(String ruleId, String title, String level, List<String> tags, List<String> techniques,
                            EndpointEvent event) {
    public EndpointAlert {
        tags = List.copyOf(tags);
        techniques = List.copyOf(techniques);
    }

    /** ECS event.severity (1 low .. 4 critical), the scale the network alerts use. */
    public int severity() {
        switch (level) {
            case "critical": return 4;
            case "high": return 3;
            case "medium": return 2;
            default: return 1;
        }
    }

    /** ECS event.risk_score (0..100). */
    public int riskScore() {
        switch (level) {
            case "critical": return 99;
            case "high": return 73;
            case "medium": return 47;
            case "low": return 21;
            default: return 5;
        }
    }

    /** ATT&CK technique ids in Sigma tags ({@code attack.t1560.002} gives {@code T1560.002}). */
    public static List<String> techniquesOf(List<String> tags) {
        return tags.stream()
                .filter(t -> t.length() > 8 && t.regionMatches(true, 0, "attack.t", 0, 8)
                        && Character.isDigit(t.charAt(8)))
                .map(t -> t.substring(7).toUpperCase(java.util.Locale.ROOT))
                .distinct()
                .toList();
    }
}
