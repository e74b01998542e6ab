package io.packwatch.output;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.List;

/** Writes the {@code packwatch.stats} record: every counter, nested by its dotted name. */
public final class StatsRecordWriter {
    private final RecordSink sink;
    private final String observer;

    public StatsRecordWriter(RecordSink sink, String observer) {
        this.sink = sink;
        this.observer = observer;
    }

    public void write(long tsNanos, Counters counters, long elapsedNanos, String problem) {
        JsonWriter json = new JsonWriter().begin()
                .timestamp("@timestamp", tsNanos)
                .object("event").field("kind", "event").field("dataset", "packwatch.stats")
                .field("duration", elapsedNanos).end()
                .object("observer").field("name", observer).field("product", "packwatch").field("type", "sensor").end()
                .object("packwatch").object("stats");
        String[] open = new String[0];
        List<Counter> all = counters.all().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        for (Counter c : all) {
            String[] parts = c.name().split("\\.");
            int common = 0;
            while (common < open.length && common < parts.length - 1 && open[common].equals(parts[common])) {
                common++;
            }
            for (int i = open.length; i > common; i--) {
                json.end();
            }
            for (int i = common; i < parts.length - 1; i++) {
                json.object(parts[i]);
            }
            json.field(parts[parts.length - 1], c.get());
            open = java.util.Arrays.copyOf(parts, parts.length - 1);
        }
        for (int i = open.length; i > 0; i--) {
            json.end();
        }
        json.end();
        if (problem != null) {
            json.field("input_problem", problem);
        }
        json.end().end();
        sink.write(json);
    }
}
