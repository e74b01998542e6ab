package io.packwatch.inspect;

import io.packwatch.decode.Memcap;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.entropy.TrialDecoder;
import io.packwatch.stats.Counters;

/**
 * The inspection stage of one flow worker: opens an object inspector for each object the
 * application layer finds (a raw stream direction, an HTTP body or part), shares
 * the detector and the window memcap between them, and hands each verdict worth reporting on.
 */
public final class Inspection implements ObjectOpener {
    final InspectConfig config;
    final Detector detector;
    private final ObjectObserver observer;
    final Memcap windows;
    final InspectionCounters counters;
    final WindowClassifier classifier;
    final WindowPool pool;
    final NestedInspector nested;
    /** The spans of the window being judged where text encodings may be, marked as it is counted. */
    final CandidateRuns runs = new CandidateRuns();
    /** The objects holding window chunks, idlest first. */
    final WindowQueue windowQueue = new WindowQueue();

    public Inspection(InspectConfig config, Detector detector, ObjectObserver observer, Counters counters) {
        this.config = config;
        this.detector = detector;
        this.observer = observer;
        this.windows = new Memcap(config.memcap(), counters.counter("inspect.memcap_hits"),
                counters.counter("inspect.memory_peak_bytes"));
        this.counters = new InspectionCounters(counters);
        this.classifier = new WindowClassifier(config.trialDecode() ? new TrialDecoder(config.trialBudget(),
                config.resyncScan()) : null,
                this.counters);
        this.pool = new WindowPool(config.window());
        this.nested = new NestedInspector(config.archive(), detector, this.counters);
    }

    /**
     * Opens an object the application layer found in a flow (a raw stream direction, an HTTP body,
     * a multipart part): its
     * bytes are inspected as they are written and its verdict is reported when it is closed.
     */
    @Override
    public ObjectSink open(Flow flow, int direction, ObjectContext context) {
        return new ObjectInspector(this, flow, direction, context);
    }

    void finished(InspectedObject o) {
        if (o.carriesSomething() || o.size() >= config.reportMinBytes()) {
            counters.reported.inc();
            observer.onObject(o);
        }
    }
}
