package io.packwatch.output.siem;

import io.packwatch.config.ConfigException;
import io.packwatch.config.Settings;
import io.packwatch.correlate.Alert;
import io.packwatch.stats.Counters;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Forwards alerts to one or more SIEMs over syslog (RFC 5424, CEF, LEEF or JSON; UDP, TCP or
 * TLS), each target on its own sender thread with its own disk spool. {@link #send} never blocks
 * beyond a bounded enqueue; {@link #close} (the SIGTERM path) delivers or spools everything
 * pending. See README.md, "Forwarding to a SIEM", for the config keys and delivery semantics.
 */
public final class SiemForwarder implements Closeable {
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3",
        "local4", "local5", "local6", "local7"};

    private final List<TargetSender> senders;
    private final SiemStats stats;
    private final Counters counters;
    private final long flushTimeoutNanos;
    private final Thread watchdog;
    private volatile boolean closed;

    private SiemForwarder(List<TargetSender> senders, SiemStats stats, Counters counters, long flushTimeoutNanos) {
        this.senders = senders;
        this.stats = stats;
        this.counters = counters;
        this.flushTimeoutNanos = flushTimeoutNanos;
        this.watchdog = new Thread(this::watch, "siem-watchdog");
        watchdog.setDaemon(true);
        senders.forEach(TargetSender::start);
        if (!senders.isEmpty()) {
            watchdog.start();
        }
    }

    /**
     * Builds the forwarder from the {@code siem.*} settings.
     *
     * @param extraTargets targets from the command line ({@code --siem}), added to {@code siem.targets}
     * @param format {@code --siem-format}, or null for {@code siem.format}
     * @param counters where {@link #close} publishes the {@code siem.*} counters (may be null)
     * @throws ConfigException for a bad target, format or TLS file
     */
    public static SiemForwarder fromSettings(Settings s, List<String> extraTargets, String format, Counters counters) {
        return fromSettings(s, extraTargets, format, counters, System.err);
    }

    static SiemForwarder fromSettings(Settings s, List<String> extraTargets, String format, Counters counters,
                                      PrintStream log) {
        try {
            SiemFormat defaultFormat = SiemFormat.parse(format != null ? format : s.string("siem.format"));
            Framing framing = Framing.parse(s.string("siem.tcp_framing"));
            List<SiemTarget> targets = new ArrayList<>();
            for (String t : s.strings("siem.targets")) {
                targets.add(SiemTarget.parse(t, defaultFormat, framing));
            }
            for (String t : extraTargets) {
                targets.add(SiemTarget.parse(t, defaultFormat, framing));
            }
            long maxMessage = s.bytes("siem.max_message_bytes");
            if (maxMessage < 1024 || maxMessage > 1 << 20) {
                throw new IllegalArgumentException("siem.max_message_bytes must be 1KiB..1MiB, got " + maxMessage);
            }
            SiemOptions options = new SiemOptions(Math.max(1, s.integer("siem.queue_size")), (int) maxMessage,
                    (int) Math.max(1, s.nanos("siem.connect_timeout") / 1_000_000L), s.nanos("siem.write_timeout"),
                    s.nanos("siem.reconnect.min_backoff"), Math.max(s.nanos("siem.reconnect.min_backoff"),
                    s.nanos("siem.reconnect.max_backoff")), s.nanos("siem.resend_window"), s.nanos("siem.flush_timeout"));
            SyslogHeader header = new SyslogHeader(facility(s.string("siem.facility")), hostname(s),
                    Long.toString(ProcessHandle.current().pid()));
            String version = SiemForwarder.class.getPackage().getImplementationVersion();
            version = version == null ? "dev" : version;
            String delimiter = s.string("siem.leef.delimiter");
            char leefDelimiter = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? '\t'
                    : delimiter.length() == 1 ? delimiter.charAt(0) : 0;
            SSLContext tls = null;
            SiemStats stats = new SiemStats();
            List<TargetSender> senders = new ArrayList<>();
            Set<String> slugs = new HashSet<>();
            for (SiemTarget t : targets) {
                AlertFormatter f = switch (t.format()) {
                    case RFC5424 -> new Rfc5424Formatter(header, s.string("sensor.name"));
                    case CEF -> new CefFormatter(header, version);
                    case LEEF -> new LeefFormatter(header, version, leefDelimiter);
                    case JSON -> new JsonFormatter(s.string("sensor.name"));
                };
                if (t.transport() == SiemTarget.Transport.TLS && tls == null) {
                    tls = TlsContexts.create(s.string("siem.tls.ca"), s.string("siem.tls.cert"), s.string("siem.tls.key"),
                            s.string("siem.tls.keystore"), s.string("siem.tls.keystore_password"));
                }
                Spool spool = null;
                String spoolPath = s.string("siem.spool.path");
                if (t.transport() != SiemTarget.Transport.UDP && !spoolPath.isEmpty()) {
                    String slug = t.slug();
                    for (int i = 2; !slugs.add(slug); i++) {
                        slug = t.slug() + "-" + i;
                    }
                    long max = s.bytes("siem.spool.max_bytes");
                    long segment = Math.max(4096, Math.min(s.bytes("siem.spool.segment_bytes"), max / 4));
                    spool = new Spool(Path.of(spoolPath).resolve(slug), max, segment, s.bool("siem.spool.fsync"), stats);
                }
                senders.add(new TargetSender(t, new SizedFormatter(f, (int) maxMessage), new Connector(t,
                        options.connectTimeoutMillis(), tls), spool, options, stats, log));
            }
            return new SiemForwarder(senders, stats, counters, options.flushTimeoutNanos());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SIEM forwarding: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("SIEM forwarding: cannot open the spool: " + e.getMessage());
        }
    }

    private static int facility(String name) {
        for (int i = 0; i < FACILITIES.length; i++) {
            if (FACILITIES[i].equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown syslog facility '" + name + "' (known: " + String.join(", ", FACILITIES) + ")");
    }

    private static String hostname(Settings s) {
        String configured = s.string("siem.hostname");
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return s.string("sensor.name");
        }
    }

    /** Whether any target is configured. */
    public boolean enabled() {
        return !senders.isEmpty();
    }

    public List<SiemTarget> targets() {
        return senders.stream().map(TargetSender::target).toList();
    }

    /** Hands the alert to every target's queue; never blocks. A full queue drops it (siem.dropped_queue_full). */
    public void send(Alert alert) {
        for (TargetSender t : senders) {
            t.offer(alert);
        }
    }

    /**
     * Waits (up to {@code siem.flush_timeout}) until every alert handed over so far has been sent or
     * spooled, and spooled ones replayed where the target is up. True if that happened in time.
     */
    public boolean flush() {
        boolean all = true;
        try {
            for (TargetSender t : senders) {
                all &= t.awaitIdle(flushTimeoutNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return all;
    }

    public SiemStats stats() {
        return stats;
    }

    /**
     * Sends or spools everything pending and stops the senders; bounded by {@code siem.flush_timeout}
     * (plus the write timeout for a receiver that stopped reading). Publishes the counters.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        senders.forEach(TargetSender::beginClose);
        try {
            for (TargetSender t : senders) {
                t.join(flushTimeoutNanos / 1_000_000L + 2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.interrupt();
        if (counters != null) {
            stats.publish(counters);
        }
    }

    private void watch() {
        while (true) {
            long now = System.nanoTime();
            for (TargetSender t : senders) {
                t.checkStuck(now);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
