package io.packwatch.stats;

/**
 * A named event count. Counters are owned by one thread (the one that owns the flows they
 * describe), so increments are plain field writes; registries are merged when a run ends.
 */
public final class Counter {
    private final String name;
    private long value;

    Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public long get() {
        return value;
    }

    public void inc() {
        value++;
    }

    public void add(long n) {
        value += n;
    }

    /** For gauges such as "flows active now" that are set rather than counted. */
    public void set(long v) {
        value = v;
    }

    /** Keeps the largest value seen, for high-water marks. */
    public void max(long v) {
        if (v > value) {
            value = v;
        }
    }
}
