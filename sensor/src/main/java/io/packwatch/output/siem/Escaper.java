package io.packwatch.output.siem;

/**
 * Appends untrusted text to a message under one format's escaping rules. Common to all: a lone
 * surrogate (invalid UTF-16, which no UTF-8 encoder can write) and control characters become
 * U+FFFD unless the format has an escape for them, so no value can carry a line break, NUL or a
 * framing character into the message.
 */
abstract class Escaper {
    static final char REPLACEMENT = '\uFFFD';

    final StringBuilder append(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(++i));
                } else {
                    sb.append(REPLACEMENT);
                }
            } else {
                escape(sb, c);
            }
        }
        return sb;
    }

    /** Appends one character that is not a surrogate. */
    abstract void escape(StringBuilder sb, char c);

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029;
    }

    /** An escaper that writes {@code specials} after a backslash and replaces controls. */
    static Escaper backslash(String specials) {
        return new Escaper() {
            @Override
            void escape(StringBuilder sb, char c) {
                if (specials.indexOf(c) >= 0) {
                    sb.append('\\').append(c);
                } else {
                    sb.append(isControl(c) ? REPLACEMENT : c);
                }
            }
        };
    }
}
