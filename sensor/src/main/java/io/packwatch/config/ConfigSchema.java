package io.packwatch.config;

import static io.packwatch.config.ConfigKey.Type.AUTO_OR_INT;
import static io.packwatch.config.ConfigKey.Type.BOOL;
import static io.packwatch.config.ConfigKey.Type.CIDRS;
import static io.packwatch.config.ConfigKey.Type.DURATION;
import static io.packwatch.config.ConfigKey.Type.INT;
import static io.packwatch.config.ConfigKey.Type.SIZE;
import static io.packwatch.config.ConfigKey.Type.STRING;
import static io.packwatch.config.ConfigKey.Type.STRINGS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every config key the sensor knows, with its default. {@code config/sensor.yaml} repeats these
 * defaults with comments; a test keeps the two in step.
 */
public final class ConfigSchema {
    private static final String[] POLICIES = {"first", "last", "bsd", "windows", "linux", "solaris"};

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.of("sensor.name", STRING, "packwatch", "observer.name in every record"),
            ConfigKey.of("sensor.home_networks", CIDRS,
                    List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
                    "networks that are 'ours': they decide network.direction (outbound, inbound, internal, external)"),
            ConfigKey.of("sensor.community_id_seed", INT, "0", "seed of the Community ID flow hash (match Zeek/Suricata)"),

            ConfigKey.of("capture.snaplen", INT, "262144", "bytes kept of each frame in live capture"),
            ConfigKey.of("capture.buffer_size", SIZE, "64MiB", "kernel capture buffer for live capture"),
            ConfigKey.of("capture.promiscuous", BOOL, "true", "put the interface in promiscuous mode"),
            ConfigKey.of("capture.immediate", BOOL, "true", "deliver packets as they arrive instead of batching"),
            ConfigKey.of("capture.read_timeout", DURATION, "100ms",
                    "longest wait for a packet before the sensor checks timers and shutdown"),
            ConfigKey.of("capture.max_frame_bytes", SIZE, "262144",
                    "largest record accepted from a capture file; a larger one marks the file corrupt"),

            ConfigKey.choice("decode.checksum_validation", "auto",
                    "keep packets with wrong checksums out of streams: yes, no, or auto (stop when the capture"
                            + " shows checksum offloading)", "auto", "yes", "no"),

            ConfigKey.choice("defrag.policy", "bsd", "which bytes win in overlapping IP fragments", POLICIES),
            ConfigKey.of("defrag.timeout", DURATION, "30s", "time to wait for a datagram's missing fragments"),
            ConfigKey.of("defrag.max_datagrams", INT, "65536", "datagrams being reassembled at once; the oldest is dropped"),
            ConfigKey.of("defrag.memcap", SIZE, "32MiB", "memory for buffered fragments; fragments beyond it are dropped"),

            ConfigKey.of("flow.max_flows", INT, "1000000", "flows tracked at once; the idlest is evicted beyond it"),
            ConfigKey.of("flow.timeout.tcp_new", DURATION, "30s", "idle time after which a half-open TCP flow ends"),
            ConfigKey.of("flow.timeout.tcp_established", DURATION, "5m", "idle time after which an open TCP flow ends"),
            ConfigKey.of("flow.timeout.tcp_closed", DURATION, "10s", "time a TCP flow lingers after FIN or RST"),
            ConfigKey.of("flow.timeout.udp", DURATION, "60s", "idle time after which a UDP flow ends"),
            ConfigKey.of("flow.timeout.other", DURATION, "60s", "idle time after which other IP flows end"),

            ConfigKey.choice("reassembly.policy", "bsd", "which bytes win in overlapping TCP segments", POLICIES),
            ConfigKey.of("reassembly.depth", SIZE, "64MiB",
                    "bytes per direction delivered to inspection; 0 for no limit"),
            ConfigKey.of("reassembly.memcap", SIZE, "256MiB", "memory for out-of-order TCP data across all flows"),
            ConfigKey.of("reassembly.max_ooo_bytes", SIZE, "4MiB",
                    "out-of-order bytes one direction may hold before the missing bytes are declared a gap"),
            ConfigKey.of("reassembly.max_ooo_segments", INT, "2048",
                    "out-of-order segments one direction may hold before the missing bytes are declared a gap"),

