package io.packwatch.endpoint.sigma;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Alerts that arrive already fired (category {@code alert}: CEF, LEEF, Defender and other EDR
 * detections). One becomes an endpoint alert ({@code pw.edr.forwarded}) when its technique is
 * T1560 or its rule name mentions archive behaviour (configurable keywords).
 */
final class ForwardedAlerts {
    static final String RULE_ID = "pw.edr.forwarded";

    private final String[] keywords;

    ForwardedAlerts(List<String> keywords) {
        this.keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).filter(k -> !k.isBlank())
                .toArray(String[]::new);
    }

    /** The endpoint alert for a pre-fired event, or null when it is not about archiving. */
    EndpointAlert match(EndpointEvent e) {
        String technique = e.get(Ecs.THREAT_TECHNIQUE_ID);
        String name = e.get(Ecs.RULE_NAME);
        boolean t1560 = technique != null && technique.toUpperCase(Locale.ROOT).contains("T1560");
        boolean named = false;
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String k : keywords) {
                if (lower.contains(k)) {
                    named = true;
                    break;
                }
            }
        }
        if (!t1560 && !named) {
            return null;
        }
        List<String> techniques = new ArrayList<>();
        if (t1560) {
            for (String t : technique.split("[,; ]+")) {
                if (t.toUpperCase(Locale.ROOT).startsWith("T1560")) {
                    techniques.add(t.toUpperCase(Locale.ROOT));
                }
            }
        } else {
            techniques.add("T1560");
        }
        List<String> tags = new ArrayList<>();
        tags.add("attack.collection");
        techniques.forEach(t -> tags.add("attack." + t.toLowerCase(Locale.ROOT)));
        String title = name != null ? name : "Forwarded endpoint alert " + String.join(", ", techniques);
        return new EndpointAlert(RULE_ID, title, level(e.get(Ecs.EVENT_SEVERITY)), tags, techniques, e);
    }

    /** The sender's severity as a Sigma level: CEF 0-10 (also LEEF 1-10), or a word. */
    static String level(String severity) {
        if (severity == null || severity.isBlank()) {
            return "medium";
        }
        String s = severity.trim().toLowerCase(Locale.ROOT);
        double n = ValueTest.Compare.number(s);
        if (!Double.isNaN(n)) {
            return n >= 9 ? "critical" : n >= 7 ? "high" : n >= 4 ? "medium" : "low";
        }
        switch (s) {
            case "critical": case "very-high": case "very high":
                return "critical";
            case "high":
                return "high";
            case "low":
                return "low";
            case "informational": case "info":
                return "informational";
            default:
                return "medium";
        }
    }
}
