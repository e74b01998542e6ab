package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ArcSight CEF: {@code CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension}.
 * Header fields escape {@code \|} and {@code \\}; the extension is space-separated {@code key=value} pairs whose
 * values may hold spaces. Every CEF message is an alert (category {@code alert}, rule.name = Name).
 */
final class CefParser implements PayloadParser {
    private final ParseConfig config;
    private final ParseCounters counters;
    private final KeyValues extension = KeyValues.cef();
    private final Map<String, String> ext = new LinkedHashMap<>();
    private final KeyValues.Pairs collect = ext::put;
    private final String[] header = new String[7];
    private final StringBuilder buf = new StringBuilder();

    CefParser(ParseConfig config, ParseCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    @Override
    public String parse(String s, int from, int to, EventBuilder b) {
        int p = from + 4; // "CEF:"
        for (int i = 0; i < 7; i++) {
            buf.setLength(0);
            while (p < to && s.charAt(p) != '|') {
                char c = s.charAt(p);
                if (c == '\\' && p + 1 < to && (s.charAt(p + 1) == '|' || s.charAt(p + 1) == '\\')) {
                    c = s.charAt(++p);
                }
                buf.append(c);
                p++;
            }
            if (p >= to && i < 6) {
                return "too_few_fields";
            }
            header[i] = buf.toString().trim();
            p++;
        }
        ext.clear();
        if (p < to) {
            int dropped = extension.scan(s, p, to, config.maxFields(), collect);
            counters.fields.add(dropped);
        }
        b.begin();
        b.put(Ecs.OBSERVER_VENDOR, header[1]);
        b.put(Ecs.OBSERVER_PRODUCT, header[2]);
        b.put("observer.version", header[3]);
        b.put(Ecs.RULE_ID, header[4]);
        b.put(Ecs.RULE_NAME, header[5]);
        b.put(Ecs.EVENT_SEVERITY, header[6]);
        b.put("cef.version", header[0]);
        AlertFields.map(ext, "cef.", b);
        b.put(Ecs.THREAT_TECHNIQUE_ID, Techniques.find(s, from, to));
        long t = AlertFields.time(ext.get("rt"), null, config.zone());
        if (t == Times.NONE) {
            t = AlertFields.time(ext.get("end"), null, config.zone());
        }
        if (t == Times.NONE) {
            t = AlertFields.time(ext.get("start"), null, config.zone());
        }
        b.emit(t, AlertFields.product(b), "alert", "cef");
        return null;
    }
}
