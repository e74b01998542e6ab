package io.packwatch.app.http;

/**
 * The {@code http.*} config keys.
 *
 * @param maxInitialLine longest request or status line
 * @param maxHeaderBytes largest header block of a message (and of a multipart part)
 * @param maxDecodedBytes most bytes decoded from one Content-Encoding'd body
 * @param maxDecodeRatio most decoded bytes per encoded byte (past the first MiB)
 * @param maxEncodingLayers most Content-Encoding layers undone for one body
 * @param maxPendingRequests requests waiting for their response in one flow (pipelining)
 * @param webSocket whether a connection upgraded to WebSocket is read as frames (each message an object; the decode
 *     limits apply to compressed messages) rather than as a raw stream
 * @param webSocketMemcap native memory the permessage-deflate inflaters of a worker may hold
 */
public record HttpConfig(int maxInitialLine, int maxHeaderBytes, long maxDecodedBytes, int maxDecodeRatio,
                         int maxEncodingLayers, int maxPendingRequests, boolean webSocket, long webSocketMemcap) {
    /** The default of {@code http.websocket_memcap}. */
    public static final long DEFAULT_WEBSOCKET_MEMCAP = 32L << 20;

    /** With WebSocket read, inflaters under the default memcap. */
    public HttpConfig(int maxInitialLine, int maxHeaderBytes, long maxDecodedBytes, int maxDecodeRatio,
                      int maxEncodingLayers, int maxPendingRequests) {
        this(maxInitialLine, maxHeaderBytes, maxDecodedBytes, maxDecodeRatio, maxEncodingLayers, maxPendingRequests,
                true, DEFAULT_WEBSOCKET_MEMCAP);
    }

    /** Content handed on in pieces of at most this many bytes (netty's maxChunkSize): a read size, not a limit. */
    static final int READ_PIECE = 64 * 1024;
    /**
     * Encoded bytes a decoder takes at a time (a Content-Encoding layer, a WebSocket inflater), so that one slice can
     * only expand so far before the decode limits are checked.
     */
    public static final int DECODE_SLICE = 4096;
    /** The ratio limit starts to apply once this much is decoded: small bodies compress arbitrarily well. */
    private static final long RATIO_FLOOR = 1 << 20;

    /** The decode limit that stops a decoder. */
    public enum DecodeLimit { DECODED_BYTES, RATIO }

    /**
     * The limit that {@code decoded} bytes out of {@code encoded} pass, or null: {@link #maxDecodedBytes}, or
     * {@link #maxDecodeRatio} once 1 MiB is decoded (a decompression bomb). One rule for bodies and WebSocket messages.
     */
    public DecodeLimit exceeded(long encoded, long decoded) {
        if (decoded > maxDecodedBytes) {
            return DecodeLimit.DECODED_BYTES;
        }
        return decoded > RATIO_FLOOR && decoded > encoded * maxDecodeRatio ? DecodeLimit.RATIO : null;
    }
}
