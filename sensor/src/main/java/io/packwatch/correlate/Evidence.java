package io.packwatch.correlate;

import io.packwatch.endpoint.EndpointEvent;

/**
 * Endpoint evidence for correlation: an endpoint event that an analytic (a Sigma rule, or an EDR
 * that sent a ready alert) flagged.
 *
 * @param ruleId the analytic's id (Sigma rule id, or the forwarded alert's signature)
 * @param ruleName the analytic's title
 * @param hostIp the IP the evidence is attributed to (see {@link HostDirectory}), or null when unknown
 */
public record Evidence(String ruleId, String ruleName, String hostIp, EndpointEvent event) {

    public long timeNanos() {
        return event.timestampNanos();
    }
}
