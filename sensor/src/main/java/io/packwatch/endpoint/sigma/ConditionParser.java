package io.packwatch.endpoint.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser of a Sigma condition. Grammar, least binding first:
 * <pre>
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | primary
 *   primary := "(" or ")" | ("1".."n" | "all") "of" (pattern | "them") | identifier
 * </pre>
 * Patterns take {@code *} wildcards; {@code them} means every identifier not starting with '_'.
 * Aggregations ({@code | count() ...}) and {@code near} belong to the old spec and are rejected.
 */
final class ConditionParser {
    private final String text;
    private final Map<String, Condition.Selection> selections;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private int next;

    private ConditionParser(String text, Map<String, Condition.Selection> selections) {
        this.text = text;
        this.selections = selections;
    }

    /**
     * @param selections the rule's search identifiers, in rule order
     * @throws IllegalArgumentException saying what is wrong and where in the condition
     */
    static Condition parse(String text, Map<String, Condition.Selection> selections) {
        ConditionParser p = new ConditionParser(text, selections);
        p.tokenize();
        if (p.tokens.isEmpty()) {
            throw new IllegalArgumentException("condition is empty");
        }
        Condition c = p.or();
        if (p.next < p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.next) + "'");
        }
        return c;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                add(String.valueOf(c), i++);
            } else if (c == '|') {
                throw new IllegalArgumentException("condition at column " + (i + 1)
                        + ": aggregations ('| count() ...') are not supported; use a correlation in the SIEM");
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "()|".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                add(text.substring(start, i), start);
            }
        }
    }

    private void add(String token, int position) {
        tokens.add(token);
        positions.add(position);
    }

    private Condition or() {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (peekWord("or")) {
            next++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition and() {
        List<Condition> parts = new ArrayList<>();
        parts.add(not());
        while (peekWord("and")) {
            next++;
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition not() {
        if (peekWord("not")) {
            next++;
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (next >= tokens.size()) {
            throw error("expected a search identifier, '(' or 'not'");
        }
        String t = tokens.get(next);
        if (t.equals("(")) {
            next++;
            Condition inner = or();
            if (next >= tokens.size() || !tokens.get(next).equals(")")) {
                throw error("expected ')'");
            }
            next++;
            return inner;
        }
        if (t.equals(")") || isKeyword(t)) {
            throw error("unexpected '" + t + "'");
        }
        if (next + 1 < tokens.size() && tokens.get(next + 1).equalsIgnoreCase("of")) {
            return quantifier(t);
        }
        next++;
        Condition.Selection s = selections.get(t);
        if (s == null) {
            throw new IllegalArgumentException("condition refers to undefined search identifier '" + t + "' (defined: "
                    + String.join(", ", selections.keySet()) + ")");
        }
        return s;
    }

    private Condition quantifier(String count) {
        int at = next;
        next += 2;
        if (next >= tokens.size()) {
            throw error("expected a search identifier pattern or 'them' after '" + count + " of'");
        }
        String pattern = tokens.get(next++);
        List<Condition.Selection> matched = new ArrayList<>();
        boolean them = pattern.equalsIgnoreCase("them");
        for (Map.Entry<String, Condition.Selection> e : selections.entrySet()) {
            if (them ? !e.getKey().startsWith("_") : wildcardMatch(pattern, e.getKey())) {
                matched.add(e.getValue());
            }
        }
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("condition: '" + count + " of " + pattern
                    + "' matches no search identifier (defined: " + String.join(", ", selections.keySet()) + ")");
        }
        int min;
        if (count.equalsIgnoreCase("all")) {
            min = matched.size();
        } else {
            try {
                min = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                min = -1;
            }
            if (min < 1) {
                next = at;
                throw error("expected a number (1 or more) or 'all' before 'of', got '" + count + "'");
            }
        }
        return new Condition.AtLeast(min, matched);
    }

    private boolean peekWord(String word) {
        return next < tokens.size() && tokens.get(next).equalsIgnoreCase(word);
    }

    private static boolean isKeyword(String t) {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "and": case "or": case "of": case "them":
                return true;
            case "near":
                throw new IllegalArgumentException("condition: 'near' is not supported; use a correlation in the SIEM");
            default:
                return false;
        }
    }

    /** {@code *} matches any run; everything else is literal (identifiers have no other wildcards). */
    static boolean wildcardMatch(String pattern, String name) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(name);
        }
        String head = pattern.substring(0, star);
        if (!name.startsWith(head)) {
            return false;
        }
        String rest = pattern.substring(star + 1);
        for (int i = head.length(); i <= name.length(); i++) {
            if (wildcardMatch(rest, name.substring(i))) {
                return true;
            }
        }
        return false;
    }

    private IllegalArgumentException error(String what) {
        int col = next < positions.size() ? positions.get(next) + 1 : text.length() + 1;
        return new IllegalArgumentException("condition '" + text + "' at column " + col + ": " + what);
    }
}
