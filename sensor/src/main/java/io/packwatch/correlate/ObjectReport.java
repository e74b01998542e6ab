package io.packwatch.correlate;

import io.packwatch.inspect.InspectedObject;

/** Where verdicts go: the output stage writes the object record, and the alert when there is one. */
@FunctionalInterface
public interface ObjectReport {
    void report(InspectedObject object, NetworkAlert alertOrNull);
}
