package io.packwatch.endpoint.sigma;

import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates endpoint events against a {@link SigmaRuleSet}, one thread per engine. An event
 * meets only the rules of its logsource; every rule that matches gives an {@link EndpointAlert},
 * and so does a pre-fired {@code alert} event about archiving.
 */
public final class SigmaEngine {
    private final SigmaRuleSet rules;
    private final EventView view;
    private final ForwardedAlerts forwarded;
    private final Counter events;
    private final Counter withoutRules;
    private final Counter alerts;
    private final Counter forwardedAlerts;
    private final Counter ruleErrors;
    private int errorsReported;

    /**
     * @param forwardedKeywords words in a pre-fired alert's rule name that make it about archiving
     */
    public SigmaEngine(SigmaRuleSet rules, List<String> forwardedKeywords, Counters counters) {
        this.rules = rules;
        this.view = rules.newView();
        this.forwarded = new ForwardedAlerts(forwardedKeywords);
        events = counters.counter("endpoint.sigma.events");
        withoutRules = counters.counter("endpoint.sigma.events_without_rules");
        alerts = counters.counter("endpoint.sigma.alerts");
        forwardedAlerts = counters.counter("endpoint.sigma.forwarded_alerts");
        ruleErrors = counters.counter("endpoint.sigma.rule_errors");
    }

    /**
     * Runs the event through the rules of its logsource.
     *
     * @return how many alerts went to {@code out}
     */
    public int evaluate(EndpointEvent e, Consumer<EndpointAlert> out) {
        events.inc();
        int hits = 0;
        if ("alert".equals(e.category())) {
            EndpointAlert a = forwarded.match(e);
            if (a != null) {
                forwardedAlerts.inc();
                out.accept(a);
                hits++;
            }
        }
        SigmaRule[] candidates = rules.rulesFor(e.product(), e.category());
        if (candidates.length == 0) {
            withoutRules.inc();
            return hits;
        }
        view.reset(e);
        for (SigmaRule r : candidates) {
            boolean match;
            try {
                match = r.matches(view);
            } catch (RuntimeException | StackOverflowError ex) {
                // A pathological regex on a huge value: lose this rule for this event, not the run.
                ruleErrors.inc();
                if (errorsReported++ < 5) {
                    System.err.println("packwatch: Sigma rule " + r.id() + " (" + r.origin() + ") failed on an event: "
                            + ex);
                }
                continue;
            }
            if (match) {
                alerts.inc();
                out.accept(new EndpointAlert(r.id(), r.title(), r.level(), r.tags(), r.techniques(), e));
                hits++;
            }
        }
        return hits;
    }
}
