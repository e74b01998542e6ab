package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The RFC 5424 header {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID } in front of every
 * syslog message. The timestamp is the alert's time in UTC with milliseconds (the form QRadar
 * asks for); PRI combines the facility with a syslog severity taken from the alert's severity.
 */
final class SyslogHeader {
    static final String APP_NAME = "packwatch";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final int facility;
    private final String hostname;
    private final String procId;

    /**
     * @param facility syslog facility number, 0..23
     * @param hostname this sensor's host name (cut to RFC 5424's 255 printable ASCII characters)
     * @param procId process id, or null for the NILVALUE
     */
    SyslogHeader(int facility, String hostname, String procId) {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("syslog facility must be 0..23, got " + facility);
        }
        this.facility = facility;
        this.hostname = token(hostname, 255);
        this.procId = token(procId, 128);
    }

    /** ECS severity 4 critical, 3 high, 2 medium, 1 low to syslog crit(2), err(3), warning(4), notice(5). */
    static int syslogSeverity(int ecsSeverity) {
        return switch (ecsSeverity) {
            case 4 -> 2;
            case 3 -> 3;
            case 2 -> 4;
            default -> 5;
        };
    }

    StringBuilder append(StringBuilder sb, Alert alert) {
        sb.append('<').append(facility * 8 + syslogSeverity(alert.severity())).append(">1 ");
        TIME.formatTo(Instant.ofEpochSecond(0, alert.timestampNanos()), sb);
        return sb.append(' ').append(hostname).append(' ').append(APP_NAME).append(' ').append(procId)
                .append(' ').append(token(alert.ruleId(), 32)).append(' ');
    }

    /**
     * A header field: printable ASCII without spaces (others become {@code _}), at most {@code max}
     * characters, {@code -} when empty.
     */
    static String token(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        int n = Math.min(s.length(), max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c > 32 && c < 127 ? c : '_');
        }
        return sb.toString();
    }
}
