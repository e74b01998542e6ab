package io.packwatch.correlate;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores a closed episode against the endpoint evidence of its host and builds its alert:
 * network-only medium (the network rule's own id), correlated high, correlated with a file-name or
 * hash match critical. A TLS session alone alerts only with endpoint evidence.
 */
final class EpisodeScorer {
    static final String ARCHIVE_EXFIL = "pw.corr.archive_exfil";
    static final String TLS_EXFIL = "pw.corr.tls_exfil";
    /** Python modules (and .NET types) whose use names the format they write. */
    private static final Map<String, String> FORMAT_BY_MODULE = Map.of(
            "gzip", "gzip", "bz2", "bzip2", "zipfile", "zip", "tarfile", "tar", "lzma", "xz", "zlib", "zlib",
            "gzipstream", "gzip", "ziparchive", "zip", "deflatestream", "zlib");

    /** What can match, strongest identity first, in the order alerts list them. */
    private static final List<String> MATCH_ORDER = List.of("host", "time", "name", "hash", "size", "process", "format");

    private EpisodeScorer() {
    }

    static Alert score(Episode ep, List<Evidence> evidence, CorrelationConfig config, String knownHostName) {
        boolean analytic = evidence.stream().anyMatch(e -> e.ruleId() != null);
        boolean carriesData = ep.uploads.stream().anyMatch(Upload::carriesData);
        Set<String> matched = new HashSet<>();
        String ruleId;
        String ruleName;
        int severity;
        int risk;
        List<String> techniques;
        if (analytic) {
            matched.add("host");
            matched.add("time");
            for (Evidence ev : evidence) {
                match(ep, ev.event(), matched);
            }
            boolean strong = matched.contains("name") || matched.contains("hash");
            ruleId = carriesData ? ARCHIVE_EXFIL : TLS_EXFIL;
            ruleName = carriesData ? "Archive built on an endpoint by a library and uploaded from the same host"
                    : "Archive built on an endpoint by a library, then an encrypted upload from the same host";
            severity = strong ? 4 : 3;
            risk = strong ? 99 : 73;
            techniques = List.of("T1560.002", "T1041");
        } else if (ep.networkAlert != null) {
            ruleId = ep.networkAlert.ruleId();
            ruleName = ep.networkAlert.ruleName();
            severity = ep.networkAlert.severity();
            risk = ep.networkAlert.riskScore();
            techniques = ep.networkAlert.techniques();
        } else {
            return null;
        }
        // a network-only alert describes the upload that raised it; a correlated one the episode's first
        Upload lead = analytic ? ep.uploads.get(0) : ep.headline();
        return new Alert(ep.id(), "created", ep.firstNanos, ruleId, ruleName, severity, risk, techniques,
                fields(ep, lead, evidence, matched, config, knownHostName));
    }

    private static void match(Episode ep, EndpointEvent e, Set<String> matched) {
        String path = e.get(Ecs.FILE_PATH) != null ? e.get(Ecs.FILE_PATH) : e.get(Ecs.FILE_NAME);
        String fileName = path == null ? null : Names.basename(path).toLowerCase(Locale.ROOT);
        String cmd = e.get(Ecs.PROCESS_COMMAND_LINE);
        String cmdLower = cmd == null ? "" : cmd.toLowerCase(Locale.ROOT);
        for (Upload u : ep.uploads) {
            for (String n : u.names()) {
                String name = n.toLowerCase(Locale.ROOT);
                if (name.equals(fileName) || (name.length() >= 4 && cmdLower.contains(name))) {
                    matched.add("name");
                }
            }
            if ((u.sha256() != null && u.sha256().equalsIgnoreCase(e.get(Ecs.FILE_HASH_SHA256)))
                    || (u.md5() != null && u.md5().equalsIgnoreCase(e.get(Ecs.FILE_HASH_MD5)))) {
                matched.add("hash");
            }
            String size = e.get("file.size");
            if (size != null && size.equals(Long.toString(u.size()))) {
                matched.add("size");
            }
            if (formatClaimed(fileName, cmdLower, u)) {
                matched.add("format");
            }
        }
        if ("network_connection".equals(e.category()) && ep.dst.equals(e.get(Ecs.DESTINATION_IP))) {
            matched.add("process");
        }
    }

    private static boolean formatClaimed(String fileName, String cmdLower, Upload u) {
        String claimed = fileName == null ? null : Names.formatOf(fileName);
        if (claimed != null && (claimed.equals(u.format()) || u.layers().contains(claimed))) {
            return true;
        }
        for (Map.Entry<String, String> m : FORMAT_BY_MODULE.entrySet()) {
            String f = m.getValue();
            if ((f.equals(u.format()) || u.layers().contains(f)) && cmdLower.contains(m.getKey())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> fields(Episode ep, Upload lead, List<Evidence> evidence, Set<String> matched,
                                              CorrelationConfig config, String knownHostName) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("source.ip", ep.src);
        f.put("source.port", (long) lead.srcPort());
        f.put("destination.ip", ep.dst);
        f.put("destination.port", (long) lead.dstPort());
        f.put("network.transport", "tcp");
        f.put("network.direction", ep.direction);
        if (lead.protocol() != null) {
            f.put("network.protocol", lead.protocol());
        }
        EndpointEvent best = evidence.stream().filter(e -> e.ruleId() != null).map(Evidence::event)
                .findFirst().orElse(null);
        String hostName = best != null && best.get(Ecs.HOST_NAME) != null ? best.get(Ecs.HOST_NAME) : knownHostName;
        if (hostName != null) {
            f.put("host.name", hostName);
        }
        if (best != null) {
            putIfPresent(f, "user.name", best.get(Ecs.USER_NAME));
            putIfPresent(f, "process.executable", best.get(Ecs.PROCESS_EXECUTABLE));
            putIfPresent(f, "process.command_line", best.get(Ecs.PROCESS_COMMAND_LINE));
        }
        if (!lead.names().isEmpty()) {
            f.put("file.name", lead.names().get(0));
        }
        f.put("file.size", lead.size());
        putIfPresent(f, "file.hash.sha256", lead.sha256());
        putIfPresent(f, "file.hash.md5", lead.md5());
        putIfPresent(f, "url.original", lead.uri());
        putIfPresent(f, "tls.client.server_name", lead.serverName());
        f.put("related.ip", List.of(ep.src, ep.dst));
        if (hostName != null) {
            f.put("related.hosts", List.of(hostName));
        }
        f.put("dlp.format", lead.format());
        if (lead.document() != null) {
            f.put("dlp.document", lead.document());
        }
        f.put("dlp.class", lead.dataClass());
        f.put("dlp.bytes", ep.bytes);
        f.put("dlp.objects", objects(ep));
        if (ep.unlisted > 0) {
            f.put("dlp.objects_not_listed", (long) ep.unlisted);
        }
        if (!evidence.isEmpty()) {
            f.put("dlp.evidence", evidence(evidence));
        }
        Map<String, Object> corr = new LinkedHashMap<>();
        corr.put("matched", MATCH_ORDER.stream().filter(matched::contains).toList());
        corr.put("window_before_seconds", config.beforeNanos() / 1_000_000_000L);
        corr.put("window_after_seconds", config.afterNanos() / 1_000_000_000L);
        corr.put("first_upload", iso(ep.firstNanos));
        corr.put("last_upload", iso(ep.lastNanos));
        f.put("dlp.correlation", corr);
        return f;
    }

    private static List<Map<String, Object>> objects(Episode ep) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Upload u : ep.uploads) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("@timestamp", iso(u.timeNanos()));
            m.put("flow.id", u.flowId());
            m.put("source.port", (long) u.srcPort());
            m.put("destination.port", (long) u.dstPort());
            putIfPresent(m, "rule.id", u.networkRule());
            if (!u.names().isEmpty()) {
                m.put("file.name", u.names().get(0));
            }
            m.put("file.size", u.size());
            putIfPresent(m, "file.hash.sha256", u.sha256());
            m.put("dlp.format", u.format());
            if (!u.layers().isEmpty()) {
                m.put("dlp.layers", u.layers());
            }
            putIfPresent(m, "dlp.document", u.document());
            m.put("dlp.class", u.dataClass());
            putIfPresent(m, "network.protocol", u.protocol());
            if (u.truncated()) {
                m.put("dlp.truncated", true);
            }
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> evidence(List<Evidence> evidence) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Evidence ev : evidence) {
            EndpointEvent e = ev.event();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("@timestamp", iso(e.timestampNanos()));
            putIfPresent(m, "rule.id", ev.ruleId());
            putIfPresent(m, "rule.name", ev.ruleName());
            putIfPresent(m, "host.name", e.get(Ecs.HOST_NAME));
            putIfPresent(m, "process.executable", e.get(Ecs.PROCESS_EXECUTABLE));
            putIfPresent(m, "process.command_line", e.get(Ecs.PROCESS_COMMAND_LINE));
            putIfPresent(m, "file.path", e.get(Ecs.FILE_PATH));
            putIfPresent(m, "destination.ip", e.get(Ecs.DESTINATION_IP));
            m.put("event.category", e.category());
            m.put("event.module", e.sourceFormat());
            out.add(m);
        }
        return out;
    }

    /** ISO-8601 UTC; correlation does not reach into the output stage for its formatter. */
    private static String iso(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
                .toString();
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
