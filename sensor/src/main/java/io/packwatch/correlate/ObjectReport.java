package io.packwatch.correlate;

import io.packwatch.inspect.InspectedObject;

/** Where verdicts go: the output stage writes the object record (alerts come from the correlator). */
@FunctionalInterface
public interface ObjectReport {
    void report(InspectedObject object);
}
