package io.packwatch.output.siem;

import io.packwatch.correlate.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts for the forwarder tests: a typical correlated one, and one with hostile text in every field. */
final class SampleAlerts {
    /** 2026-11-30T12:34:56.789123456Z */
    static final long TIME = 1_796_042_096_789_123_456L;

    private SampleAlerts() {
    }

    static Alert correlated(String id) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("source.ip", "10.1.0.5");
        f.put("source.port", 51234);
        f.put("destination.ip", "203.0.113.7");
        f.put("destination.port", 443);
        f.put("network.transport", "tcp");
        f.put("community_id", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        f.put("host.name", "ws-17");
        f.put("user.name", "alice");
        f.put("process.executable", "/usr/bin/python3");
        f.put("file.name", "passwd.gz");
        f.put("file.size", 1482L);
        f.put("file.hash.sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        f.put("dlp.format", "gzip");
        f.put("url.original", "http://203.0.113.7/upload");
        f.put("related.ip", List.of("10.1.0.5", "203.0.113.7"));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("@timestamp", "2026-11-30T12:34:50Z");
        evidence.put("host.name", "ws-17");
        evidence.put("process.executable", "/usr/bin/python3");
        evidence.put("process.command_line", "python3 -c \"import gzip; gzip.open('/tmp/passwd.gz','wb')\"");
        evidence.put("rule.name", "Python compression module");
        f.put("dlp.evidence", List.of(evidence));
        Map<String, Object> correlation = new LinkedHashMap<>();
        correlation.put("host", "ws-17");
        correlation.put("file_name", true);
        correlation.put("window_seconds", 60);
        f.put("dlp.correlation", correlation);
        return new Alert(id, "created", TIME, "pw.corr.archive_exfil", "Archive written by an interpreter left the network",
                3, 73, List.of("T1560.002", "T1048"), f);
    }

    /** Every text value carries the characters that break one format or another. */
    static final String HOSTILE = "a|b=c\\d]e\"f\ng\rh\0i^j\uD800k\uDC00l}m,n\u2028o p";

    static Alert hostile() {
        return hostile(HOSTILE);
    }

    /** {@code HOSTILE} in every text field, field names and list items included. */
    static Alert hostile(String HOSTILE) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String name : List.of("source.ip", "source.port", "destination.ip", "destination.port", "network.transport",
                "community_id", "host.name", "user.name", "process.executable", "process.name", "file.name", "file.size",
                "file.hash.sha256", "dlp.format", "dlp.document", "url.original", "http.request.method", "tls.client.server_name")) {
            f.put(name, HOSTILE);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("host.name", HOSTILE);
        evidence.put("rule.name", HOSTILE);
        evidence.put("process.command_line", HOSTILE);
        f.put("dlp.evidence", List.of(evidence));
        f.put("dlp.correlation", Map.of(HOSTILE, HOSTILE));
        f.put(HOSTILE, HOSTILE);
        return new Alert(HOSTILE, HOSTILE, TIME, HOSTILE, HOSTILE, 4, 100, List.of(HOSTILE), f);
    }
}
