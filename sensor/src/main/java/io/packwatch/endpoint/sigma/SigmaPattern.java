package io.packwatch.endpoint.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Sigma string value with its wildcards resolved: each position is a literal character, {@code ?}
 * (one character) or {@code *} (any run). Escapes follow the Sigma specification: a backslash
 * escapes {@code *}, {@code ?} and itself; a backslash before any other character is a plain
 * backslash. The {@code contains}/{@code startswith}/{@code endswith} modifiers add real
 * wildcards to the parsed value, so {@code C:\Temp\} with {@code startswith} stays a literal
 * backslash followed by a wildcard.
 */
final class SigmaPattern {
    static final byte LITERAL = 0;
    static final byte ONE = 1;
    static final byte ANY = 2;
    /** Most variants one value may expand to (windash permutations). */
    static final int MAX_VARIANTS = 4096;
    private static final char[] DASHES = {'-', '/', '\u2013', '\u2014', '\u2015'};

    private final char[] chars;
    private final byte[] kinds;

    private SigmaPattern(char[] chars, byte[] kinds) {
        this.chars = chars;
        this.kinds = kinds;
    }

    /** Parses a value as written in a rule. */
    static SigmaPattern parse(String value) {
        char[] c = new char[value.length()];
        byte[] k = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' && i + 1 < value.length()) {
                char next = value.charAt(i + 1);
                if (next == '*' || next == '?' || next == '\\') {
                    c[n] = next;
                    k[n++] = LITERAL;
                    i++;
                    continue;
                }
            }
            c[n] = ch;
            k[n++] = ch == '*' ? ANY : ch == '?' ? ONE : LITERAL;
        }
        return new SigmaPattern(Arrays.copyOf(c, n), Arrays.copyOf(k, n));
    }

    /** A value with no wildcards at all (keywords from config, literal text). */
    static SigmaPattern literal(String text) {
        return new SigmaPattern(text.toCharArray(), new byte[text.length()]);
    }

    SigmaPattern contains() {
        return startsWithAny().endsWithAny();
    }

    /** The {@code endswith} modifier: any run before the value. */
    SigmaPattern startsWithAny() {
        if (chars.length > 0 && kinds[0] == ANY) {
            return this;
        }
        return concat(new char[] {'*'}, new byte[] {ANY}, chars, kinds);
    }

    /** The {@code startswith} modifier: any run after the value. */
    SigmaPattern endsWithAny() {
        if (chars.length > 0 && kinds[chars.length - 1] == ANY) {
            return this;
        }
        return concat(chars, kinds, new char[] {'*'}, new byte[] {ANY});
    }

    private static SigmaPattern concat(char[] c1, byte[] k1, char[] c2, byte[] k2) {
        char[] c = Arrays.copyOf(c1, c1.length + c2.length);
        byte[] k = Arrays.copyOf(k1, k1.length + k2.length);
        System.arraycopy(c2, 0, c, c1.length, c2.length);
        System.arraycopy(k2, 0, k, k1.length, k2.length);
        return new SigmaPattern(c, k);
    }

    /**
     * The {@code windash} modifier: every {@code -} or {@code /} (or en dash, em dash, horizontal bar)
     * that starts a word becomes each of the five, in all combinations.
     */
    List<SigmaPattern> windash() {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            boolean wordStart = i == 0 || kinds[i - 1] == LITERAL && Character.isWhitespace(chars[i - 1]);
            if (kinds[i] == LITERAL && wordStart && isDash(chars[i])) {
                positions.add(i);
            }
        }
        long combos = 1;
        for (int i = 0; i < positions.size(); i++) {
            combos *= DASHES.length;
            if (combos > MAX_VARIANTS) {
                throw new IllegalArgumentException("windash would make more than " + MAX_VARIANTS
                        + " variants of one value (" + positions.size() + " dashes); split the value");
            }
        }
        List<SigmaPattern> out = new ArrayList<>((int) combos);
        for (int combo = 0; combo < combos; combo++) {
            char[] c = chars.clone();
            int rest = combo;
            for (int pos : positions) {
                c[pos] = DASHES[rest % DASHES.length];
                rest /= DASHES.length;
            }
            out.add(new SigmaPattern(c, kinds));
        }
        return out;
    }

    private static boolean isDash(char c) {
        for (char d : DASHES) {
            if (c == d) {
                return true;
            }
        }
        return false;
    }

    /** The literal text when the value has no wildcards, else null. */
    String plainText() {
        for (byte k : kinds) {
            if (k != LITERAL) {
                return null;
            }
        }
        return new String(chars);
    }

    /**
     * The cheapest test for this pattern: equals, prefix, suffix or substring when the wildcards sit
     * only at the ends, a wildcard matcher otherwise. Literals are lowercased unless {@code cased}.
     */
    ValueTest.Text compile(boolean cased) {
        char[] c = chars.clone();
        if (!cased) {
            // Lowercase the literal runs exactly as the event values are lowercased (String, Locale.ROOT).
            String lowered = new String(c).toLowerCase(Locale.ROOT);
            if (lowered.length() == c.length) {
                c = lowered.toCharArray();
            } else {
                for (int i = 0; i < c.length; i++) {
                    c[i] = Character.toLowerCase(c[i]);
                }
            }
        }
        int n = c.length;
        boolean lead = n > 0 && kinds[0] == ANY;
        boolean trail = n > (lead ? 1 : 0) && kinds[n - 1] == ANY;
        int from = lead ? 1 : 0;
        int to = trail ? n - 1 : n;
        boolean innerPlain = true;
        for (int i = from; i < to; i++) {
            if (kinds[i] != LITERAL) {
                innerPlain = false;
                break;
            }
        }
        if (innerPlain) {
            String lit = new String(c, from, to - from);
            ValueTest.Text.Kind kind;
            if (lead && trail) {
                kind = lit.isEmpty() ? ValueTest.Text.Kind.ANY : ValueTest.Text.Kind.CONTAINS;
            } else if (lead) {
                kind = lit.isEmpty() ? ValueTest.Text.Kind.ANY : ValueTest.Text.Kind.SUFFIX;
            } else if (trail) {
                kind = ValueTest.Text.Kind.PREFIX;
            } else {
                kind = ValueTest.Text.Kind.EQUALS;
            }
            return new ValueTest.Text(kind, lit, cased, null, null);
        }
        return new ValueTest.Text(ValueTest.Text.Kind.GLOB, null, cased, c, kinds.clone());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chars.length; i++) {
            if (kinds[i] == LITERAL && (chars[i] == '*' || chars[i] == '?' || chars[i] == '\\')) {
                sb.append('\\');
            }
            sb.append(chars[i]);
        }
        return sb.toString();
    }
}
