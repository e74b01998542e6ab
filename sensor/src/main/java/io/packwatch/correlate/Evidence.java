package io.packwatch.correlate;

import io.packwatch.endpoint.EndpointEvent;

/**
 * Endpoint evidence for correlation: an endpoint event that an analytic (a Sigma rule, or an EDR
 * that sent a ready alert) flagged.
 *
 * @param ruleId the analytic's id (Sigma rule id, or the forwarded alert's signature)
 * @param ruleName the analytic's title
 * @param bucket where the evidence is filed: an address or a host name (see {@link HostDirectory#bucketOf})
 */
public record Evidence(String ruleId, String ruleName, String bucket, EndpointEvent event) {

    public long timeNanos() {
        return event.timestampNanos();
    }
}
