package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import io.packwatch.output.Clip;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * IBM QRadar LEEF 2.0 behind an RFC 5424 header:
 * {@code LEEF:2.0|packwatch|packwatch|<version>|<rule id>|<delimiter>|key=value<delimiter>...}.
 * LEEF defines no escape for the attribute delimiter, so a delimiter inside a value is replaced by
 * U+FFFD, as are control characters; header fields escape {@code \} and {@code |}.
 */
final class LeefFormatter implements AlertFormatter {
    /** {@code devTime}'s layout, given to QRadar as {@code devTimeFormat} (Java SimpleDateFormat syntax). */
    static final String DEV_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss.SSS Z";
    private static final DateTimeFormatter DEV_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS Z").withZone(ZoneOffset.UTC);
    private static final Escaper HEADER = Escaper.backslash("\\|");

    private final SyslogHeader syslog;
    private final String version;
    private final char delimiter;
    private final Escaper values;

    LeefFormatter(SyslogHeader syslog, String version, char delimiter) {
        if (Character.isLetterOrDigit(delimiter) || delimiter == '=' || delimiter == '|' || delimiter == '\\'
                || delimiter == '\n' || delimiter == '\r' || delimiter > 0x7E) {
            throw new IllegalArgumentException("LEEF delimiter must be an ASCII punctuation character or tab"
                    + " other than = | \\, got '" + delimiter + "'");
        }
        this.syslog = syslog;
        this.version = version;
        this.delimiter = delimiter;
        this.values = new Escaper() {
            @Override
            void escape(StringBuilder sb, char c) {
                sb.append(c == delimiter || isControl(c) ? REPLACEMENT : c);
            }
        };
    }

    @Override
    public byte[] format(Alert a, Clip clip) {
        StringBuilder sb = syslog.append(new StringBuilder(512), a).append("- LEEF:2.0|packwatch|packwatch|");
        HEADER.append(sb, version).append('|');
        HEADER.append(sb, String.valueOf(clip.text(a.ruleId()))).append('|');
        if (delimiter > ' ') {
            sb.append(delimiter);
        } else {
            sb.append("0x").append(Character.forDigit(delimiter >> 4, 16)).append(Character.forDigit(delimiter & 15, 16));
        }
        sb.append('|');
        KeyValues kv = attributes(a, clip);
        for (int i = 0; i < kv.keys.size(); i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            values.append(sb.append(kv.keys.get(i)).append('='), kv.values.get(i));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static KeyValues attributes(Alert a, Clip clip) {
        KeyValues kv = new KeyValues()
                .add("devTime", DEV_TIME.format(Instant.ofEpochSecond(0, a.timestampNanos())))
                .add("devTimeFormat", DEV_TIME_FORMAT)
                .add("cat", category(a.ruleId()))
                .add("sev", AlertText.severity10(a.severity()))
                .add("src", AlertText.field(a, "source.ip", clip))
                .add("srcPort", AlertText.field(a, "source.port", clip))
                .add("dst", AlertText.field(a, "destination.ip", clip))
                .add("dstPort", AlertText.field(a, "destination.port", clip))
                .add("proto", AlertText.field(a, "network.transport", clip))
                .add("usrName", AlertText.field(a, "user.name", clip))
                .add("identHostName", AlertText.field(a, "host.name", clip))
                .add("ruleName", clip.text(a.ruleName()))
                .add("technique", AlertText.techniques(a, clip))
                .add("riskScore", a.riskScore())
                .add("alertId", clip.text(a.id()))
                .add("action", clip.text(a.action()))
                .add("fileName", AlertText.field(a, "file.name", clip))
                .add("fileSize", AlertText.field(a, "file.size", clip))
                .add("fileHash", AlertText.field(a, "file.hash.sha256", clip));
        if (clip.minimal()) {
            return kv;
        }
        return kv.add("format", AlertText.field(a, "dlp.format", clip))
                .add("fileType", AlertText.field(a, "dlp.document", clip))
                .add("process", AlertText.field(a, "process.executable", clip))
                .add("url", AlertText.field(a, "url.original", clip))
                .add("evidence", AlertText.evidence(a, clip))
                .add("correlation", AlertText.correlation(a, clip))
                .add("communityId", AlertText.field(a, "community_id", clip));
    }

    /** {@code cat}: the rule family, {@code net} of {@code pw.net.archive_upload}; QRadar maps EventID + cat to a QID. */
    static String category(String ruleId) {
        if (ruleId != null) {
            String[] parts = ruleId.split("\\.");
            if (parts.length >= 3 && !parts[1].isEmpty()) {
                return SyslogHeader.token(parts[1], 32);
            }
        }
        return "alert";
    }
}
