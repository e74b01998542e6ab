package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import java.nio.charset.StandardCharsets;

/**
 * ArcSight CEF behind an RFC 5424 header:
 * {@code CEF:0|packwatch|packwatch|<version>|<rule id>|<rule name>|<0-10>|<extension>}. The
 * extension keys are the ones Microsoft Sentinel's CommonSecurityLog table has columns for
 * (README.md, "Forwarding to a SIEM", lists the keys). Header fields escape {@code \} and {@code |};
 * extension values escape {@code \} and {@code =} and write line breaks as {@code \n} and
 * {@code \r}, so a value can neither end the header nor start a key.
 */
final class CefFormatter implements AlertFormatter {
    private static final Escaper HEADER = Escaper.backslash("\\|");
    private static final Escaper EXTENSION = new Escaper() {
        @Override
        void escape(StringBuilder sb, char c) {
            switch (c) {
                case '\\', '=' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(isControl(c) ? REPLACEMENT : c);
            }
        }
    };

    private final SyslogHeader syslog;
    private final String version;

    CefFormatter(SyslogHeader syslog, String version) {
        this.syslog = syslog;
        this.version = version;
    }

    @Override
    public byte[] format(Alert a, Clip clip) {
        StringBuilder sb = syslog.append(new StringBuilder(512), a).append("- CEF:0|packwatch|packwatch|");
        HEADER.append(sb, version).append('|');
        HEADER.append(sb, String.valueOf(clip.text(a.ruleId()))).append('|');
        HEADER.append(sb, String.valueOf(clip.text(a.ruleName()))).append('|');
        sb.append(AlertText.severity10(a.severity())).append('|');
        KeyValues kv = extension(a, clip);
        for (int i = 0; i < kv.keys.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            EXTENSION.append(sb.append(kv.keys.get(i)).append('='), kv.values.get(i));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static KeyValues extension(Alert a, Clip clip) {
        KeyValues kv = new KeyValues()
                .add("rt", Math.floorDiv(a.timestampNanos(), 1_000_000L))
                .add("src", AlertText.field(a, "source.ip", clip))
                .add("spt", AlertText.field(a, "source.port", clip))
                .add("dst", AlertText.field(a, "destination.ip", clip))
                .add("dpt", AlertText.field(a, "destination.port", clip))
                .add("proto", upper(AlertText.field(a, "network.transport", clip)))
                .add("shost", AlertText.field(a, "host.name", clip))
                .add("suser", AlertText.field(a, "user.name", clip))
                .add("fname", AlertText.field(a, "file.name", clip))
                .add("fsize", AlertText.field(a, "file.size", clip))
                .add("fileHash", AlertText.field(a, "file.hash.sha256", clip))
                .add("act", clip.text(a.action()))
                .add("externalId", clip.text(a.id()))
                .labelled("cs1", "technique", AlertText.techniques(a, clip))
                .labelled("cn1", "riskScore", a.riskScore());
        if (clip.minimal()) {
            return kv;
        }
        String process = AlertText.field(a, "process.name", clip);
        return kv.add("sproc", process != null ? process : AlertText.field(a, "process.executable", clip))
                .add("dhost", AlertText.field(a, "tls.client.server_name", clip))
                .add("requestMethod", AlertText.field(a, "http.request.method", clip))
                .add("request", AlertText.field(a, "url.original", clip))
                .add("fileType", AlertText.field(a, "dlp.document", clip))
                .labelled("cs2", "format", AlertText.field(a, "dlp.format", clip))
                .labelled("cs3", "evidence", AlertText.evidence(a, clip))
                .labelled("cs4", "alertId", clip.text(a.id()))
                .labelled("cs5", "correlation", AlertText.correlation(a, clip))
                .labelled("cs6", "communityId", AlertText.field(a, "community_id", clip));
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
