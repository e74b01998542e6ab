package io.packwatch.endpoint.ingest;

import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Runs the TCP/TLS syslog framing ({@link SyslogStreamHandler}) over one connection's bytes cut into reads where
 * the caller says, for the fuzz target outside this package.
 */
public final class FramingHarness {
    /** What came out: the messages in order, and the counters. */
    public record Result(List<String> messages, List<Boolean> truncated, long received, long truncatedCount,
                         long framingErrors, long dropped) {
    }

    private FramingHarness() {
    }

    /**
     * @param cuts read boundaries (offsets into {@code stream}, ascending; others ignored)
     */
    public static Result frame(byte[] stream, int[] cuts, int maxMessage) throws InterruptedException {
        Collector collector = new Collector();
        IngestCounters counters = new IngestCounters();
        MessageQueue queue = new MessageQueue(4096, 64 << 20, counters, collector);
        try {
            SyslogStreamHandler framer = new SyslogStreamHandler(Transport.TCP, maxMessage, 0, queue, counters);
            int from = 0;
            for (int cut : cuts) {
                if (cut > from && cut < stream.length) {
                    framer.frame(Unpooled.wrappedBuffer(stream, from, cut - from), 0);
                    from = cut;
                }
            }
            if (from < stream.length) {
                framer.frame(Unpooled.wrappedBuffer(stream, from, stream.length - from), 0);
            }
            long expected = counters.received(Transport.TCP) - counters.dropped.sum();
            List<Collector.Msg> msgs = collector.await((int) expected);
            if (msgs.size() != expected) {
                throw new AssertionError(msgs.size() + " messages handed on of " + expected + " queued");
            }
            return new Result(msgs.stream().map(Collector.Msg::text).toList(),
                    msgs.stream().map(Collector.Msg::truncated).toList(), counters.received(Transport.TCP),
                    counters.truncated.sum(), counters.framingErrors.sum(), counters.dropped.sum());
        } finally {
            queue.stop(1000);
        }
    }
}
