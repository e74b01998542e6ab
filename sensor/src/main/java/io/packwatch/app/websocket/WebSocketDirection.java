package io.packwatch.app.websocket;

import io.packwatch.app.DirectionParser;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectSink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One direction of a WebSocket connection (RFC 6455 §5): frames are read as they stream by, their payloads
 * unmasked, and each data message (a text or binary frame and its continuations) becomes one {@code websocket}
 * object, inflated first when permessage-deflate compressed it. Masking is not content and deflate here is
 * transport compression that browsers and libraries apply to every message, so what is inspected is what the
 * application sent. Control frames (close, ping, pong: at most 125 bytes) are counted and skipped.
 *
 * <p>A gap inside a frame's payload is bridged (the message is marked truncated, the framing kept); a gap
 * anywhere else, or a frame no endpoint could send (a reserved opcode or bit, a control frame that is long or
 * fragmented, a continuation of nothing), ends WebSocket for the direction: what follows goes to a raw stream
 * object, so it is still inspected.
 */
final class WebSocketDirection implements DirectionParser {
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final WebSocketLayer layer;
    private final WebSocketCounters counters;
    private final ObjectOpener inspection;
    private final Flow flow;
    private final int direction;
    private final boolean deflate;
    private final ObjectContext plain;
    private final ObjectContext inflatedContext;
    private final ObjectContext compressedContext;
    private final DirectionParser fallback;
    private final MessageInflater inflater;

    /** The frame header being read: 2 to 14 bytes. */
    private final byte[] head = new byte[14];
    private int headLen;
    /** Payload bytes of the current frame still to come; -1 while its header is read. */
    private long remaining = -1;
    private boolean control;
    private boolean fin;
    private int mask;
    /** Payload bytes of the current frame seen so far, for the mask's phase. */
    private long frameOffset;

    /** Within a data message (its first frame was seen, its last not yet). */
    private boolean inMessage;
    /** The current message is inflated on its way to {@link #message}. */
    private boolean inflating;
    private ObjectContext messageContext;
    /** The current message's object, opened on its first byte. */
    private ObjectSink message;
    /** Framing was lost: everything goes to {@link #fallback}. */
    private boolean failed;
    private boolean done;

    WebSocketDirection(WebSocketLayer layer, ObjectOpener inspection, Flow flow, int direction, Handshake handshake,
                       ObjectContext upgrade, DirectionParser fallback) {
        this.layer = layer;
        this.counters = layer.counters;
        this.inspection = inspection;
        this.flow = flow;
        this.direction = direction;
        this.deflate = handshake.deflate();
        this.fallback = fallback;
        this.plain = context(upgrade, "wire", null);
        this.inflatedContext = context(upgrade, "decoded", "permessage-deflate");
        this.compressedContext = context(upgrade, "wire", "permessage-deflate");
        boolean fresh = direction == Flow.FROM_CLIENT ? handshake.clientNoContextTakeover()
                : handshake.serverNoContextTakeover();
        this.inflater = deflate ? new MessageInflater(layer, fresh, this::deliver) : null;
    }

    private ObjectContext context(ObjectContext u, String layerName, String encoding) {
        return new ObjectContext("websocket", layerName, u.method(), u.host(), u.uri(), u.userAgent(), null, encoding,
                0, direction == Flow.FROM_CLIENT, null, u.forwardedFor(), u.serverName(), u.tls());
    }

    @Override
    public void data(byte[] b, int off, int len) {
        while (len > 0 && !done) {
            if (failed) {
                fallback.data(b, off, len);
                return;
            }
            int k;
            if (remaining < 0) {
                k = readHead(b, off, len);
            } else {
                k = (int) Math.min(len, remaining);
                payload(b, off, k);
                remaining -= k;
                frameOffset += k;
                if (remaining == 0) {
                    frameDone();
                }
            }
            off += k;
            len -= k;
        }
    }

    /** Takes header bytes; returns how many it took. */
    private int readHead(byte[] b, int off, int len) {
        int k = 0;
        // the first two bytes tell how long the rest of the header is
        while (k < len && headLen < headLength()) {
            int take = Math.min(len - k, headLength() - headLen);
            System.arraycopy(b, off + k, head, headLen, take);
            headLen += take;
            k += take;
        }
        if (headLen < headLength()) {
            return k;
        }
        if (!frameStarts()) {
            counters.framingErrors.inc();
            fallback.data(head, 0, headLen); // the bad header is where the raw object starts
            fail(b, off + k, len - k);
            return len;
        }
        headLen = 0;
        if (remaining == 0) {
            frameDone();
        }
        return k;
    }

    /** Bytes of the header: 2, then 2 or 8 of extended length, then 4 of mask key when masked. */
    private int headLength() {
        if (headLen < 2) {
            return 2;
        }
        int len7 = head[1] & 0x7f;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((head[1] & 0x80) != 0 ? 4 : 0);
    }

