package io.packwatch.output.siem;

import java.io.Closeable;
import java.io.IOException;

/** An open connection to one SIEM target, used by that target's sender thread only (except {@link #close}). */
interface Connection extends Closeable {
    /** Writes one message with the target's framing (buffered until {@link #flush}). */
    void send(byte[] message) throws IOException;

    void flush() throws IOException;

    /**
     * Whether the receiver has closed the connection. Syslog receivers never send anything, so
     * end-of-stream (or an error) on the read side means the messages written lately may be lost.
     */
    boolean peerClosed();

    /**
     * Ends the connection gracefully: half-closes it and waits for the receiver to close its side,
     * which it does only after reading everything sent. True when that happened in time.
     */
    boolean finish(long timeoutMillis);

    /** Closes at once; safe from another thread, and unblocks a write stuck on a slow receiver. */
    @Override
    void close();
}
