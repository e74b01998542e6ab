package io.packwatch.app.websocket;

import io.packwatch.app.http.HttpConfig;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes permessage-deflate (RFC 7692) for one direction of a connection: each compressed message is raw deflate
 * whose closing {@code 00 00 FF FF} the sender dropped, and unless the sender agreed to no context takeover, later
 * messages refer back into earlier ones, so one inflater serves the whole direction. Input goes in small slices so
 * that one slice can only expand so far; a message stops inflating past {@code http.max_decoded_bytes} or
 * {@code http.max_decode_ratio} (a decompression bomb), at corrupt data or at a gap. With a shared context, what
 * follows such a stop cannot be inflated: later compressed messages are then inspected as sent.
 */
final class MessageInflater {
    /** The bytes RFC 7692 §7.2.2 has the receiver put back at a message's end. */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /** Where inflated bytes go; the array is only read during the call. */
    interface Output {
        void inflated(byte[] b, int off, int len);
    }

    private final WebSocketLayer layer;
    /** The sender compresses each message on its own: a stop costs only that message. */
    private final boolean fresh;
    private final Output output;
    private Inflater inflater;
    /** The shared context has a hole: no later message can be inflated. */
    private boolean lost;
    private long in;
    private long out;
    private boolean stopped;

    MessageInflater(WebSocketLayer layer, boolean fresh, Output output) {
        this.layer = layer;
        this.fresh = fresh;
        this.output = output;
    }

    /** Starts a compressed message; false when it cannot be inflated (a lost context, or no memory for it). */
    boolean begin() {
        if (lost) {
            return false;
        }
        if (inflater == null) {
            if (!layer.memory.reserve(WebSocketLayer.INFLATER_BYTES)) {
                return false;
            }
            inflater = new Inflater(true);
        }
        in = 0;
        out = 0;
        stopped = false;
        return true;
    }

    /** Inflates the next compressed bytes of the message; false once the message stopped inflating. */
    boolean write(byte[] b, int off, int len) {
        for (int end = off + len; off < end && !stopped; ) {
            int k = Math.min(HttpConfig.DECODE_SLICE, end - off);
            inflater.setInput(b, off, k);
            in += k;
            off += k;
            drain();
        }
        return !stopped;
    }

    private void drain() {
        byte[] buf = layer.inflated;
        while (!stopped) {
            int n;
            try {
                n = inflater.inflate(buf);
            } catch (DataFormatException e) {
                layer.counters.decodeErrors.inc();
                stop();
                return;
            }
            if (n == 0) {
                return; // wants input, or a final block ended the stream (what follows is ignored)
            }
            out += n;
            HttpConfig.DecodeLimit limit = layer.limits.exceeded(in, out);
            if (limit != null) {
                (limit == HttpConfig.DecodeLimit.RATIO ? layer.counters.limitDecodeRatio
                        : layer.counters.limitDecodedBytes).inc();
                stop();
                return;
            }
            output.inflated(buf, 0, n);
        }
    }

    /** The message ended: its tail is put back; false when it had stopped inflating before. */
    boolean end() {
        boolean whole = !stopped && write(TAIL, 0, TAIL.length);
        if (fresh || inflater.finished()) {
            inflater.reset(); // a final block ends the stream; the next message begins a new one
            lost = false;
        }
        return whole;
    }

    /** Bytes of the message were lost: it cannot be inflated further. */
    void gap() {
        stop();
    }

    private void stop() {
        stopped = true;
        if (fresh) {
            // end() is not called for a stopped message: without this the next one would continue this stream
            inflater.reset();
        } else {
            lost = true;
        }
    }

    /** The connection ended: the inflater's native memory goes back. */
    void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
            layer.memory.release(WebSocketLayer.INFLATER_BYTES);
        }
        lost = true;
    }
}
