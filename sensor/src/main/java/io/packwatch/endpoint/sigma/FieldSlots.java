package io.packwatch.endpoint.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the fields and regular expressions of a rule set while it loads, so an {@link EventView}
 * can hold each field's value (and a reusable matcher per expression) in an array slot.
 */
final class FieldSlots {
    private final Map<String, Integer> bySigmaName = new HashMap<>();
    private final List<String[]> candidates = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int regexes;

    int field(String sigmaName) {
        return bySigmaName.computeIfAbsent(sigmaName, n -> {
            names.add(n);
            candidates.add(FieldMapping.candidates(n).toArray(String[]::new));
            return candidates.size() - 1;
        });
    }

    int regex() {
        return regexes++;
    }

    int fieldCount() {
        return candidates.size();
    }

    int regexCount() {
        return regexes;
    }

    String[][] candidateTable() {
        return candidates.toArray(String[][]::new);
    }

    String name(int slot) {
        return names.get(slot);
    }
}
