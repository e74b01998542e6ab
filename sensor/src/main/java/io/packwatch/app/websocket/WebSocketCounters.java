package io.packwatch.app.websocket;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/** The {@code websocket.*} counters, looked up once per worker. */
final class WebSocketCounters {
    final Counter connections;
    final Counter frames;
    final Counter messages;
    final Counter compressedMessages;
    final Counter controlFrames;
    final Counter controlBytes;
    final Counter framingErrors;
    final Counter protocolErrors;
    final Counter gapsBridged;
    final Counter gapsUnbridged;
    final Counter unknownExtensions;
    final Counter decodeErrors;
    final Counter undecodableMessages;
    final Counter limitDecodedBytes;
    final Counter limitDecodeRatio;

    WebSocketCounters(Counters c) {
        connections = c.counter("websocket.connections");
        frames = c.counter("websocket.frames");
        messages = c.counter("websocket.messages");
        compressedMessages = c.counter("websocket.compressed_messages");
        controlFrames = c.counter("websocket.control_frames");
        controlBytes = c.counter("websocket.control_bytes");
        framingErrors = c.counter("websocket.framing_errors");
        protocolErrors = c.counter("websocket.protocol_errors");
        gapsBridged = c.counter("websocket.gaps_bridged");
        gapsUnbridged = c.counter("websocket.gaps_unbridged");
        unknownExtensions = c.counter("websocket.unknown_extensions");
        decodeErrors = c.counter("websocket.decode_errors");
        undecodableMessages = c.counter("websocket.undecodable_messages");
        limitDecodedBytes = c.counter("websocket.limit.decoded_bytes");
        limitDecodeRatio = c.counter("websocket.limit.decode_ratio");
    }
}
