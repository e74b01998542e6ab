package io.packwatch.endpoint.ingest;

import java.net.InetSocketAddress;

/**
 * Receives every framed syslog message, whatever transport it came over.
 *
 * <p>Threading: the network receivers never call this on a Netty event-loop thread. They copy each
 * framed message into a bounded queue ({@code endpoint.queue}) and one dispatcher thread,
 * {@code packwatch-syslog-dispatch}, calls the handler in arrival order per connection. So an
 * implementation sees one thread at a time and may take its time (parsing, rule evaluation): when
 * it falls behind, the queue fills and further messages are dropped and counted
 * ({@code endpoint.dropped}), never the socket reads blocked. The offline reader calls it on the
 * thread that runs the reader.
 *
 * <p>The bytes are only valid during the call: the array is reused for later messages, so copy
 * what must be kept.
 */
@FunctionalInterface
public interface SyslogMessageHandler {

    /**
     * @param msg holds the message; trailing LF, CR and NUL are removed, framing bytes never included
     * @param sender the peer's address, or null for messages read from files
     * @param transport {@code udp}, {@code tcp}, {@code tls} or {@code file}
     * @param receivedNanos epoch nanoseconds when the message was read from the socket; for files, the
     *     file's modification time (a reference year for RFC 3164 timestamps)
     * @param truncated true when the message was longer than {@code endpoint.max_message_bytes} and
     *     only its start is given, or its frame ended early because the connection closed
     */
    void onMessage(byte[] msg, int off, int len, InetSocketAddress sender, String transport,
                   long receivedNanos, boolean truncated);
}
