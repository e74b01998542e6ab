package io.packwatch.output;

import io.packwatch.correlate.Alert;
import io.packwatch.correlate.AlertSink;

/** Writes each alert as a {@code packwatch.alert} NDJSON record, whole (no size limit applies here). */
public final class AlertRecordWriter implements AlertSink {
    private final RecordSink sink;
    private final String observer;
    private final JsonWriter json = new JsonWriter();

    public AlertRecordWriter(RecordSink sink, String observer) {
        this.sink = sink;
        this.observer = observer;
    }

    @Override
    public synchronized void emit(Alert alert) {
        sink.write(AlertJson.write(json, alert, observer, Clip.NONE));
    }
}