            ConfigKey.of("inspect.enabled", BOOL, "true", "inspect reassembled streams for archives, compressed and encrypted data"),
            ConfigKey.of("inspect.signatures", STRING, "signatures",
                    "directory of format signature files (*.yaml); relative paths start at the installation"),
            ConfigKey.of("inspect.window", SIZE, "64KiB", "bytes at the start of each object searched for formats"),
            ConfigKey.of("inspect.memcap", SIZE, "128MiB",
                    "memory for detection windows across all objects; beyond it objects are judged early"),
            ConfigKey.of("inspect.hashes", BOOL, "true", "SHA-256 and MD5 of every object that carries something"),
            ConfigKey.of("inspect.report_min_bytes", SIZE, "10MiB",
                    "objects this large get a packwatch.object record even when they carry nothing"),
            ConfigKey.of("alert.min_bytes", SIZE, "1KiB",
                    "outbound archives and encrypted data smaller than this raise no network alert"),
            ConfigKey.of("alert.downloads", BOOL, "false", "raise pw.net.archive_download for inbound archives too"),
            ConfigKey.of("alert.allow_destinations", CIDRS, List.of(),
                    "destination networks that never raise a network alert (backup targets, APM endpoints)"),

            ConfigKey.of("pipeline.workers", AUTO_OR_INT, "auto",
                    "flow worker threads beside the reader: auto (cores - 2 with 3+ cores, at most 8; none on 2 cores), or a number;"
                            + " 0 runs everything on the reader thread"),

            ConfigKey.of("output.flows", BOOL, "true", "write a packwatch.flow record for every flow"),
            ConfigKey.of("output.stats", BOOL, "true", "write a packwatch.stats record at the end of a run"),

            ConfigKey.of("siem.targets", STRINGS, List.of(),
                    "SIEM syslog receivers: tcp://host:port, udp://host:port, tls://host:port, each optionally with"
                            + " ?format=cef&framing=lf"),
            ConfigKey.choice("siem.format", "rfc5424", "message format sent to the SIEM",
                    "rfc5424", "cef", "leef", "json"),
            ConfigKey.choice("siem.tcp_framing", "octet_counting",
                    "message framing on TCP and TLS: octet_counting (RFC 6587/5425) or lf", "octet_counting", "lf"),
            ConfigKey.choice("siem.facility", "local0", "syslog facility of the messages", "kern", "user", "mail",
                    "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit",
                    "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
            ConfigKey.of("siem.hostname", STRING, "", "HOSTNAME in the syslog header; empty for this machine's name"),
            ConfigKey.of("siem.max_message_bytes", SIZE, "8KiB",
                    "largest message; longer values are cut (siem.truncated), 1KiB..1MiB"),
            ConfigKey.of("siem.queue_size", INT, "10000",
                    "alerts waiting per target for its sender thread; beyond it they are dropped (siem.dropped_queue_full)"),
            ConfigKey.of("siem.connect_timeout", DURATION, "5s", "time allowed for the TCP connect and the TLS handshake"),
            ConfigKey.of("siem.write_timeout", DURATION, "10s",
                    "a write blocked this long (receiver not reading) closes the connection; its alerts are resent"),
            ConfigKey.of("siem.reconnect.min_backoff", DURATION, "500ms", "first wait before reconnecting"),
            ConfigKey.of("siem.reconnect.max_backoff", DURATION, "60s", "longest wait between reconnects (doubling)"),
            ConfigKey.of("siem.resend_window", DURATION, "2s",
                    "alerts sent this shortly before a connection failure are sent again (at-least-once)"),
            ConfigKey.of("siem.flush_timeout", DURATION, "5s",
                    "time a shutdown spends delivering what is pending before spooling the rest"),
            ConfigKey.of("siem.spool.path", STRING, "spool/siem",
                    "directory of the per-target disk spools (relative to the working directory); empty for none"),
            ConfigKey.of("siem.spool.max_bytes", SIZE, "256MiB",
                    "disk space per target spool; beyond it alerts are dropped (siem.dropped_spool_full)"),
            ConfigKey.of("siem.spool.segment_bytes", SIZE, "4MiB", "size at which a spool segment file is closed"),
            ConfigKey.of("siem.spool.fsync", BOOL, "true", "force every spooled alert to disk before going on"),
            ConfigKey.of("siem.tls.ca", STRING, "", "CA certificates (PEM bundle or PKCS12) to trust; empty for the JDK's"),
            ConfigKey.of("siem.tls.cert", STRING, "", "client certificate chain (PEM) for mutual TLS"),
            ConfigKey.of("siem.tls.key", STRING, "", "client private key (unencrypted PKCS#8 PEM) for mutual TLS"),
            ConfigKey.of("siem.tls.keystore", STRING, "", "client certificate and key as PKCS12, instead of cert + key"),
            ConfigKey.of("siem.tls.keystore_password", STRING, "", "password of siem.tls.keystore"),
            ConfigKey.of("siem.leef.delimiter", STRING, "^", "LEEF 2.0 attribute delimiter: one punctuation character, or tab"));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey k : KEYS) {
            BY_NAME.put(k.name(), k);
        }
    }

    private ConfigSchema() {
    }

    public static List<ConfigKey> keys() {
        return KEYS;
    }

    public static ConfigKey key(String name) {
        return BY_NAME.get(name);
    }

    /** The closest known key to a misspelt one, for error messages. */
    static String suggest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : BY_NAME.keySet()) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(3, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
