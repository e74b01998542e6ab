package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.packwatch.app.DirectionParser;
import io.packwatch.app.ProtocolSniffer;
import io.packwatch.app.RawDirection;
import io.packwatch.app.websocket.Handshake;
import io.packwatch.decode.Memcap;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectContext;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.x in one direction of a flow: requests from the client, responses from the server. Reassembled bytes
 * are fed to netty's decoder; each message body becomes objects ({@link HttpBody}) as it streams by, never held
 * whole. A gap inside a Content-Length body is bridged (the body is marked truncated, the framing kept);
 * anywhere else the parser resynchronizes at the next request or status line. Bytes that are not HTTP (junk
 * skipped while resynchronizing, the tunnel after CONNECT or 101) go to a raw stream object.
 * <p>
 * What a parser holds (its decoder, its buffer, a message head netty has taken in but not finished) is drawn from
 * the worker's {@code http.memcap}: a slowloris flood of connections that each leave a head unfinished would
 * otherwise hold memory per flow without bound. A parser that cannot draw more hands the rest of its direction to
 * the raw stream object, which inspection bounds in turn.
 */
public final class HttpDirection implements DirectionParser {
    private static final int MODE_HTTP = 0;
    private static final int MODE_HUNT = 1;
    private static final int MODE_OPAQUE = 2;
    private static final int MODE_DONE = 3;

    private final HttpConversation conv;
    private final int direction;
    /** netty's decoder; dropped, with the message it was reading, when the memcap ends HTTP for this direction. */
    private MessageDecoder decoder;
    /**
     * What a parser's decoder and the message it is reading are taken to weigh, beyond its buffer and head bytes
     * (netty's decoder, line and header parsers, the message and its header map: about 1 KiB measured).
     */
    static final int PARSER_BYTES = 1024;
    /** Allocated at the first bytes that need it, at their size: most directions of most flows never use it. */
    private final ByteBuf cum = Unpooled.buffer(0);
    private final Memcap memory;
    /** Bytes drawn from {@link #memory}. */
    private long held;
    /** Bytes netty has taken into a message head that it has not finished. */
    private long headBytes;
    private final List<Object> out = new ArrayList<>(4);
    private final RawDirection opaque;
    /** Where the bytes after CONNECT or a 101 go: {@link #opaque}, or a WebSocket parser. */
    private DirectionParser tunnel;
    private int mode = MODE_HTTP;
    private HttpBody body;
    /** Bytes left of a Content-Length body this class reads itself; 0 when netty reads. */
    private long fixedRemaining;
    /** The message just seen switches the stream to a tunnel once its (empty) body ends. */
    private boolean tunnelAfterMessage;
    /** What the 101 just seen agreed for WebSocket, and the request that asked for it; null for other tunnels. */
    private Handshake webSocket;
    private ObjectContext webSocketRequest;

    HttpDirection(HttpConversation conv, int direction, HttpDecoderConfig decoderConfig, Memcap memory) {
        this.conv = conv;
        this.direction = direction;
        this.decoder = direction == Flow.FROM_CLIENT ? new PassiveRequestDecoder(decoderConfig, conv.counters)
                : new PassiveResponseDecoder(decoderConfig, conv);
        this.opaque = new RawDirection(conv.inspection, conv.flow, direction);
        this.tunnel = opaque;
        this.memory = memory;
        if (memory.reserve(PARSER_BYTES)) {
            held = PARSER_BYTES;
        } else {
            mode = MODE_OPAQUE; // no memory for a parser: the direction is a raw stream from the start
        }
        conv.register(this);
    }

    int direction() {
        return direction;
    }

    @Override
    public void data(byte[] b, int off, int len) {
        switch (mode) {
            case MODE_OPAQUE -> tunnel.data(b, off, len);
            case MODE_DONE -> { }
            default -> {
                if (fixedRemaining > 0 && !cum.isReadable()) {
                    // Inside a Content-Length body: straight from the packet to the body, no copy.
                    int k = (int) Math.min(len, fixedRemaining);
                    fixedBody(b, off, k);
                    off += k;
                    len -= k;
                    if (len == 0 || mode != MODE_HTTP) {
                        if (len > 0) {
                            data(b, off, len);
                        }
                        return;
                    }
                }
                cum.writeBytes(b, off, len);
                pump();
                account();
            }
        }
    }

