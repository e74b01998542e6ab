package io.packwatch.endpoint.sigma;

import java.util.List;

/**
 * A loaded, compiled Sigma rule.
 *
 * @param product logsource product (lowercase), null for any
 * @param category logsource category (lowercase), null for any
 * @param service logsource service (lowercase), null for any; checked against the event's
 *     {@code event.module} when the event has one
 * @param origin {@code file:line} of the rule, for messages
 */
public record SigmaRule(String id, String title, String status, String level, List<String> tags,
                        List<String> techniques, String product, String category, String service,
                        Condition condition, String origin) {

    boolean matches(EventView view) {
        if (service != null) {
            String module = view.event().get("event.module");
            if (module != null && !module.equalsIgnoreCase(service)) {
                return false;
            }
        }
        return condition.eval(view);
    }
}
