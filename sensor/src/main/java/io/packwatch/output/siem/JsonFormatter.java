package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.AlertJson;
import io.packwatch.output.Clip;
import io.packwatch.output.JsonWriter;

/**
 * The alert as the bare one-line JSON record the NDJSON output writes (no syslog header), for
 * collectors that read JSON lines: Logstash or Vector TCP inputs, Elastic Agent, Splunk HEC relays.
 */
final class JsonFormatter implements AlertFormatter {
    private final String observer;
    private final JsonWriter json = new JsonWriter();

    JsonFormatter(String observer) {
        this.observer = observer;
    }

    @Override
    public byte[] format(Alert a, Clip clip) {
        return AlertJson.write(json, a, observer, clip).toUtf8();
    }
}
