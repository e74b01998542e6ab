package io.packwatch.inspect;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/** The {@code inspect.*} counters, looked up once per worker. */
final class InspectionCounters {
    final Counter objects;
    final Counter archives;
    final Counter windowBytes;
    final Counter windowMemcapEarly;
    final Counter detectorErrors;
    final Counter reported;

    InspectionCounters(Counters c) {
        objects = c.counter("inspect.objects");
        archives = c.counter("inspect.archives_found");
        windowBytes = c.counter("inspect.window_bytes");
        windowMemcapEarly = c.counter("inspect.memcap_early_verdicts");
        detectorErrors = c.counter("inspect.detector_errors");
        reported = c.counter("inspect.objects_reported");
    }
}
