package io.packwatch.pipeline;

import io.packwatch.correlate.Correlator;
import io.packwatch.endpoint.EndpointAlert;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.endpoint.EndpointStage;
import io.packwatch.output.EndpointAlertWriter;

/**
 * Where the endpoint path's results go: every event to correlation (host addresses, connections),
 * every alert to correlation as evidence and to its {@code packwatch.endpoint} record.
 */
public final class EndpointEvidence implements EndpointStage.Listener {
    private final Correlator correlator;
    private final EndpointAlertWriter records;

    public EndpointEvidence(Correlator correlator, EndpointAlertWriter records) {
        this.correlator = correlator;
        this.records = records;
    }

    @Override
    public void onEvent(EndpointEvent e) {
        correlator.onEndpointEvent(e);
    }

    @Override
    public void onAlert(EndpointAlert a) {
        records.write(a);
        correlator.onEvidence(a.ruleId(), a.title(), a.event());
    }
}
