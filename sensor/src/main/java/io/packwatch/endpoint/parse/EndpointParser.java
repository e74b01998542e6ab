package io.packwatch.endpoint.parse;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Syslog messages to {@link EndpointEvent}s. The syslog header is read first (RFC 5424, RFC 3164 and its
 * variants, collector file lines); the payload's format is then told by its content, never by port or tag:
 * event XML (Sysmon for Linux, Windows), JSON (Defender streaming API, Winlogbeat, laurel, NXLog), CEF, LEEF,
 * Snare, auditd records. Anything else becomes a {@code generic} event keeping the text and header.
 *
 * <p>Never throws. Empty, over-long and binary messages are rejected and counted
 * ({@code endpoint.rejected.<reason>}); a payload that announces a format and breaks it is counted
 * ({@code endpoint.malformed.<format>.<reason>}) and kept as a generic event. auditd records are joined
 * across messages, so events can come out of a later call, {@link #tick} or {@link #flush}.
 *
 * <p>Not thread-safe: one parser per receiving thread.
 */
public final class EndpointParser {
    /** Longest prefix looked behind for a payload. */
    private static final int MAX_PREFIX = 64;
    private final ParseConfig config;
    private final ParseCounters counters;
    private final SyslogHeaderParser headerParser;
    private final SyslogHeader header = new SyslogHeader();
    private final EventBuilder builder;
    private final JsonReader json;
    private final EventXmlParser xml;
    private final CefParser cef;
    private final LeefParser leef;
    private final SnareParser snare;
    private final AuditdParser auditd;
    private final NxlogParser nxlog;
    private final WinlogbeatParser winlogbeat = new WinlogbeatParser();
    private final LaurelParser laurel = new LaurelParser();
    private final MdeParser mde = new MdeParser();

    public EndpointParser(ParseConfig config, Counters registry) {
        this.config = config;
        this.counters = new ParseCounters(registry);
        this.headerParser = new SyslogHeaderParser(config.zone(), config.maxFields());
        this.builder = new EventBuilder(config, counters);
        this.json = new JsonReader(config.maxDepth(), (int) Math.min(1 << 20, (long) config.maxFields()
                * config.maxEventsPerMessage()));
        this.xml = new EventXmlParser(config);
        this.cef = new CefParser(config, counters);
        this.leef = new LeefParser(config, counters);
        this.snare = new SnareParser(config.zone());
        this.auditd = new AuditdParser(config, counters);
        this.nxlog = new NxlogParser(config.zone());
    }

    /**
     * Parses one message ({@code msg[off, off + len)}, as received: header and payload, no framing) and gives
     * its events to {@code sink}.
     *
     * @param sender the sender's address, or null offline
     * @param receivedNanos receive time, epoch nanoseconds: resolves year-less timestamps, stands in for
     *     a missing one, and drives the auditd join timeout
     */
    public void parse(byte[] msg, int off, int len, String sender, long receivedNanos, EventSink sink) {
        counters.messages.inc();
        try {
            while (len > 0 && isTrailer(msg[off + len - 1])) {
                len--;
            }
            if (len <= 0 || blank(msg, off, len)) {
                counters.rejectedEmpty.inc();
                return;
            }
            if (len > config.maxMessageBytes()) {
                counters.rejectedTooLong.inc();
                return;
            }
            if (Utf8.looksBinary(msg, off, len)) {
                counters.rejectedBinary.inc();
                return;
            }
            if (Utf8.invalidSequences(msg, off, len) > 0) {
                counters.invalidUtf8.inc();
            }
            String text = new String(msg, off, len, StandardCharsets.UTF_8);
            headerParser.parse(text, text.length(), receivedNanos, header);
            builder.startMessage(header, text, sender, receivedNanos, sink);
            payload(text, header.msgStart, text.length(), sender, receivedNanos, sink);
        } catch (RuntimeException e) {
            // a bug must cost one message, not the receiver
            counters.internalErrors.inc();
        }
    }

    /** {@link #parse(byte[], int, int, String, long, EventSink)} into a list. */
    public List<EndpointEvent> parse(byte[] msg, int off, int len, String sender, long receivedNanos) {
        List<EndpointEvent> out = new ArrayList<>(1);
        parse(msg, off, len, sender, receivedNanos, out::add);
        return out;
    }

    /** Completes auditd events open longer than {@code endpoint.parse.audit_timeout} at {@code nowNanos}. */
    public void tick(long nowNanos, EventSink sink) {
        try {
            auditd.expire(nowNanos, sink);
        } catch (RuntimeException e) {
            counters.internalErrors.inc();
        }
    }

    /** Completes every open auditd event (end of input, shutdown). */
    public void flush(EventSink sink) {
        try {
            auditd.flush(sink);
        } catch (RuntimeException e) {
            counters.internalErrors.inc();
        }
    }

    private void payload(String s, int from, int to, String sender, long received, EventSink sink) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        if (from >= to) {
            generic(s, from, to);
            return;
        }
        char c = s.charAt(from);
        if (c == '<' && (s.startsWith("<Event", from) || s.startsWith("<?xml", from))) {
            run(xml, "event_xml", s, from, to);
        } else if (c == '{') {
            jsonPayload(s, from, to);
        } else if (s.startsWith("CEF:", from)) {
            run(cef, "cef", s, from, to);
        } else if (s.startsWith("LEEF:", from)) {
            run(leef, "leef", s, from, to);
        } else if (s.startsWith("MSWinEventLog", from)) {
            run(snare, "snare", s, from, to);
        } else if (AuditdParser.matches(s, from, to)) {
            String error = auditd.record(s, from, to, header, sender, received, sink);
            if (error != null) {
                malformed("auditd", error, s, from, to);
            }
        } else {
            int behind = behindPrefix(s, from, to);
            if (behind > from) {
                payload(s, behind, to, sender, received, sink);
            } else {
                generic(s, from, to);
            }
        }
    }

    /**
     * A payload behind a short {@code word: } prefix the header did not take for a tag (a header without a
     * timestamp, {@code <13>sysmon: <Event>...}; relays that prepend their own label): where it starts, or -1.
     */
    private static int behindPrefix(String s, int from, int to) {
        int colon = s.indexOf(": ", from);
        if (colon < 0 || colon - from > MAX_PREFIX || colon + 2 >= to) {
            return -1;
        }
        int p = colon + 2;
        char c = s.charAt(p);
        boolean known = c == '{' || s.startsWith("<Event", p) || s.startsWith("<?xml", p) || s.startsWith("CEF:", p)
                || s.startsWith("LEEF:", p) || s.startsWith("MSWinEventLog", p) || AuditdParser.matches(s, p, to);
        return known ? p : -1;
    }

    private void run(PayloadParser parser, String format, String s, int from, int to) {
        String error = parser.parse(s, from, to, builder);
        if (error != null) {
            malformed(format, error, s, from, to);
        }
    }

    private void jsonPayload(String s, int from, int to) {
        Object v = json.read(s, from, to);
        Map<String, Object> o = JsonReader.object(v);
        if (o == null) {
            String why = v == null ? json.error() : "not_an_object";
            malformed("json", why, s, from, to);
            return;
        }
        if (MdeParser.matches(o)) {
            int skipped = mde.parse(o, builder);
            if (skipped > 0) {
                counters.malformed("mde", "not_a_record").add(skipped);
            }
        } else if (WinlogbeatParser.matches(o)) {
            winlogbeat.parse(o, builder);
        } else if (LaurelParser.matches(o)) {
            laurel.parse(o, builder);
        } else if (NxlogParser.matches(o)) {
            nxlog.parse(o, builder);
        } else {
            generic(s, from, to);
        }
    }

    private void malformed(String format, String reason, String s, int from, int to) {
        counters.malformed(format, reason).inc();
        if ("too_deep".equals(reason)) {
            counters.depth.inc();
        }
        generic(s, from, to);
    }

    private void generic(String s, int from, int to) {
        builder.begin();
        builder.put(Ecs.MESSAGE, s.substring(from, to));
        builder.emit(Times.NONE, null, "other", "generic");
    }

    private static boolean isTrailer(byte b) {
        return b == '\n' || b == '\r' || b == 0;
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
