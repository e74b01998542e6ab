package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import java.util.List;

/**
 * One message body on its way to inspection, opened on its first byte. The bytes as sent are the {@code wire}
 * object; when Content-Encoding is set, the decoded bytes are a second, {@code decoded}, object. A multipart body
 * becomes one object per part instead of one for the body, and a form-urlencoded body is url-decoded into its
 * decoded object, so that base64 in form values reaches the inspector intact.
 */
final class HttpBody {
    private final HttpConversation conv;
    private final int direction;
    private final ObjectContext context;
    private final List<String> codings;
    private final String contentType;
    private final long declaredLength;
    private final boolean chunked;
    private ObjectSink first;
    private ObjectSink second;
    private boolean opened;
    /** {@link #first} is the body's wire object itself (not a multipart scanner), which can restart after a gap. */
    private boolean plainWire;
    /** A gap came and {@link #first} is to restart on the next bytes. */
    private boolean afterGap;

    HttpBody(HttpConversation conv, int direction, ObjectContext context, List<String> codings, String contentType,
             long declaredLength, boolean chunked) {
        this.chunked = chunked;
        this.conv = conv;
        this.direction = direction;
        this.context = context;
        this.codings = codings;
        this.contentType = contentType;
        this.declaredLength = declaredLength;
    }

    /** A response with neither Content-Length nor chunked framing ends when the connection does. */
    boolean untilClose() {
        return declaredLength < 0 && !context.request() && !chunked;
    }

    /** The Content-Length of a body that has one (not chunked), else -1. */
    long declaredLength() {
        return chunked ? -1 : declaredLength;
    }

    void write(ByteBuf content) {
        write(content.array(), content.arrayOffset() + content.readerIndex(), content.readableBytes());
    }

    void write(byte[] a, int off, int len) {
        if (!opened) {
            open();
        }
        if (afterGap) {
            restartWire();
        }
        if (first != null) {
            first.write(a, off, len);
        }
        if (second != null) {
            second.write(a, off, len);
        }
    }

    private void open() {
        opened = true;
        String media = HeaderValues.mediaType(contentType);
        boolean decode = !codings.isEmpty();
        if (decode && codings.size() > conv.config.maxEncodingLayers()) {
            conv.counters.limitEncodingLayers.inc();
            decode = false;
        }
        if (decode) {
            for (String c : codings) {
                if (!ContentDecoder.supported(c)) {
                    conv.counters.unknownEncodings.inc();
                    decode = false;
                    break;
                }
            }
        }
        if (!codings.isEmpty()) {
            first = conv.open(direction, with("wire"));
            plainWire = true;
            if (decode && conv.inspects()) {
                conv.counters.decodedBodies.inc();
                second = new ContentDecoder(codings, content(media, "decoded", true), conv.config, conv.counters);
            }
            return;
        }
        if ("multipart/form-data".equals(media) || "multipart/mixed".equals(media)) {
            String boundary = HeaderValues.param(contentType, "boundary");
            if (boundary != null && !boundary.isEmpty()) {
                first = new MultipartScanner(conv, direction, context, "wire", boundary);
                return;
            }
        }
        first = conv.open(direction, with("wire"));
        plainWire = true;
        if ("application/x-www-form-urlencoded".equals(media)) {
            second = new UrlDecoder(conv.open(direction, with("decoded")));
        }
    }

    /** Where decoded bytes go: the parts of a multipart body, url-decoding, or one decoded object. */
    private ObjectSink content(String media, String layer, boolean decoded) {
        if (("multipart/form-data".equals(media) || "multipart/mixed".equals(media))) {
            String boundary = HeaderValues.param(contentType, "boundary");
            if (boundary != null && !boundary.isEmpty()) {
                return new MultipartScanner(conv, direction, context, layer, boundary);
            }
        }
        ObjectSink sink = conv.open(direction, with(layer));
        return decoded && "application/x-www-form-urlencoded".equals(media) ? new UrlDecoder(sink) : sink;
    }

    private ObjectContext with(String layer) {
        ObjectContext c = context;
        return new ObjectContext(c.kind(), layer, c.method(), c.host(), c.uri(), c.userAgent(), c.contentType(),
                c.contentEncoding(), c.statusCode(), c.request(), c.fileName(), c.forwardedFor(), c.serverName());
    }

    void gap(long bytes) {
        if (!opened) {
            open();
        }
        if (first != null) {
            first.gap(bytes);
        }
        if (second != null) {
            second.gap(bytes);
        }
        afterGap = plainWire;
    }

    /**
     * After a gap the wire object ends where the gap began, and what follows is inspected as a new wire object
     * whose start was not seen, as a raw stream's is: an archive sent after the lost bytes is still found, and
     * compressed data cut by the gap can still be recognized. Decoded, url-decoded and multipart objects cannot
     * pick up mid-way, and stay one truncated object.
     */
    private void restartWire() {
        afterGap = false;
        first.close(conv.flow.lastSeen());
        first = conv.open(direction, with("wire"));
        first.startUnseen();
    }

    void truncate() {
        if (first != null) {
            first.truncate();
        }
        if (second != null) {
            second.truncate();
        }
    }

    void close(long endNanos) {
        if (first != null) {
            first.close(endNanos);
        }
        if (second != null) {
            second.close(endNanos);
        }
    }
}
