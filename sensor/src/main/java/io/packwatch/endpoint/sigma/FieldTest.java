package io.packwatch.endpoint.sigma;

/**
 * One {@code Field|modifiers: values} entry of a selection, compiled: the values are OR-ed, or
 * AND-ed with {@code |all}. A keyword entry tests the whole message instead of a field.
 */
final class FieldTest {
    /** The slot of a keyword test: the raw message. */
    static final int RAW = -1;

    private final int slot;
    private final ValueTest[] tests;
    private final boolean all;
    private final boolean matchesAbsent;
    private final Boolean exists;

    private FieldTest(int slot, ValueTest[] tests, boolean all, boolean matchesAbsent, Boolean exists) {
        this.slot = slot;
        this.tests = tests;
        this.all = all;
        this.matchesAbsent = matchesAbsent;
        this.exists = exists;
    }

    /**
     * @param matchesAbsent the values held {@code null}: the test also holds when the field is missing
     */
    static FieldTest values(int slot, ValueTest[] tests, boolean all, boolean matchesAbsent) {
        return new FieldTest(slot, tests, all, matchesAbsent, null);
    }

    /** The {@code exists} modifier. */
    static FieldTest exists(int slot, boolean present) {
        return new FieldTest(slot, new ValueTest[0], false, false, present);
    }

    boolean matches(EventView view) {
        String original;
        String lower;
        if (slot == RAW) {
            original = view.rawOriginal();
            lower = view.rawLower();
        } else {
            original = view.original(slot);
            if (exists != null) {
                return (original != null) == exists;
            }
            if (original == null) {
                return matchesAbsent;
            }
            lower = view.lower(slot);
        }
        if (all) {
            for (ValueTest t : tests) {
                if (!t.test(lower, original, view)) {
                    return false;
                }
            }
            return tests.length > 0;
        }
        for (ValueTest t : tests) {
            if (t.test(lower, original, view)) {
                return true;
            }
        }
        return false;
    }
}
