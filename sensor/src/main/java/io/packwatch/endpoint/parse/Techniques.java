package io.packwatch.endpoint.parse;

/** ATT&CK technique ids ({@code T1560}, {@code T1560.002}) named anywhere in a text. */
final class Techniques {
    private Techniques() {
    }

    /** The distinct ids in order of appearance, comma-separated, or null when there are none. */
    static String find(String s, int from, int to) {
        StringBuilder found = null;
        int p = s.indexOf('T', from);
        while (p >= 0 && p < to) {
            if ((p == from || !Character.isLetterOrDigit(s.charAt(p - 1))) && Times.digits(s, p + 1, 4) && p + 5 <= to) {
                int end = p + 5;
                boolean ok = true;
                if (end + 1 < to && s.charAt(end) == '.' && Times.isDigit(s.charAt(end + 1))) {
                    ok = end + 4 <= to && Times.digits(s, end + 1, 3); // a sub-technique has three digits
                    end += 4;
                }
                if (ok && (end >= to || !Character.isLetterOrDigit(s.charAt(end)))) {
                    String id = s.substring(p, end);
                    if (found == null) {
                        found = new StringBuilder(id);
                    } else if (!(',' + found.toString() + ',').contains(',' + id + ',')) {
                        found.append(',').append(id);
                    }
                    p = end;
                }
            }
            p = s.indexOf('T', p + 1);
        }
        return found == null ? null : found.toString();
    }
}
