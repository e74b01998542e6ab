package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IBM QRadar LEEF: {@code LEEF:1.0|Vendor|Product|Version|EventID|attrs} with tab-separated attributes, and
 * {@code LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attrs} where the delimiter is a character or its
 * hex code ({@code 0x09}, {@code x5E}). Times come from {@code devTime} read with {@code devTimeFormat}.
 */
final class LeefParser implements PayloadParser {
    private final ParseConfig config;
    private final ParseCounters counters;
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private final KeyValues.Pairs collect = attrs::put;
    private final KeyValues[] byDelimiter = new KeyValues[128];
    /** devTimeFormat is a Java date pattern, the same for every message of a sender: the last one is kept. */
    private String lastPattern;
    private DateTimeFormatter lastFormatter;

    LeefParser(ParseConfig config, ParseCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    @Override
    public String parse(String s, int from, int to, EventBuilder b) {
        int[] bars = new int[6];
        int n = 0;
        for (int p = from; p < to && n < 6; p++) {
            if (s.charAt(p) == '|') {
                bars[n++] = p;
            }
        }
        if (n < 5) {
            return "too_few_fields";
        }
        String version = s.substring(from + 5, bars[0]);
        char delimiter = '\t';
        int attrStart = bars[4] + 1;
        if (version.startsWith("2") && n == 6) {
            String d = s.substring(bars[4] + 1, bars[5]);
            int c = delimiter(d);
            if (c < 0) {
                return "bad_delimiter";
            }
            if (c > 0) {
                delimiter = (char) c;
            }
            attrStart = bars[5] + 1;
        }
        attrs.clear();
        KeyValues kv = tokenizer(delimiter);
        counters.fields.add(kv.scan(s, Math.min(attrStart, to), to, config.maxFields(), collect));
        String eventId = s.substring(bars[3] + 1, bars[4]);
        b.begin();
        b.put(Ecs.OBSERVER_VENDOR, s.substring(bars[0] + 1, bars[1]));
        b.put(Ecs.OBSERVER_PRODUCT, s.substring(bars[1] + 1, bars[2]));
        b.put("observer.version", s.substring(bars[2] + 1, bars[3]));
        b.put(Ecs.RULE_ID, eventId);
        String name = attrs.remove("name");
        b.put(Ecs.RULE_NAME, name != null ? name : eventId);
        b.put("leef.version", version);
        String devTime = attrs.remove("devTime");
        String format = attrs.remove("devTimeFormat");
        AlertFields.map(attrs, "leef.", b);
        b.put(Ecs.THREAT_TECHNIQUE_ID, Techniques.find(s, from, to));
        b.emit(AlertFields.time(devTime, formatter(format), config.zone()), AlertFields.product(b), "alert", "leef");
        return null;
    }

    /**
     * LEEF 2.0's delimiter field: empty (tab), one ASCII character, or {@code 0xHH} / {@code xHH} naming one; -1 when
     * unusable (a hex code past 0x7F once indexed past the tokenizer table: found by {@code SyslogFuzzTest#payloads}).
     */
    private static int delimiter(String d) {
        if (d.isEmpty()) {
            return 0;
        }
        if (d.length() == 1) {
            return d.charAt(0) < 128 ? d.charAt(0) : -1;
        }
        String hex = d.startsWith("0x") || d.startsWith("0X") ? d.substring(2) : d.startsWith("x") || d.startsWith("X")
                ? d.substring(1) : null;
        if (hex == null || hex.isEmpty() || hex.length() > 2) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            v = v << 4 | digit;
        }
        return v > 0 && v < 128 && v != '=' ? v : -1; // ASCII, as a one-character delimiter must be
    }

    private DateTimeFormatter formatter(String pattern) {
        if (pattern == null) {
            return null;
        }
        if (!pattern.equals(lastPattern)) {
            lastPattern = pattern;
            try {
                lastFormatter = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
            } catch (IllegalArgumentException e) {
                lastFormatter = null; // an unusable pattern: the time is read without it
            }
        }
        return lastFormatter;
    }

    private KeyValues tokenizer(char delimiter) {
        KeyValues kv = byDelimiter[delimiter];
        if (kv == null) {
            kv = KeyValues.delimited(delimiter);
            byDelimiter[delimiter] = kv;
        }
        return kv;
    }
}
