package io.packwatch.config;

import static io.packwatch.config.ConfigKey.Type.AUTO_OR_INT;
import static io.packwatch.config.ConfigKey.Type.BOOL;
import static io.packwatch.config.ConfigKey.Type.CIDRS;
import static io.packwatch.config.ConfigKey.Type.DURATION;
import static io.packwatch.config.ConfigKey.Type.INT;
import static io.packwatch.config.ConfigKey.Type.SIZE;
import static io.packwatch.config.ConfigKey.Type.STRING;

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

            ConfigKey.of("http.enabled", BOOL, "true",
                    "parse HTTP/1.x (found by content, on any port): bodies and multipart parts become objects"),
            ConfigKey.of("http.max_initial_line", SIZE, "8KiB", "longest request or status line (http.limit.initial_line)"),
            ConfigKey.of("http.max_header_bytes", SIZE, "64KiB",
                    "largest header block of a message or multipart part (http.limit.header_bytes)"),
            ConfigKey.of("http.max_decoded_bytes", SIZE, "64MiB",
                    "most bytes decoded from one Content-Encoding'd body (http.limit.decoded_bytes)"),
            ConfigKey.of("http.max_decode_ratio", INT, "1000",
                    "most decoded bytes per encoded byte once 1 MiB is decoded: a decompression bomb (http.limit.decode_ratio)"),
            ConfigKey.of("http.max_encoding_layers", INT, "3",
                    "most Content-Encoding layers undone for one body (http.limit.encoding_layers)"),
            ConfigKey.of("http.max_pending_requests", INT, "64",
                    "requests of one flow waiting for their responses (http.limit.pending_requests)"),
            ConfigKey.of("tls.enabled", BOOL, "true", "read TLS ClientHello and ServerHello (on any port): SNI, version, cipher, ALPN"),
            ConfigKey.of("tls.max_hello_bytes", SIZE, "16KiB",
                    "bytes held per direction while its hello arrives (tls.limit.hello_bytes)"),

            ConfigKey.of("pipeline.workers", AUTO_OR_INT, "auto",
                    "flow worker threads beside the reader: auto (cores - 2 with 3+ cores, at most 8; none on 2 cores), or a number;"
                            + " 0 runs everything on the reader thread"),

            ConfigKey.of("output.flows", BOOL, "true", "write a packwatch.flow record for every flow"),
            ConfigKey.of("output.stats", BOOL, "true", "write a packwatch.stats record at the end of a run"));

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
