package io.packwatch.endpoint.sigma;

/**
 * A value handed to a regex that counts the characters the regex reads and stops it, by throwing
 * {@link #EXCEEDED}, past a budget. A rule's regex could otherwise backtrack for minutes on a
 * crafted command line; this bounds the work per value whatever the pattern. Reused per view.
 */
final class BudgetedText implements CharSequence {
    /** Thrown when the budget is spent; preallocated and without a stack trace, so stopping costs nothing. */
    static final RuntimeException EXCEEDED = new RuntimeException("regex budget exceeded", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final long budget;
    private String text;
    private long left;

    BudgetedText(long budget) {
        this.budget = budget;
    }

    BudgetedText reset(String value) {
        text = value;
        left = budget;
        return this;
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw EXCEEDED;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
