package io.packwatch.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of a run's counters. Names are dotted paths ({@code decode.ipv4.bad_header_length})
 * that the stats record nests into objects. Stages look their counters up once, at construction,
 * and keep the {@link Counter} references, so the packet path never does a map lookup.
 */
public final class Counters {
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    public Counter counter(String name) {
        return byName.computeIfAbsent(name, Counter::new);
    }

    public long get(String name) {
        Counter c = byName.get(name);
        return c == null ? 0 : c.get();
    }

    /** All counters in registration order, including those still at zero. */
    public List<Counter> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /**
     * Adds another registry's counts into this one (a worker's, at the end of a run). Peaks
     * ({@code *_peak*}) take the larger value, since the workers' peaks need not coincide.
     */
    public void addAll(Counters other) {
        for (Counter c : other.byName.values()) {
            if (c.name().contains("_peak")) {
                counter(c.name()).max(c.get());
            } else {
                counter(c.name()).add(c.get());
            }
        }
    }

    /** Sum of every counter whose name starts with {@code prefix}. */
    public long sum(String prefix) {
        long total = 0;
        for (Counter c : byName.values()) {
            if (c.name().startsWith(prefix)) {
                total += c.get();
            }
        }
        return total;
    }
}
