package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.Settings;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.endpoint.ingest.FramingHarness;
import io.packwatch.endpoint.parse.EndpointParser;
import io.packwatch.endpoint.parse.ParseConfig;
import io.packwatch.stats.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Syslog from the network: the RFC 6587 framing (octet counting or LF/NUL-terminated, mixed) of a TCP stream cut
 * into reads anywhere, and the endpoint payload parsers on arbitrary messages.
 */
class SyslogFuzzTest {
    /** Tight limits, so that short inputs reach them. */
    private static final ParseConfig TIGHT;

    static {
        ParseConfig d = ParseConfig.from(Settings.defaults());
        TIGHT = new ParseConfig(d.maxMessageBytes(), 64, 16, 8, 4, d.zone(), d.auditTimeoutNanos(), 4,
                d.auditMaxRecords(), 32);
    }

    private final ParseConfig parseConfig = TIGHT;

    /**
     * Byte 0: the message limit (16 << (b & 7)); byte 1: how many read cuts follow (b & 15), each one byte, a
     * distance from the previous cut; the rest is the stream.
     *
     * <p>Invariants: the messages do not depend on where the reads end (the stream read whole gives the same);
     * none is empty or longer than the limit; the truncated flags agree with the counter; nothing is dropped.
     */
    @PackwatchFuzzTest
    void framing(byte[] in) throws InterruptedException {
        if (in.length < 2) {
            return;
        }
        int max = 16 << (in[0] & 7);
        int nCuts = Math.min(in[1] & 15, in.length - 2);
        byte[] stream = java.util.Arrays.copyOfRange(in, 2 + nCuts, in.length);
        int[] cuts = new int[nCuts];
        int at = 0;
        for (int i = 0; i < nCuts; i++) {
            at += 1 + (in[2 + i] & 0xFF);
            cuts[i] = at;
        }
        FramingHarness.Result chopped = FramingHarness.frame(stream, cuts, max);
        FramingHarness.Result whole = FramingHarness.frame(stream, new int[0], max);
        assertEquals(whole.messages(), chopped.messages(), "messages depend on the read boundaries " + cutsText(cuts));
        assertEquals(whole.truncated(), chopped.truncated());
        assertEquals(whole.framingErrors(), chopped.framingErrors(), "framing errors");
        assertEquals(0, chopped.dropped());
        assertEquals(chopped.received(), chopped.messages().size());
        long flagged = 0;
        for (int i = 0; i < chopped.messages().size(); i++) {
            int len = chopped.messages().get(i).length();
            assertTrue(len >= 1 && len <= max, "message of " + len + " bytes, limit " + max);
            flagged += chopped.truncated().get(i) ? 1 : 0;
        }
        assertEquals(chopped.truncatedCount(), flagged, "truncated counter vs flags");
    }

    private static String cutsText(int[] cuts) {
        return java.util.Arrays.toString(cuts);
    }

    /**
     * The input split at LF into messages, each parsed as received over syslog, then the auditd joins flushed.
     * Invariants: no internal error (the parser counts a RuntimeException and drops the message, hiding it),
     * at most {@code endpoint.parse.max_events_per_message} events per message, bounded field values.
     */
    @PackwatchFuzzTest
    void payloads(byte[] in) {
        Counters counters = new Counters();
        EndpointParser parser = new EndpointParser(parseConfig, counters);
        List<EndpointEvent> events = new ArrayList<>();
        long now = 1_764_500_000_000_000_000L;
        int start = 0;
        for (int i = 0; i <= in.length; i++) {
            if (i == in.length || in[i] == '\n') {
                int before = events.size();
                parser.parse(in, start, i - start, "192.0.2.7", now += 1_000_000, events::add);
                assertTrue(events.size() - before <= parseConfig.maxEventsPerMessage(), "events of one message");
                start = i + 1;
            }
        }
        parser.flush(events::add);
        assertEquals(0, counters.get("endpoint.internal_errors"), "a parser threw");
        for (EndpointEvent e : events) {
            assertTrue(e.fields().size() <= parseConfig.maxFields(), e.fields().size() + " fields: " + e.fields());
            for (Map.Entry<String, String> f : e.fields().entrySet()) {
                assertTrue(f.getKey().length() <= parseConfig.maxFieldNameChars(), "a field name of "
                        + f.getKey().length() + " chars");
                assertTrue(f.getValue().length() <= parseConfig.maxFieldChars(),
                        f.getKey() + " of " + f.getValue().length() + " chars");
            }
        }
    }
}
