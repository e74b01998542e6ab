package io.packwatch.flow;

/** Learns of every flow as it ends, to write its record. */
@FunctionalInterface
public interface FlowObserver {
    void onFlowEnd(Flow flow, EndReason reason);
}
