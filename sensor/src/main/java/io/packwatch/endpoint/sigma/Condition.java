package io.packwatch.endpoint.sigma;

import java.util.List;

/** A compiled rule condition: selections combined with and, or, not and "N of". */
abstract class Condition {
    abstract boolean eval(EventView view);

    /** A named search identifier: an OR of groups, each an AND of field tests. */
    static final class Selection extends Condition {
        private final String name;
        private final FieldTest[][] groups;

        Selection(String name, List<List<FieldTest>> groups) {
            this.name = name;
            this.groups = groups.stream().map(g -> g.toArray(FieldTest[]::new)).toArray(FieldTest[][]::new);
        }

        String name() {
            return name;
        }

        @Override
        boolean eval(EventView view) {
            for (FieldTest[] group : groups) {
                boolean ok = true;
                for (FieldTest t : group) {
                    if (!t.matches(view)) {
                        ok = false;
                        break;
                    }
                }
                if (ok) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class And extends Condition {
        private final Condition[] parts;

        And(List<Condition> parts) {
            this.parts = parts.toArray(Condition[]::new);
        }

        @Override
        boolean eval(EventView view) {
            for (Condition c : parts) {
                if (!c.eval(view)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends Condition {
        private final Condition[] parts;

        Or(List<Condition> parts) {
            this.parts = parts.toArray(Condition[]::new);
        }

        @Override
        boolean eval(EventView view) {
            for (Condition c : parts) {
                if (c.eval(view)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Not extends Condition {
        private final Condition inner;

        Not(Condition inner) {
            this.inner = inner;
        }

        @Override
        boolean eval(EventView view) {
            return !inner.eval(view);
        }
    }

    /** {@code N of pattern} / {@code all of pattern}: at least {@code min} of the selections hold. */
    static final class AtLeast extends Condition {
        private final int min;
        private final Selection[] selections;

        AtLeast(int min, List<Selection> selections) {
            this.min = min;
            this.selections = selections.toArray(Selection[]::new);
        }

        @Override
        boolean eval(EventView view) {
            int hits = 0;
            for (int i = 0; i < selections.length; i++) {
                if (selections[i].eval(view) && ++hits >= min) {
                    return true;
                }
                if (hits + selections.length - 1 - i < min) {
                    return false;
                }
            }
            return false;
        }
    }
}
