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
}