    /** Reads the complete header; false when no endpoint could have sent it. */
    private boolean frameStarts() {
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        int opcode = b0 & 0x0f;
        int len7 = b1 & 0x7f;
        int at = 2;
        long length = len7;
        if (len7 == 126) {
            length = (head[2] & 0xff) << 8 | head[3] & 0xff;
            at = 4;
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = length << 8 | head[i] & 0xff;
            }
            at = 10;
        }
        boolean masked = (b1 & 0x80) != 0;
        mask = masked ? (head[at] & 0xff) << 24 | (head[at + 1] & 0xff) << 16 | (head[at + 2] & 0xff) << 8
                | head[at + 3] & 0xff : 0;
        control = opcode >= 8;
        if ((b0 & 0x30) != 0 || length < 0 || opcode > 10 || opcode > 2 && opcode < 8) {
            return false; // RSV2/RSV3 mean nothing agreed; a length past 2^63; a reserved opcode
        }
        if (control ? !fin || length > 125 || rsv1
                : opcode == OP_CONTINUATION ? !inMessage || rsv1 : inMessage || rsv1 && !deflate) {
            return false;
        }
        if (masked != (direction == Flow.FROM_CLIENT)) {
            // RFC 6455 §5.1: clients mask, servers do not. Peers close on this, but the frame still reads.
            counters.protocolErrors.inc();
        }
        counters.frames.inc();
        remaining = length;
        frameOffset = 0;
        if (control) {
            counters.controlFrames.inc();
            counters.controlBytes.add(length);
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            beginMessage(rsv1);
        }
        return true;
    }

    private void beginMessage(boolean compressed) {
        inMessage = true;
        counters.messages.inc();
        messageContext = plain;
        inflating = false;
        if (compressed) {
            counters.compressedMessages.inc();
            inflating = inflater.begin();
            if (inflating) {
                messageContext = inflatedContext;
            } else {
                counters.undecodableMessages.inc();
                messageContext = compressedContext;
            }
        }
    }

    private void payload(byte[] b, int off, int len) {
        if (control) {
            return;
        }
        byte[] out = layer.unmasked;
        long at = frameOffset;
        while (len > 0) {
            int k = Math.min(len, out.length);
            unmask(b, off, k, out, at);
            if (inflating) {
                if (!inflater.write(out, 0, k)) {
                    inflating = false;
                    message().truncate();
                }
            } else if (messageContext != inflatedContext) {
                deliver(out, 0, k);
            }
            at += k;
            off += k;
            len -= k;
        }
    }

    /** XORs {@code len} payload bytes with the mask key, from payload offset {@code at}, eight at a time. */
    private void unmask(byte[] b, int off, int len, byte[] out, long at) {
        if (mask == 0) {
            System.arraycopy(b, off, out, 0, len);
            return;
        }
        int m = Integer.rotateLeft(mask, 8 * (int) (at & 3)); // the key as it lines up with out[0]
        long m8 = (m & 0xffffffffL) << 32 | m & 0xffffffffL;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(out, i, (long) LONGS.get(b, off + i) ^ m8);
        }
        for (; i < len; i++) {
            out[i] = (byte) (b[off + i] ^ m >>> (24 - 8 * (i & 3)));
        }
    }

    private ObjectSink message() {
        if (message == null) {
            message = inspection.open(flow, direction, messageContext);
        }
        return message;
    }

    private void deliver(byte[] b, int off, int len) {
        if (len > 0) {
            message().write(b, off, len);
        }
    }

    private void frameDone() {
        remaining = -1;
        if (!control && fin) {
            endMessage();
        }
    }

    private void endMessage() {
        if (inflating && !inflater.end() && message != null) {
            message.truncate();
        }
        closeMessage(flow.lastSeen());
    }

    private void closeMessage(long endNanos) {
        inMessage = false;
        inflating = false;
        if (message != null) {
            message.close(endNanos);
            message = null;
        }
    }

    /** The open message ends before its last frame: it is cut short. */
    private void cutMessage(long endNanos) {
        if (message != null) {
            message.truncate();
        }
        closeMessage(endNanos);
    }

    /** Framing is lost: the open message is cut short, and the bytes from {@code off} on go to the raw object. */
    private void fail(byte[] b, int off, int len) {
        failed = true;
        cutMessage(flow.lastSeen());
        if (len > 0) {
            fallback.data(b, off, len);
        }
    }

    @Override
    public void gap(long bytes) {
        if (!failed && remaining >= bytes && bytes > 0) {
            // inside one frame's payload: the framing survives
            counters.gapsBridged.inc();
            if (!control) {
                if (inflating) {
                    inflater.gap();
                    inflating = false;
                }
                if (messageContext == inflatedContext) {
                    message().truncate(); // nothing more of it inflates
                } else {
                    message().gap(bytes);
                }
            }
            remaining -= bytes;
            frameOffset += bytes;
            if (remaining == 0) {
                frameDone();
            }
            return;
        }
        if (!failed) {
            counters.gapsUnbridged.inc();
            if (remaining < 0 && headLen > 0) {
                fallback.data(head, 0, headLen);
            }
            fail(null, 0, 0);
        }
        fallback.gap(bytes);
    }

    @Override
    public void depthReached() {
        cutMessage(flow.lastSeen());
        fallback.depthReached();
        done = true;
    }

    @Override
    public void close(long endNanos) {
        cutMessage(endNanos); // an open message's last frame never came
        if (inflater != null) {
            inflater.close();
        }
        done = true;
        fallback.close(endNanos);
    }
}
