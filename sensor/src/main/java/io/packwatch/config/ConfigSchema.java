package io.packwatch.config;

import static io.packwatch.config.ConfigKey.Type.AUTO_OR_INT;
import static io.packwatch.config.ConfigKey.Type.BOOL;
import static io.packwatch.config.ConfigKey.Type.CIDRS;
import static io.packwatch.config.ConfigKey.Type.DURATION;
import static io.packwatch.config.ConfigKey.Type.INT;
import static io.packwatch.config.ConfigKey.Type.SIZE;
import static io.packwatch.config.ConfigKey.Type.STRING;
import static io.packwatch.config.ConfigKey.Type.PORTS;
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

            ConfigKey.of("run.user", STRING, "",
                    "switch to this user once capture is open and listeners are bound (needs root); empty = stay"),

            ConfigKey.of("capture.snaplen", INT, "262144", "bytes kept of each frame in live capture"),
            ConfigKey.of("capture.buffer_size", SIZE, "64MiB", "kernel capture buffer for live capture"),
            ConfigKey.of("capture.promiscuous", BOOL, "true", "put the interface in promiscuous mode"),
            ConfigKey.of("capture.immediate", BOOL, "true", "deliver packets as they arrive instead of batching"),
            ConfigKey.of("capture.read_timeout", DURATION, "100ms",
                    "longest wait for a packet before the sensor checks timers and shutdown"),
            ConfigKey.of("capture.max_frame_bytes", SIZE, "262144",
                    "largest record accepted from a capture file; a larger one marks the file corrupt"),
            ConfigKey.of("capture.retry_interval", DURATION, "1s",
                    "live capture: first wait before reopening an interface that failed (went down, deleted); doubles"),
            ConfigKey.of("capture.retry_max_interval", DURATION, "30s", "live capture: longest wait between reopen attempts"),
            ConfigKey.of("capture.max_retries", INT, "0",
                    "live capture: failed reopen attempts in a row before the sensor gives up (exit 4); 0 = never"),

            ConfigKey.choice("decode.checksum_validation", "auto",
                    "keep packets with wrong checksums out of streams: yes, no, or auto (stop when the capture"
                            + " shows checksum offloading)", "auto", "yes", "no"),

            ConfigKey.choice("defrag.policy", "bsd",
                    "which bytes win in overlapping IPv4 fragments (IPv6 overlaps discard the datagram, RFC 5722)", POLICIES),
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
            ConfigKey.of("reassembly.max_ttl_drop", INT, "10",
                    "a segment whose TTL is more than this below its direction's first packet's is an insertion"
                            + " that dies before the receiver: kept out of the stream (reassembly.low_ttl_ignored); 0 = off"),

            ConfigKey.of("inspect.enabled", BOOL, "true",
                    "inspect reassembled streams for archives, compressed and encrypted data (off: HTTP and TLS are still parsed)"),
            ConfigKey.of("inspect.signatures", STRING, "signatures",
                    "directory of format signature files (*.yaml); relative paths start at the installation"),
            ConfigKey.of("inspect.window", SIZE, "64KiB", "bytes at the start of each object searched for formats"),
            ConfigKey.of("inspect.udp", BOOL, "true",
                    "inspect UDP payloads: each direction of a UDP flow is one object, its datagrams end to end; only"
                            + " structure counts there (a format, or compressed data that decodes), never the statistics"),
            ConfigKey.of("inspect.memcap", SIZE, "128MiB",
                    "memory for detection windows across all objects; when full, the idlest object is judged on"
                            + " what it has and gives its window back (inspect.memcap_reclaims)"),
            ConfigKey.of("inspect.hashes", BOOL, "true", "SHA-256 and MD5 of every object that carries something (not of TLS or SSH streams that hold no known format)"),
            ConfigKey.of("inspect.report_min_bytes", SIZE, "10MiB",
                    "objects this large get a packwatch.object record even when they carry nothing"),
            ConfigKey.of("inspect.midstream_ssh_ports", PORTS, List.of("22"),
                    "server ports whose connections, picked up mid-stream (no handshake, no banner seen), are taken"
                            + " as SSH when their bytes are not text: no pw.net.encrypted_upload"
                            + " (inspect.ssh_by_port); empty = none"),
            // nested layers and archive listing, for objects with a validated format
            ConfigKey.of("inspect.max_layers", INT, "4",
                    "decoding steps (text encodings, compressions) taken into one object (inspect.max_layers_hits)"),
            ConfigKey.of("inspect.nested.decode_limit", SIZE, "64KiB",
                    "output bytes decoded per layer (inspect.nested.decode_limit_hits)"),
            ConfigKey.of("inspect.archive.max_ratio", INT, "100",
                    "a decode that fills its limit at more output bytes per input byte than this is a decompression bomb"
                            + " (inspect.bombs)"),
            ConfigKey.of("inspect.archive.max_entries", INT, "10000",
                    "archive entries read per listing (inspect.archive.max_entries_hits)"),
            ConfigKey.of("inspect.archive.listed_entries", INT, "20",
                    "archive entries written per object record (inspect.archive.listing_capped)"),
            // classification of objects with no known format: trial decoding as headerless compressed streams
            ConfigKey.of("inspect.entropy.trial_decode", BOOL, "true",
                    "trial-decode high-entropy objects from their first byte as headerless deflate, LZMA, LZMA2,"
                            + " bzip2, zstd and LZ4 streams, and search those the statistics call encrypted for an xz"
                            + " chunk header or a deflate block; a success classifies them compressed"),
            ConfigKey.of("inspect.entropy.trial_budget", SIZE, "4KiB",
                    "output bytes each trial decoder may produce per object (inspect.entropy.trial_budget_hits)"),
            ConfigKey.of("inspect.entropy.resync_scan", SIZE, "16KiB",
                    "bytes of a high-entropy object the statistics call encrypted that are searched, at every bit,"
                            + " for the start of a deflate block (deflate cut from inside its stream); 0 turns it off"
                            + " (inspect.entropy.resync_hits)"),
            ConfigKey.of("alert.min_bytes", SIZE, "1KiB",
                    "outbound archives and encrypted data smaller than this raise no network alert"),
            ConfigKey.of("alert.downloads", BOOL, "false", "raise pw.net.archive_download for inbound archives too"),
            ConfigKey.of("alert.documents", BOOL, "false",
                    "count documents whose format compresses their content (Office, OpenDocument, PDF, PNG) as archives"),
            ConfigKey.of("alert.allow_destinations", CIDRS, List.of(),
                    "destination networks that never raise a network alert (backup targets, APM endpoints)"),
            ConfigKey.of("alert.allow_domains", STRINGS, List.of(),
                    "destination names (TLS SNI, HTTP Host; suffix match) whose uploads never alert: APM, telemetry, registries"),

            // endpoint syslog receivers (endpoint.ingest)
            ConfigKey.of("endpoint.listen", STRINGS, List.of(),
                    "syslog listeners: udp://ADDR:PORT, tcp://ADDR:PORT, tls://ADDR:PORT; empty = no receiver"),
            ConfigKey.of("endpoint.allow_senders", CIDRS, List.of(),
                    "networks that may send syslog; others are refused (endpoint.refused_senders); empty = all"),
            ConfigKey.of("endpoint.max_message_bytes", SIZE, "64KiB",
                    "longest syslog message kept; longer ones are cut and counted (endpoint.truncated)"),
            ConfigKey.of("endpoint.queue", INT, "32768",
                    "messages waiting for the endpoint parsers; beyond it they are dropped (endpoint.dropped)"),
            ConfigKey.of("endpoint.queue_memory", SIZE, "64MiB",
                    "bytes of messages waiting for the endpoint parsers; beyond it they are dropped (endpoint.dropped)"),
            ConfigKey.of("endpoint.io_threads", INT, "2", "network threads of the syslog receivers"),
            ConfigKey.of("endpoint.udp.receive_buffer", SIZE, "8MiB",
                    "kernel receive buffer (SO_RCVBUF) of each UDP listener; capped by net.core.rmem_max"),
            ConfigKey.of("endpoint.tcp.idle_timeout", DURATION, "5m",
                    "a TCP/TLS connection that completes no message for this long is closed (endpoint.idle_timeouts)"),
            ConfigKey.of("endpoint.tcp.max_connections", INT, "1024",
                    "TCP and TLS connections open at once; more are closed (endpoint.connections_over_limit)"),
            ConfigKey.of("endpoint.tls.cert", STRING, "", "PEM certificate chain of the TLS listener, server certificate first"),
            ConfigKey.of("endpoint.tls.key", STRING, "", "PEM PKCS#8 private key (BEGIN PRIVATE KEY, unencrypted) of the TLS listener"),
            ConfigKey.of("endpoint.tls.client_ca", STRING, "",
                    "PEM CA bundle; when set, TLS clients must present a certificate signed by one of them"),
            ConfigKey.of("endpoint.tls.handshake_timeout", DURATION, "10s",
                    "time a TLS client has to finish the handshake (endpoint.tls_handshake_failures)"),

            ConfigKey.of("endpoint.parse.max_message_bytes", SIZE, "1MiB",
                    "longer syslog messages are rejected (endpoint.rejected.too_long)"),
            ConfigKey.of("endpoint.parse.max_field_chars", INT, "32768",
                    "longer field values are cut (endpoint.limit.field_chars)"),
            ConfigKey.of("endpoint.parse.max_field_name_chars", INT, "256",
                    "a field whose name is longer is dropped (endpoint.limit.field_name_chars)"),
            ConfigKey.of("endpoint.parse.max_fields", INT, "256",
                    "fields kept per endpoint event; more are dropped (endpoint.limit.fields)"),
            ConfigKey.of("endpoint.parse.max_depth", INT, "32",
                    "JSON and XML nesting allowed in a payload; deeper is malformed (endpoint.limit.depth)"),
            ConfigKey.of("endpoint.parse.max_events_per_message", INT, "256",
                    "events one message (a Defender batch) may yield (endpoint.limit.events_per_message)"),
            ConfigKey.of("endpoint.parse.timezone", STRING, "UTC",
                    "time zone of endpoint timestamps that carry none (BSD syslog, NXLog EventTime, Snare)"),
            ConfigKey.of("endpoint.parse.audit_timeout", DURATION, "2s",
                    "an auditd event without its EOE record is complete this long after its first record"),
            ConfigKey.of("endpoint.parse.audit_max_pending", INT, "4096",
                    "auditd events being joined at once (one per host); the oldest is completed beyond it"
                            + " (endpoint.audit.evicted)"),
            ConfigKey.of("endpoint.parse.audit_max_records", INT, "128",
                    "records joined into one auditd event; later ones are dropped (endpoint.audit.records_dropped)"),

            ConfigKey.of("endpoint.sigma.enabled", BOOL, "true", "evaluate endpoint events against the Sigma rules"),
            ConfigKey.of("endpoint.sigma.builtin_rules", STRING, "signatures/sigma",
                    "directory of the built-in Sigma rules (T1560.002 analytics); relative paths start at the installation;"
                            + " empty to load none"),
            ConfigKey.of("endpoint.sigma.rules", STRING, "",
                    "a directory of your own Sigma rules (*.yml, *.yaml, recursively), loaded after the built-in ones"),
            ConfigKey.of("endpoint.sigma.regex_budget", INT, "1000000",
                    "characters one rule regex may read in one field value; beyond it the rule does not match that event"
                            + " (endpoint.sigma.regex_budget_hits)"),
            ConfigKey.of("endpoint.sigma.forwarded_keywords", STRINGS,
                    List.of("t1560", "archive", "compress", "zlib", "gzip", "bzip", "zip", "7-zip", "winrar"),
                    "words in a pre-fired EDR/CEF/LEEF alert's rule name that make it an endpoint alert (pw.edr.forwarded)"),
            ConfigKey.of("analytics.monitored_libraries", STRINGS,
                    List.of("*\\zlib.dll", "*\\zlib1.dll", "*\\zlibwapi.dll", "*\\bzip2.dll", "*\\libbzip2.dll",
                            "*\\libzip.dll", "*\\minizip.dll", "*/libz.so*", "*/libbz2.so*", "*/libzip.so*",
                            "*/libz.*dylib", "*/libarchive.*dylib"),
                    "%monitored_libraries%: compression libraries whose loading is watched (Sigma wildcard patterns of the full path)"),
            ConfigKey.of("analytics.library_allowlist", STRINGS,
                    List.of("C:\\Windows\\System32\\", "C:\\Windows\\SysWOW64\\", "C:\\Windows\\WinSxS\\",
                            "C:\\Program Files\\7-Zip\\", "C:\\Program Files (x86)\\7-Zip\\",
                            "C:\\Program Files\\WinRAR\\", "C:\\Program Files (x86)\\WinRAR\\"),
                    "%library_allowlist%: folders (path prefixes) a compression library may be loaded from without an alert"),
            ConfigKey.of("analytics.process_allowlist", STRINGS,
                    List.of("C:\\Program Files\\7-Zip\\", "C:\\Program Files (x86)\\7-Zip\\",
                            "C:\\Program Files\\WinRAR\\", "C:\\Program Files (x86)\\WinRAR\\"),
                    "%process_allowlist%: processes (path prefixes) expected to compress: archivers, backup and ETL jobs, agents"),
            ConfigKey.of("analytics.suspicious_extensions", STRINGS,
                    List.of(".gz", ".bz2", ".zlib", ".lz", ".lzma", ".xz", ".zip", ".rar", ".7z", ".tar", ".tgz", ".zst"),
                    "%suspicious_extensions%: archive file name endings watched in staging paths"),
            ConfigKey.of("analytics.archive_paths", STRINGS,
                    List.of("\\Temp\\", "\\tmp\\", "\\AppData\\", "\\ProgramData\\", "\\Users\\Public\\",
                            "/tmp/", "/var/tmp/", "/dev/shm/", "/home/", "/Users/Shared/", "/private/tmp/"),
                    "%archive_paths%: staging folders (path parts) where archives written by interpreters raise an alert"),
            ConfigKey.of("analytics.user_context", STRINGS, List.of(),
                    "%user_context%: accounts whose compression is expected (backup, ETL service accounts); Sigma patterns"),

            ConfigKey.of("correlate.window_before", DURATION, "10m",
                    "endpoint evidence this long before an upload joins it (the archive is built first)"),
            ConfigKey.of("correlate.window_after", DURATION, "2m",
                    "endpoint evidence this long after an upload still joins it; an episode's alert waits for it"),
            ConfigKey.of("correlate.hosts", STRINGS, List.of(),
                    "host name to address map for endpoint events that carry no IP, as name=ip entries"),
            ConfigKey.of("correlate.trust_sender", BOOL, "true",
                    "attribute an endpoint event without host IP to its syslog sender's address (hosts sending their own logs)"),
            ConfigKey.of("correlate.tls_min_bytes", SIZE, "16KiB",
                    "outbound TLS sessions at least this large are weighed as possible uploads (with endpoint evidence only)"),
            ConfigKey.of("correlate.allow_processes", STRINGS, List.of(),
                    "endpoint processes (path or file name) whose activity is not evidence: backup agents, installers, build tools"),
            ConfigKey.of("correlate.allow_users", STRINGS, List.of(), "endpoint users whose activity is not evidence"),
            ConfigKey.of("correlate.max_episodes", INT, "100000",
                    "upload episodes open at once; beyond it the oldest is scored early"),
            ConfigKey.of("correlate.max_evidence", INT, "200000",
                    "endpoint evidence events held for joining; beyond it the oldest is forgotten"),
            ConfigKey.of("correlate.max_objects_listed", INT, "50", "objects listed in one alert; the rest are counted"),

            ConfigKey.of("http.enabled", BOOL, "true",
                    "parse HTTP/1.x (found by content, on any port): bodies and multipart parts become objects"),
            ConfigKey.of("http.max_initial_line", SIZE, "8KiB", "longest request or status line (http.limit.initial_line)"),
            ConfigKey.of("http.max_header_bytes", SIZE, "64KiB",
                    "largest header block of a message or multipart part (http.limit.header_bytes)"),
            ConfigKey.of("http.max_decoded_bytes", SIZE, "64MiB",
                    "most bytes decoded from one Content-Encoding'd body or compressed WebSocket message"
                            + " (http.limit.decoded_bytes, websocket.limit.decoded_bytes)"),
            ConfigKey.of("http.max_decode_ratio", INT, "1000",
                    "most decoded bytes per encoded byte once 1 MiB is decoded: a decompression bomb"
                            + " (http.limit.decode_ratio, websocket.limit.decode_ratio)"),
            ConfigKey.of("http.max_encoding_layers", INT, "3",
                    "most Content-Encoding layers undone for one body (http.limit.encoding_layers)"),
            ConfigKey.of("http.max_pending_requests", INT, "64",
                    "requests of one flow waiting for their responses (http.limit.pending_requests)"),
            ConfigKey.of("http.websocket", BOOL, "true",
                    "read connections upgraded to WebSocket as frames: each message, unmasked and with permessage-deflate"
                            + " undone, becomes an object; off: such a connection is a raw stream"),
            ConfigKey.of("http.websocket_memcap", SIZE, "32MiB",
                    "native memory the permessage-deflate inflaters of a worker may hold, 48 KiB each; past it compressed"
                            + " WebSocket messages are inspected as sent (websocket.memcap_hits)"),
            ConfigKey.of("http.memcap", SIZE, "64MiB",
                    "memory all HTTP parsers may hold (buffers, unfinished message heads); past it a direction is"
                            + " inspected as a raw stream (http.memcap_hits)"),
            ConfigKey.of("tls.enabled", BOOL, "true", "read TLS ClientHello and ServerHello (on any port): SNI, version, cipher, ALPN"),
            ConfigKey.of("tls.max_hello_bytes", SIZE, "16KiB",
                    "bytes held per direction while its hello arrives (tls.limit.hello_bytes)"),

            ConfigKey.of("pipeline.workers", AUTO_OR_INT, "auto",
                    "flow worker threads beside the reader: auto (cores - 2 with 3+ cores, at most 8; on 2 cores one with inspection on, none with it off), or a number;"
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
