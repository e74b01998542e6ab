package io.packwatch.app.http;

import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a multipart body into its parts as the bytes stream by, each part its own object with the file name
 * and content type of its own headers. The boundary is searched for at line starts (CRLF or bare LF), across
 * any split of the bytes: at most a delimiter's length is held back between writes. Nothing is buffered
 * whole, unlike netty's HttpPostRequestDecoder.
 */
final class MultipartScanner implements ObjectSink {
    private static final int PREAMBLE = 0;
    private static final int AFTER_DELIMITER = 1;
    private static final int HEADERS = 2;
    private static final int BODY = 3;
    private static final int EPILOGUE = 4;

    private final HttpConversation conv;
    private final int direction;
    private final ObjectContext message;
    private final String layer;
    private final byte[] delimiter;
    private final byte[] carry;
    private int carryLen;
    private int state = PREAMBLE;
    private boolean atLineStart = true;
    private byte[] headers = new byte[256];
    private int headersLen;
    private int lineLen;
    private boolean headersOverflow;
    private String partName;
    private String partType;
    private ObjectSink part;
    private boolean partOpen;

    MultipartScanner(HttpConversation conv, int direction, ObjectContext message, String layer, String boundary) {
        this.conv = conv;
        this.direction = direction;
        this.message = message;
        this.layer = layer;
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.carry = new byte[delimiter.length + 2];
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (carryLen == 0) {
            scan(b, off, off + len);
            return;
        }
        byte[] joined = Arrays.copyOf(carry, carryLen + len);
        System.arraycopy(b, off, joined, carryLen, len);
        carryLen = 0;
        scan(joined, 0, joined.length);
    }

    private void scan(byte[] a, int i, int end) {
        while (i < end) {
            switch (state) {
                case PREAMBLE, EPILOGUE -> i = preamble(a, i, end);
                case AFTER_DELIMITER -> i = afterDelimiter(a, i, end);
                case HEADERS -> i = headers(a, i, end);
                default -> i = body(a, i, end);
            }
            if (i < 0) {
                return; // the rest was carried over
            }
        }
    }

    /** Skips to a line that starts with the delimiter (the preamble, or everything after the last part). */
    private int preamble(byte[] a, int i, int end) {
        if (state == EPILOGUE) {
            return end;
        }
        for (int j = i; j < end; j++) {
            if (atLineStart) {
                int m = match(a, j, end);
                if (m == delimiter.length) {
                    state = AFTER_DELIMITER;
                    atLineStart = false;
                    return j + delimiter.length;
                }
                if (j + m == end) {
                    hold(a, j, end);
                    return -1;
                }
            }
            atLineStart = a[j] == '\n';
        }
        return end;
    }

    /** How many bytes of the delimiter match at {@code j} (stops at {@code end}). */
    private int match(byte[] a, int j, int end) {
        int k = 0;
        while (k < delimiter.length && j + k < end && a[j + k] == delimiter[k]) {
            k++;
        }
        return k;
    }

    /** After a delimiter: "--" ends the body, anything else runs to the end of the line, then headers. */
    private int afterDelimiter(byte[] a, int i, int end) {
        if (end - i < 2 && a[i] == '-') {
            hold(a, i, end);
            return -1;
        }
        if (a[i] == '-' && a[i + 1] == '-') {
            state = EPILOGUE;
            return end;
        }
        for (int j = i; j < end; j++) {
            if (a[j] == '\n') {
                state = HEADERS;
                headersLen = 0;
                lineLen = 0;
                headersOverflow = false;
                return j + 1;
            }
        }
        return end;
    }

    private int headers(byte[] a, int i, int end) {
        for (int j = i; j < end; j++) {
            byte c = a[j];
            if (c == '\n') {
                if (lineLen == 0) {
                    beginPart();
                    return j + 1;
                }
                lineLen = 0;
            } else if (c != '\r') {
                lineLen++;
            }
            if (headersLen == conv.config.maxHeaderBytes()) {
                if (!headersOverflow) {
                    headersOverflow = true;
                    conv.counters.limitPartHeaderBytes.inc();
                }
                continue;
            }
            if (headersLen == headers.length) {
                headers = Arrays.copyOf(headers, Math.min(headers.length * 2, conv.config.maxHeaderBytes()));
            }
            headers[headersLen++] = c;
        }
        return end;
    }

    private void beginPart() {
        String disposition = null;
        String type = null;
        String block = new String(headers, 0, headersLen, StandardCharsets.UTF_8);
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Disposition")) {
                disposition = value;
            } else if (name.equalsIgnoreCase("Content-Type")) {
                type = value;
            }
        }
        partName = HeaderValues.param(disposition, "filename");
        partType = type;
        state = BODY;
        partOpen = false;
        part = null;
    }

    /** Part content up to a line break followed by the delimiter; the line break belongs to the delimiter. */
    private int body(byte[] a, int i, int end) {
        for (int j = i; j < end; j++) {
            if (a[j] != '\n') {
                continue;
            }
            int m = match(a, j + 1, end);
            int contentEnd = j > i && a[j - 1] == '\r' ? j - 1 : j;
            if (m == delimiter.length) {
                emit(a, i, contentEnd);
                endPart(false);
                state = AFTER_DELIMITER;
                return j + 1 + delimiter.length;
            }
            if (j + 1 + m == end) {
                emit(a, i, contentEnd);
                hold(a, contentEnd, end);
                return -1;
            }
        }
        if (a[end - 1] == '\r') {
            emit(a, i, end - 1);
            hold(a, end - 1, end);
            return -1;
        }
        emit(a, i, end);
        return end;
    }

    private void hold(byte[] a, int from, int end) {
        carryLen = end - from;
        System.arraycopy(a, from, carry, 0, carryLen);
    }

    private void emit(byte[] a, int from, int to) {
        if (to > from) {
            sink().write(a, from, to - from);
        }
    }

    private ObjectSink sink() {
        if (!partOpen) {
            partOpen = true;
            conv.counters.parts.inc();
            ObjectContext m = message;
            part = conv.open(direction, new ObjectContext("http_part", layer, m.method(), m.host(), m.uri(),
                    m.userAgent(), partType, m.contentEncoding(), m.statusCode(),
                    m.request(), partName, m.forwardedFor(), m.serverName()));
        }
        return part;
    }

    private void endPart(boolean truncated) {
        if (part != null) {
            if (truncated) {
                part.truncate();
            }
            part.close(conv.flow.lastSeen());
        }
        part = null;
        partOpen = false;
    }

    @Override
    public void gap(long bytes) {
        carryLen = 0;
        atLineStart = false;
        if (state == BODY) {
            sink().gap(bytes);
        } else if (state == HEADERS) {
            // Lost part headers: what follows is a part we cannot name.
            beginPart();
            sink().gap(bytes);
        }
    }

    @Override
    public void truncate() {
        if (part != null) {
            part.truncate();
        }
    }

    @Override
    public void amend(ObjectContext context) {
    }

    @Override
    public void close(long endNanos) {
        if (state == BODY && carryLen > 0) {
            emit(carry, 0, carryLen);
            carryLen = 0;
        }
        // A part still open when the body ends never saw its closing delimiter.
        endPart(state == BODY);
        state = EPILOGUE;
    }
}
