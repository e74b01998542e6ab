package io.packwatch.inspect;

/** Learns of every inspected object when it ends. */
@FunctionalInterface
public interface ObjectObserver {
    void onObject(InspectedObject object);
}
