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
    private final InspectConfig config;
    private final Detector detector;
    private final ObjectObserver observer;
    private final Memcap windows;
    private final InspectionCounters counters;
    private final WindowClassifier classifier;
    private final WindowPool pool;
    private final NestedInspector nested;

    public Inspection(InspectConfig config, Detector detector, ObjectObserver observer, Counters counters) {
        this.config = config;
        this.detector = detector;
        this.observer = observer;
        this.windows = new Memcap(config.memcap(), counters.counter("inspect.memcap_hits"),
                counters.counter("inspect.memory_peak_bytes"));
        this.counters = new InspectionCounters(counters);
        this.classifier = new WindowClassifier(config.trialDecode() ? new TrialDecoder(config.trialBudget()) : null,
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
        ObjectInspector o = new ObjectInspector(flow, direction, context, config, detector, windows, counters,
                classifier, pool, nested);
        return new ObjectSink() {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) {
                if (!closed) {
                    o.onData(b, off, len);
                }
            }

            @Override
            public void gap(long bytes) {
                if (!closed) {
                    o.onGap(bytes);
                }
            }

            @Override
            public void truncate() {
                if (!closed) {
                    o.cutShort();
                }
            }

            @Override
            public void amend(ObjectContext context) {
                o.amend(context);
            }

            @Override
            public void close(long endNanos) {
                if (!closed) {
                    closed = true;
                    finished(o.finish(endNanos));
                }
            }
        };
    }

    void finished(InspectedObject o) {
        if (o.carriesSomething() || o.size() >= config.reportMinBytes()) {
            counters.reported.inc();
            observer.onObject(o);
        }
    }
}
