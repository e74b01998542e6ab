package io.packwatch.decode;

import io.packwatch.stats.Counter;

/** A byte budget shared by buffers of one kind (TCP out-of-order data, IP fragments). */
public final class Memcap {
    private final long limit;
    private final Counter hits;
    private final Counter peak;
    private long used;

    public Memcap(long limit, Counter hits, Counter peak) {
        this.limit = limit;
        this.hits = hits;
        this.peak = peak;
    }

    /** Takes {@code n} bytes from the budget, or counts a hit and takes nothing. */
    public boolean reserve(long n) {
        if (used + n > limit) {
            hits.inc();
            return false;
        }
        used += n;
        peak.max(used);
        return true;
    }

    public void release(long n) {
        used -= n;
    }
}
