package io.packwatch.pipeline;

import io.packwatch.flow.Flow;
import java.util.Locale;

/**
 * Fits the memory limits to the JVM heap. A flow table sized for a million flows and a 256 MiB
 * memcap do not fit in a 256 MiB heap; rather than die of OutOfMemoryError under a flood, the
 * sensor scales the limits down at start-up and says so. Their hits are counted as usual.
 */
record HeapBudget(int maxFlows, long reassemblyMemcap, long defragMemcap, long inspectMemcap, long httpMemcap,
                  String warning) {
    /** Share of the heap the limits may claim; the rest is for buffers, output and the JIT. */
    private static final double SHARE = 0.7;
    private static final int MIN_FLOWS = 1024;

    static HeapBudget fit(int maxFlows, long reassemblyMemcap, long defragMemcap, long inspectMemcap, long httpMemcap,
                          long maxHeap) {
        double want = (double) maxFlows * Flow.APPROX_BYTES + reassemblyMemcap + defragMemcap + inspectMemcap
                + httpMemcap;
        double have = maxHeap * SHARE;
        if (want <= have) {
            return new HeapBudget(maxFlows, reassemblyMemcap, defragMemcap, inspectMemcap, httpMemcap, null);
        }
        double scale = have / want;
        int flows = Math.max(MIN_FLOWS, (int) (maxFlows * scale));
        long reassembly = (long) (reassemblyMemcap * scale);
        long defrag = (long) (defragMemcap * scale);
        long inspect = (long) (inspectMemcap * scale);
        long http = (long) (httpMemcap * scale);
        String warning = String.format(Locale.ROOT,
                "packwatch: the %d MiB Java heap cannot hold flow.max_flows=%d, reassembly.memcap=%d MiB,"
                        + " defrag.memcap=%d MiB, inspect.memcap=%d MiB and http.memcap=%d MiB; using %d flows, %d MiB,"
                        + " %d MiB, %d MiB and %d MiB (raise -Xmx, e.g. JAVA_OPTS=-Xmx4g, or lower these keys)",
                maxHeap >> 20, maxFlows, reassemblyMemcap >> 20, defragMemcap >> 20, inspectMemcap >> 20,
                httpMemcap >> 20, flows, reassembly >> 20, defrag >> 20, inspect >> 20, http >> 20);
        return new HeapBudget(flows, reassembly, defrag, inspect, http, warning);
    }
}
