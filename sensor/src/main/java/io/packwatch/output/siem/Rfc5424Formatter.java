package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.AlertJson;
import io.packwatch.output.Clip;
import io.packwatch.output.JsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * RFC 5424 with the key fields in structured data and the whole alert as one-line JSON in MSG:
 * {@code <PRI>1 TS HOST packwatch PID <rule id> [packwatch@32473 ruleId=".." severity=".." ...] {json}}.
 * PARAM-VALUEs escape {@code "}, {@code \} and {@code ]} as RFC 5424 section 6.3.3 says; control
 * characters become U+FFFD.
 */
final class Rfc5424Formatter implements AlertFormatter {
    static final String SD_ID = "packwatch@32473";
    private static final Escaper PARAM = Escaper.backslash("\"\\]");

    private final SyslogHeader syslog;
    private final String observer;
    private final JsonWriter json = new JsonWriter();

    Rfc5424Formatter(SyslogHeader syslog, String observer) {
        this.syslog = syslog;
        this.observer = observer;
    }

    @Override
    public byte[] format(Alert a, Clip clip) {
        StringBuilder sb = syslog.append(new StringBuilder(512), a).append('[').append(SD_ID);
        KeyValues kv = new KeyValues()
                .add("ruleId", clip.text(a.ruleId()))
                .add("severity", a.severityName())
                .add("riskScore", a.riskScore())
                .add("alertId", clip.text(a.id()))
                .add("action", clip.text(a.action()))
                .add("technique", AlertText.techniques(a, clip))
                .add("src", AlertText.field(a, "source.ip", clip))
                .add("spt", AlertText.field(a, "source.port", clip))
                .add("dst", AlertText.field(a, "destination.ip", clip))
                .add("dpt", AlertText.field(a, "destination.port", clip));
        if (!clip.minimal()) { // the minimal form leaves the rest to the JSON
            kv.add("host", AlertText.field(a, "host.name", clip))
                    .add("user", AlertText.field(a, "user.name", clip))
                    .add("fname", AlertText.field(a, "file.name", clip))
                    .add("sha256", AlertText.field(a, "file.hash.sha256", clip))
                    .add("format", AlertText.field(a, "dlp.format", clip))
                    .add("document", AlertText.field(a, "dlp.document", clip));
        }
        for (int i = 0; i < kv.keys.size(); i++) {
            sb.append(' ').append(kv.keys.get(i)).append("=\"");
            PARAM.append(sb, kv.values.get(i)).append('"');
        }
        byte[] head = sb.append("] ").toString().getBytes(StandardCharsets.UTF_8);
        AlertJson.write(json, a, observer, clip);
        byte[] out = new byte[head.length + json.length()];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json.toUtf8(), 0, out, head.length, json.length());
        return out;
    }
}