    /**
     * Draws what the parser now holds from the memcap, or gives back what it no longer does. When the memcap
     * cannot cover it, the direction gives up HTTP: what is buffered and all that follows go to the raw object.
     */
    private void account() {
        long want = mode == MODE_OPAQUE || mode == MODE_DONE ? 0 : PARSER_BYTES + cum.capacity() + headBytes;
        if (want > held && !memory.reserve(want - held)) {
            switchToOpaque();
            drainToOpaque();
            want = 0;
        }
        if (want == 0) {
            dropParser();
            return;
        }
        if (want < held) {
            memory.release(held - want);
        }
        held = want;
    }

    /** The direction is raw from here on: the parser's decoder goes, and its buffer and memory go back. */
    private void dropParser() {
        decoder = null;
        headBytes = 0;
        compact(); // a raw direction keeps no buffer
        memory.release(held);
        held = 0;
    }

    /** Bytes of a Content-Length body read by us rather than netty (netty was reset to expect a message). */
    private void fixedBody(byte[] b, int off, int len) {
        fixedRemaining -= len;
        if (body != null) {
            body.write(b, off, len);
        }
        if (fixedRemaining == 0) {
            endMessage(conv.flow.lastSeen());
        }
    }

    private void pump() {
        while (true) {
            if (mode == MODE_HUNT && !hunt()) {
                break;
            }
            if (mode == MODE_OPAQUE) {
                drainToOpaque();
                break;
            }
            if (mode != MODE_HTTP || !cum.isReadable()) {
                break;
            }
            if (fixedRemaining > 0) {
                int k = (int) Math.min(cum.readableBytes(), fixedRemaining);
                int at = cum.readerIndex();
                cum.skipBytes(k);
                fixedBody(cum.array(), cum.arrayOffset() + at, k);
                continue;
            }
            int before = cum.readableBytes();
            out.clear();
            try {
                decoder.feed(cum, out);
            } catch (Exception e) {
                releaseOut();
                parseError(e);
                continue;
            }
            boolean progress = !out.isEmpty() || cum.readableBytes() != before;
            // Bytes taken in without a message or content coming out belong to a head netty is still reading.
            headBytes = out.isEmpty() ? headBytes + before - cum.readableBytes() : 0;
            for (int i = 0; i < out.size(); i++) {
                Object o = out.get(i);
                try {
                    if (mode == MODE_HTTP) {
                        handle(o);
                        if (i == out.size() - 1 && o instanceof HttpMessage && body != null && body.declaredLength() > 0) {
                            // A Content-Length body follows: read it ourselves, from the packets, without copies,
                            // and have netty expect the next message after it.
                            fixedRemaining = body.declaredLength();
                            decoder.reset();
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(o);
                }
            }
            out.clear();
            if (!progress) {
                break;
            }
        }
        compact();
    }

    private void releaseOut() {
        for (Object o : out) {
            ReferenceCountUtil.release(o);
        }
        out.clear();
    }

    private void compact() {
        if (!cum.isReadable()) {
            // An empty buffer is given back: between heads a direction holds nothing but its parser.
            cum.clear();
            if (cum.capacity() > 0) {
                cum.capacity(0);
            }
        } else if (cum.readerIndex() > 8192) {
            cum.discardReadBytes();
        }
    }

    private void handle(Object o) {
        if (o instanceof HttpMessage m) {
            DecoderResult r = m.decoderResult();
            if (r.isFailure()) {
                parseError(r.cause());
                return;
            }
            begin(m);
        }
        if (o instanceof HttpContent c) {
            if (c.decoderResult().isFailure()) {
                parseError(c.decoderResult().cause());
                return;
            }
            ByteBuf content = c.content();
            if (body != null && content.isReadable()) {
                body.write(content);
            }
            if (o instanceof LastHttpContent) {
                endMessage(conv.flow.lastSeen());
            }
        }
    }

    private void begin(HttpMessage m) {
        HttpHeaders h = m.headers();
        String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
        String disposition = h.get(HttpHeaderNames.CONTENT_DISPOSITION);
        String fileName = HeaderValues.param(disposition, "filename");
        List<String> codings = HeaderValues.codings(h.getAll(HttpHeaderNames.CONTENT_ENCODING));
        boolean chunked = HttpUtil.isTransferEncodingChunked(m);
        long length = chunked ? -1 : HttpUtil.getContentLength(m, -1L);
        ObjectContext context;
        if (m instanceof HttpRequest req) {
            conv.counters.requests.inc();
            RequestInfo info = new RequestInfo(req.method().name(), h.get(HttpHeaderNames.HOST), req.uri(),
                    h.get(HttpHeaderNames.USER_AGENT), h.get("X-Forwarded-For"));
            conv.requestSeen(info);
            context = new ObjectContext("http_body", null, info.method(), info.host(), info.uri(), info.userAgent(),
                    contentType, encodingHeader(h), 0, true, fileName, info.forwardedFor(), null);
        } else {
            HttpResponse res = (HttpResponse) m;
            conv.counters.responses.inc();
            int code = res.status().code();
            // An interim 1xx (but 101) leaves its request waiting for the final response.
            RequestInfo info = code >= 100 && code < 200 && code != 101 ? conv.peek() : conv.take();
            tunnelAfterMessage = code == 101 || info.isConnect() && code >= 200 && code < 300;
            webSocket = code == 101 ? webSocketHandshake(h) : null;
            if (webSocket != null) {
                webSocketRequest = new ObjectContext("websocket", null, info.method(), info.host(), info.uri(),
                        info.userAgent(), null, null, 0, true, null, info.forwardedFor(), null);
            }
            context = new ObjectContext("http_body", null, info.method(), info.host(), info.uri(), info.userAgent(),
                    contentType, encodingHeader(h), code, false, fileName, info.forwardedFor(), null);
        }
        body = new HttpBody(conv, direction, context, codings, contentType, length, chunked);
    }

    /** The 101's WebSocket agreement, or null when it upgrades to something else or WebSocket is not read. */
    private Handshake webSocketHandshake(HttpHeaders h) {
        String upgrade = h.get(HttpHeaderNames.UPGRADE);
        if (conv.webSockets == null || upgrade == null || !"websocket".equalsIgnoreCase(upgrade.trim())) {
            return null;
        }
        List<String> extensions = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        Handshake agreed = Handshake.of(extensions.isEmpty() ? null : String.join(",", extensions));
        if (agreed == null) {
            conv.webSockets.unknownExtensions();
        }
        return agreed;
    }

    private static String encodingHeader(HttpHeaders h) {
        List<String> all = h.getAll(HttpHeaderNames.CONTENT_ENCODING);
        return all.isEmpty() ? null : String.join(", ", all);
    }

    private void endMessage(long endNanos) {
        if (body != null) {
            body.close(endNanos);
            body = null;
        }
        if (tunnelAfterMessage) {
            tunnelAfterMessage = false;
            Handshake ws = webSocket;
            webSocket = null;
            if (ws != null) {
                switchToWebSocket(ws, webSocketRequest);
            } else {
                switchToOpaque();
            }
            conv.tunnelOpened(ws, webSocketRequest);
        }
    }

    /** Everything from here on is a tunnel: raw stream bytes. */
    void switchToOpaque() {
        if (mode == MODE_DONE || mode == MODE_OPAQUE) {
            return;
        }
        if (body != null) {
            body.truncate();
            body.close(conv.flow.lastSeen());
            body = null;
        }
        fixedRemaining = 0;
        mode = MODE_OPAQUE;
        if (!cum.isReadable()) {
            // Now, not when the tunnel closes: the client's side is switched from the server's, so no later
            // account() of its own would give the parser's memory back.
            dropParser();
        }
    }

    /** Everything from here on is WebSocket frames. */
    void switchToWebSocket(Handshake handshake, ObjectContext request) {
        if (mode == MODE_DONE) {
            return;
        }
        switchToOpaque();
        tunnel = conv.webSockets.direction(conv.inspection, conv.flow, direction, handshake, request,
                new RawDirection(conv.inspection, conv.flow, direction));
    }

    private void drainToOpaque() {
        if (cum.isReadable()) {
            tunnel.data(cum.array(), cum.arrayOffset() + cum.readerIndex(), cum.readableBytes());
        }
        cum.clear();
    }

    private void parseError(Throwable cause) {
        HttpCounters c = conv.counters;
        c.parseErrors.inc();
        if (cause instanceof TooLongHttpLineException) {
            c.limitInitialLine.inc();
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            c.limitHeaderBytes.inc();
        }
        if (body != null) {
            body.truncate();
            body.close(conv.flow.lastSeen());
            body = null;
        }
        tunnelAfterMessage = false;
        fixedRemaining = 0;
        headBytes = 0;
        // netty drops everything after a bad message: start over from the next message start instead.
        mode = MODE_HUNT;
    }

    /**
     * Looks for the next request or status line at the start of a line; what comes before it is junk for the
     * raw object. Returns true when the decoder can go on.
     */
    private boolean hunt() {
        byte[] a = cum.array();
        int base = cum.arrayOffset();
        int from = base + cum.readerIndex();
        int end = base + cum.writerIndex();
        int maxLine = conv.config.maxInitialLine();
        int keep = end; // start of an undecided candidate line, kept for more bytes
        boolean requests = direction == Flow.FROM_CLIENT;
        for (int i = from; i < end; i++) {
            // A message starts at a line start, or right after a body whose end was lost: there only where a
            // method or "HTTP/" begins, and the whole line must still check out.
            if (i != from && a[i - 1] != '\n' && !mayBegin(a[i], requests)) {
                continue;
            }
            int verdict = direction == Flow.FROM_CLIENT ? ProtocolSniffer.requestLine(a, i, end, maxLine)
                    : ProtocolSniffer.statusLine(a, i, end);
            if (verdict == ProtocolSniffer.NEED_MORE) {
                keep = i;
                break;
            }
            if (verdict != ProtocolSniffer.OTHER) {
                junk(from, i);
                decoder.reset();
                conv.counters.resyncs.inc();
                mode = MODE_HTTP;
                return true;
            }
        }
        if (keep == end) {
            // No line start pending: keep at most a line's worth of the tail, it may begin a message.
            int lastLf = end - 1;
            while (lastLf >= from && a[lastLf] != '\n') {
                lastLf--;
            }
            keep = lastLf >= from ? lastLf + 1 : from;
            if (end - keep > maxLine) {
                keep = end;
            }
        }
        junk(from, keep);
        return false;
    }

    private static boolean mayBegin(byte c, boolean request) {
        return request ? c == 'G' || c == 'P' || c == 'H' || c == 'D' || c == 'O' || c == 'C' || c == 'T' : c == 'H';
    }

    private void junk(int from, int to) {
        if (to > from) {
            conv.counters.junkBytes.add(to - from);
            opaque.data(cum.array(), from, to - from);
            cum.skipBytes(to - from);
        }
    }

    @Override
    public void gap(long bytes) {
        conv.counters.gaps.inc();
        switch (mode) {
            case MODE_OPAQUE -> {
                tunnel.gap(bytes);
                return;
            }
            case MODE_DONE -> {
                return;
            }
            default -> { }
        }
        if (mode == MODE_HTTP && body != null && !cum.isReadable()
                && (fixedRemaining >= bytes || fixedRemaining == 0 && body.untilClose())) {
            // The gap lies inside a Content-Length body (or one read until close): the framing survives.
            conv.counters.gapsBridged.inc();
            body.gap(bytes);
            if (fixedRemaining > 0) {
                fixedRemaining -= bytes;
                if (fixedRemaining == 0) {
                    endMessage(conv.flow.lastSeen());
                }
            }
            return;
        }
        fixedRemaining = 0;
        if (body != null) {
            body.gap(bytes);
            body.close(conv.flow.lastSeen());
            body = null;
        }
        // Whatever was buffered belongs to a message the gap cut: it goes to the raw object, and the next message
        // is searched for after the gap.
        if (cum.isReadable()) {
            junk(cum.arrayOffset() + cum.readerIndex(), cum.arrayOffset() + cum.writerIndex());
        }
        cum.clear();
        opaque.gap(bytes);
        tunnelAfterMessage = false;
        headBytes = 0;
        mode = MODE_HUNT;
    }

    @Override
    public void depthReached() {
        if (body != null) {
            body.truncate();
            body.close(conv.flow.lastSeen());
            body = null;
        }
        if (mode == MODE_OPAQUE) {
            tunnel.depthReached();
        }
        cum.clear();
        mode = MODE_DONE;
    }

    @Override
    public void close(long endNanos) {
        if (body != null) {
            // A body read until the connection closes ends here; any other body was cut short.
            if (!body.untilClose()) {
                body.truncate();
            }
            body.close(endNanos);
            body = null;
        }
        if (mode != MODE_DONE && cum.isReadable()) {
            junk(cum.arrayOffset() + cum.readerIndex(), cum.arrayOffset() + cum.writerIndex());
        }
        cum.release();
        mode = MODE_DONE;
        memory.release(held);
        held = 0;
        if (tunnel != opaque) {
            tunnel.close(endNanos);
        }
        opaque.close(endNanos);
    }
}
