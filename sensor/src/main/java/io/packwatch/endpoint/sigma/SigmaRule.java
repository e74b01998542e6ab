package io.packwatch.endpoint.sigma;

import java.util.List;

/** A loaded Sigma rule: its metadata and logsource, and its compiled condition. */
public final class SigmaRule {
    private final String id;
    private final String title;
    private final String status;
    private final String level;
    private final List<String> tags;
    private final List<String> techniques;
    private final String product;
    private final String category;
    private final String service;
    private final Condition condition;
    private final String origin;

    SigmaRule(String id, String title, String status, String level, List<String> tags, List<String> techniques,
              String product, String category, String service, Condition condition, String origin) {
        this.id = id;
        this.title = title;
        this.status = status;
        this.level = level;
        this.tags = List.copyOf(tags);
        this.techniques = List.copyOf(techniques);
        this.product = product;
        this.category = category;
        this.service = service;
        this.condition = condition;
        this.origin = origin;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Sigma status (experimental, test, stable, ...), or null. */
    public String status() {
        return status;
    }

    /** informational, low, medium, high or critical. */
    public String level() {
        return level;
    }

    public List<String> tags() {
        return tags;
    }

    /** ATT&CK technique ids from the tags ({@code T1560.002}). */
    public List<String> techniques() {
        return techniques;
    }

    /** Logsource product (lowercase), null for any. */
    public String product() {
        return product;
    }

    /** Logsource category (lowercase), null for any. */
    public String category() {
        return category;
    }

    /** Logsource service (lowercase), null for any; checked against the event's {@code event.module} when set. */
    public String service() {
        return service;
    }

    /** {@code file:line} of the rule. */
    public String origin() {
        return origin;
    }

    boolean matches(EventView view) {
        if (service != null) {
            String module = view.event().get("event.module");
            if (module != null && !module.equalsIgnoreCase(service)) {
                return false;
            }
        }
        return condition.eval(view);
    }

    @Override
    public String toString() {
        return id + " (" + title + ", " + origin + ")";
    }
}
