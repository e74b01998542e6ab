package io.packwatch.app.http;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/** The {@code http.*} counters, looked up once per worker. */
final class HttpCounters {
    final Counter requests;
    final Counter responses;
    final Counter parseErrors;
    final Counter resyncs;
    final Counter gaps;
    final Counter gapsBridged;
    final Counter bodies;
    final Counter decodedBodies;
    final Counter parts;
    final Counter tunnels;
    final Counter unpairedResponses;
    final Counter chunkedWithLength;
    final Counter unknownEncodings;
    final Counter decodeErrors;
    final Counter junkBytes;
    final Counter limitInitialLine;
    final Counter limitHeaderBytes;
    final Counter limitDecodedBytes;
    final Counter limitDecodeRatio;
    final Counter limitEncodingLayers;
    final Counter limitPendingRequests;
    final Counter limitPartHeaderBytes;

    HttpCounters(Counters c) {
        requests = c.counter("http.requests");
        responses = c.counter("http.responses");
        parseErrors = c.counter("http.parse_errors");
        resyncs = c.counter("http.resyncs");
        gaps = c.counter("http.gaps");
        gapsBridged = c.counter("http.gaps_bridged");
        bodies = c.counter("http.bodies");
        decodedBodies = c.counter("http.decoded_bodies");
        parts = c.counter("http.parts");
        tunnels = c.counter("http.tunnels");
        unpairedResponses = c.counter("http.unpaired_responses");
        chunkedWithLength = c.counter("http.suspicious.chunked_with_content_length");
        unknownEncodings = c.counter("http.unknown_encodings");
        decodeErrors = c.counter("http.decode_errors");
        junkBytes = c.counter("http.junk_bytes");
        limitInitialLine = c.counter("http.limit.initial_line");
        limitHeaderBytes = c.counter("http.limit.header_bytes");
        limitDecodedBytes = c.counter("http.limit.decoded_bytes");
        limitDecodeRatio = c.counter("http.limit.decode_ratio");
        limitEncodingLayers = c.counter("http.limit.encoding_layers");
        limitPendingRequests = c.counter("http.limit.pending_requests");
        limitPartHeaderBytes = c.counter("http.limit.part_header_bytes");
    }
}
