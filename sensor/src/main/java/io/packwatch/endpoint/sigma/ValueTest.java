package io.packwatch.endpoint.sigma;

import io.packwatch.decode.CidrSet;
import io.packwatch.decode.IpAddress;
import java.util.regex.Pattern;

/** One compiled test of a field value: a string pattern, a regular expression, a network, a number. */
abstract class ValueTest {
    /**
     * @param lower the value lowercased (Locale.ROOT)
     * @param original the value as received
     */
    abstract boolean test(String lower, String original, EventView view);

    /** Exact, prefix, suffix, substring or wildcard match; case-insensitive unless {@code cased}. */
    static final class Text extends ValueTest {
        enum Kind { EQUALS, PREFIX, SUFFIX, CONTAINS, ANY, GLOB }

        private final Kind kind;
        private final String literal;
        private final boolean cased;
        private final char[] globChars;
        private final byte[] globKinds;

        Text(Kind kind, String literal, boolean cased, char[] globChars, byte[] globKinds) {
            this.kind = kind;
            this.literal = literal;
            this.cased = cased;
            this.globChars = globChars;
            this.globKinds = globKinds;
        }

        @Override
        boolean test(String lower, String original, EventView view) {
            String s = cased ? original : lower;
            switch (kind) {
                case EQUALS: return s.equals(literal);
                case PREFIX: return s.startsWith(literal);
                case SUFFIX: return s.endsWith(literal);
                case CONTAINS: return s.contains(literal);
                case ANY: return true;
                default: return glob(s);
            }
        }

        /** Wildcard match, '*' any run and '?' one character, backtracking to the last '*' only. */
        private boolean glob(String s) {
            int n = s.length();
            int m = globChars.length;
            int si = 0;
            int pi = 0;
            int star = -1;
            int mark = 0;
            while (si < n) {
                if (pi < m && (globKinds[pi] == SigmaPattern.ONE
                        || globKinds[pi] == SigmaPattern.LITERAL && globChars[pi] == s.charAt(si))) {
                    si++;
                    pi++;
                } else if (pi < m && globKinds[pi] == SigmaPattern.ANY) {
                    star = pi++;
                    mark = si;
                } else if (star >= 0) {
                    pi = star + 1;
                    si = ++mark;
                } else {
                    return false;
                }
            }
            while (pi < m && globKinds[pi] == SigmaPattern.ANY) {
                pi++;
            }
            return pi == m;
        }

        Kind kind() {
            return kind;
        }

        String literal() {
            return literal;
        }
    }

    /** The {@code re} modifier: a Java regular expression searched anywhere in the value. */
    static final class Regex extends ValueTest {
        private final Pattern pattern;
        private final int id;

        Regex(Pattern pattern, int id) {
            this.pattern = pattern;
            this.id = id;
        }

        @Override
        boolean test(String lower, String original, EventView view) {
            return view.matcher(id, pattern, original).find();
        }
    }

    /** The {@code cidr} modifier: the value is an IP address inside the network. */
    static final class Cidr extends ValueTest {
        private final CidrSet networks;

        Cidr(CidrSet networks) {
            this.networks = networks;
        }

        @Override
        boolean test(String lower, String original, EventView view) {
            if (!looksLikeAddress(lower)) {
                return false;
            }
            try {
                long[] a = IpAddress.parse(lower);
                return networks.contains((int) a[0], a[1], a[2]);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** Cheap pre-check so that host names never reach the address parser (which would resolve them). */
        private static boolean looksLikeAddress(String s) {
            if (s.isEmpty() || s.length() > 45) {
                return false;
            }
            boolean colon = s.indexOf(':') >= 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || c >= 'a' && c <= 'f');
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The {@code lt}, {@code lte}, {@code gt}, {@code gte} modifiers. */
    static final class Compare extends ValueTest {
        private final String op;
        private final double bound;

        Compare(String op, double bound) {
            this.op = op;
            this.bound = bound;
        }

        @Override
        boolean test(String lower, String original, EventView view) {
            double v = number(lower);
            if (Double.isNaN(v)) {
                return false;
            }
            switch (op) {
                case "lt": return v < bound;
                case "lte": return v <= bound;
                case "gt": return v > bound;
                default: return v >= bound;
            }
        }

        /** A decimal number (optional sign, digits, optional fraction), or NaN; parsed without allocating. */
        static double number(String s) {
            int i = 0;
            int n = s.length();
            boolean neg = false;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                neg = s.charAt(i++) == '-';
            }
            double v = 0;
            int digits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                v = v * 10 + (s.charAt(i++) - '0');
                digits++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                double scale = 0.1;
                while (i < n && isDigit(s.charAt(i))) {
                    v += (s.charAt(i++) - '0') * scale;
                    scale /= 10;
                    digits++;
                }
            }
            return digits == 0 || i != n ? Double.NaN : neg ? -v : v;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
