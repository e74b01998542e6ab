package io.packwatch.endpoint.sigma;

import io.packwatch.config.Settings;
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
    private final Counter regexBudgetHits;
    private int errorsReported;

    /** Default of {@code endpoint.sigma.regex_budget}. */
    public static final long DEFAULT_REGEX_BUDGET = 1_000_000;

    public SigmaEngine(SigmaRuleSet rules, List<String> forwardedKeywords, Counters counters) {
        this(rules, forwardedKeywords, DEFAULT_REGEX_BUDGET, counters);
    }

    /** The engine the config asks for ({@code endpoint.sigma.forwarded_keywords}, {@code endpoint.sigma.regex_budget}). */
    public SigmaEngine(SigmaRuleSet rules, Settings s, Counters counters) {
        this(rules, s.strings("endpoint.sigma.forwarded_keywords"), s.integer("endpoint.sigma.regex_budget"), counters);
    }

    /**
     * @param forwardedKeywords words in a pre-fired alert's rule name that make it about archiving
     * @param regexBudget characters one regex may read in one value; beyond it the rule does not match
     *     that event ({@code endpoint.sigma.regex_budget_hits})
     */
    public SigmaEngine(SigmaRuleSet rules, List<String> forwardedKeywords, long regexBudget, Counters counters) {
        this.rules = rules;
        this.view = rules.newView(regexBudget);
        this.forwarded = new ForwardedAlerts(forwardedKeywords);
        events = counters.counter("endpoint.sigma.events");
        withoutRules = counters.counter("endpoint.sigma.events_without_rules");
        alerts = counters.counter("endpoint.sigma.alerts");
        forwardedAlerts = counters.counter("endpoint.sigma.forwarded_alerts");
        ruleErrors = counters.counter("endpoint.sigma.rule_errors");
        regexBudgetHits = counters.counter("endpoint.sigma.regex_budget_hits");
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
            } catch (RuntimeException ex) {
                if (ex == BudgetedText.EXCEEDED) {
                    // Evaluation stopped: this rule does not match this event. Counted, so an operator sees it.
                    regexBudgetHits.inc();
                    continue;
                }
                reportError(r, ex);
                continue;
            } catch (StackOverflowError ex) {
                // A deeply recursive regex on a huge value: lose this rule for this event, not the run.
                reportError(r, ex);
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

    private void reportError(SigmaRule r, Throwable ex) {
        ruleErrors.inc();
        if (errorsReported++ < 5) {
            System.err.println("packwatch: Sigma rule " + r.id() + " (" + r.origin() + ") failed on an event: " + ex);
        }
    }
}
