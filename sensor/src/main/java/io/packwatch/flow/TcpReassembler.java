package io.packwatch.flow;

import io.packwatch.decode.ByteRangeBuffer;
import io.packwatch.decode.Memcap;
import io.packwatch.decode.Packet;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/**
 * Puts each direction's segments in order and hands the bytes to the flow's consumer.
 * In-order data, the common case, is handed over straight from the packet with no copy;
 * out-of-order data waits in a {@link ByteRangeBuffer} under a global memcap. Nothing stalls a
 * stream: a hole is declared a gap when the receiver acknowledges past it, when a direction
 * holds too much data behind it, or when the flow ends.
 */
final class TcpReassembler {
    /** Segments further ahead than this are not plausible for any window: ignored as garbage. */
    private static final long MAX_AHEAD = 1L << 30;

    private final ReassemblyConfig config;
    private final Memcap memcap;
    private final ByteRangeBuffer.Overlap overlap = new ByteRangeBuffer.Overlap();
    private final Counter segments;
    private final Counter inOrder;
    private final Counter outOfOrder;
    private final Counter retransmissions;
    private final Counter overlaps;
    private final Counter overlapConflicts;
    private final Counter gaps;
    private final Counter gapBytes;
    private final Counter depthReached;
    private final Counter beyondDepth;
    private final Counter memcapDrops;
    private final Counter oooLimitGaps;
    private final Counter outOfWindow;
    private final Counter deliveredBytes;
    private final Counter snaplenGaps;

    private Flow sinkFlow;
    private int sinkDirection;
    private TcpStream sinkStream;
    private final ByteRangeBuffer.Sink sink = (data, off, len) -> deliver(sinkFlow, sinkDirection, sinkStream, data, off, len);

    TcpReassembler(ReassemblyConfig config, Counters counters) {
        this.config = config;
        this.memcap = new Memcap(config.memcap(), counters.counter("reassembly.memcap_hits"),
                counters.counter("reassembly.memory_peak_bytes"));
        segments = counters.counter("reassembly.segments");
        inOrder = counters.counter("reassembly.in_order");
        outOfOrder = counters.counter("reassembly.out_of_order");
        retransmissions = counters.counter("reassembly.retransmissions");
        overlaps = counters.counter("reassembly.overlaps");
        overlapConflicts = counters.counter("reassembly.overlap_conflicts");
        gaps = counters.counter("reassembly.gaps");
        gapBytes = counters.counter("reassembly.gap_bytes");
        depthReached = counters.counter("reassembly.depth_reached");
        beyondDepth = counters.counter("reassembly.beyond_depth_bytes");
        memcapDrops = counters.counter("reassembly.memcap_dropped_bytes");
        oooLimitGaps = counters.counter("reassembly.ooo_limit_gaps");
        outOfWindow = counters.counter("reassembly.out_of_window");
        deliveredBytes = counters.counter("reassembly.delivered_bytes");
        snaplenGaps = counters.counter("reassembly.snaplen_gaps");
    }

    /** Handles one TCP packet of {@code flow} travelling in {@code dir}. */
    void onPacket(Flow flow, int dir, Packet p, boolean acceptPayload) {
        TcpStream s = flow.streamOrCreate(dir);
        if (p.has(Packet.SYN)) {
            if (!s.initialized || s.delivered == 0 && s.pending == null) {
                s.initialized = true;
                s.nextSeq = p.seq + 1;
                s.nextOffset = 0;
            }
        }
        if (p.has(Packet.ACK)) {
            onAck(flow, 1 - dir, p.ack);
        }
        int len = p.payloadLength;
        if (len > 0 && acceptPayload && !s.closed) {
            if (!s.initialized) {
                // Picked up mid-stream: the stream starts at the first byte seen.
                s.initialized = true;
                s.nextSeq = p.has(Packet.SYN) ? p.seq + 1 : p.seq;
                s.nextOffset = 0;
            }
            int seq = p.has(Packet.SYN) ? p.seq + 1 : p.seq;
            onSegment(flow, dir, s, seq, p.buf, p.payloadOffset, len);
            int missing = p.ipMissing;
            if (missing > 0 && s.offsetOf(seq) + len == s.nextOffset && s.pending == null) {
                // The snaplen cut this segment: its tail will never be seen.
                snaplenGaps.inc();
                skipTo(flow, dir, s, s.nextOffset + missing);
            }
        }
        if (p.has(Packet.FIN) && s.initialized) {
            s.finSeen = true;
            s.finSeq = p.seq + len + (p.has(Packet.SYN) ? 1 : 0);
        }
        closeIfFinReached(flow, dir, s);
        if (p.has(Packet.RST)) {
            closeStream(flow, Flow.FROM_CLIENT);
            closeStream(flow, Flow.FROM_SERVER);
        }
    }

    private void onSegment(Flow flow, int dir, TcpStream s, int seq, byte[] b, int off, int len) {
        segments.inc();
        if (config.depth() > 0 && s.delivered >= config.depth()) {
            beyondDepth.add(len);
            return;
        }
        long start = s.offsetOf(seq);
        long end = start + len;
        if (end <= s.nextOffset) {
            retransmissions.inc();
            flow.record(History.RETRANSMISSION, dir);
            return;
        }
        if (start - s.nextOffset > MAX_AHEAD) {
            outOfWindow.inc();
            return;
        }
        if (start < s.nextOffset) {
            // Partly new: the front was delivered already and the first copy stands.
            int skip = (int) (s.nextOffset - start);
            retransmissions.inc();
            off += skip;
            len -= skip;
            start = s.nextOffset;
        }
        if (start == s.nextOffset && (s.pending == null || s.pending.isEmpty())) {
            inOrder.inc();
            deliver(flow, dir, s, b, off, len);
            return;
        }
        if (start > s.nextOffset) {
            outOfOrder.inc();
        } else {
            inOrder.inc();
        }
        if (s.pending == null) {
            s.pending = new ByteRangeBuffer(memcap);
        }
        s.pending.insert(start, b, off, len, config.policy(), overlap);
        if (overlap.overlappingBytes > 0) {
            overlaps.inc();
        }
        if (overlap.conflictingBytes > 0) {
            overlapConflicts.inc();
            s.conflicts += overlap.conflictingBytes;
        }
        if (overlap.refused) {
            memcapDrops.add(len);
        }
        drain(flow, dir, s);
        if (!s.pending.isEmpty() && (s.pending.bufferedBytes() > config.maxOooBytes()
                || s.pending.pieceCount() > config.maxOooSegments())) {
            // Waiting any longer for the hole would hold too much: give it up as lost.
            oooLimitGaps.inc();
            skipTo(flow, dir, s, s.pending.firstStart());
        }
    }

    /**
     * True for a RST whose sequence number lies before bytes its sender already sent: outside any receive window,
     * so every receiver drops it (RFC 793, RFC 5961); only an insertion looks like that.
     */
    boolean resetBehindStream(Flow flow, int dir, Packet p) {
        TcpStream s = flow.stream(dir);
        return s != null && s.initialized && !s.closed && s.offsetOf(p.seq) < s.nextOffset;
    }

    /** The peer acknowledged up to {@code ack}: anything before it that never came is a gap. */
    private void onAck(Flow flow, int dir, int ack) {
        TcpStream s = flow.stream(dir);
        if (s == null || !s.initialized || s.closed) {
            return;
        }
        long acked = s.offsetOf(ack);
        if (s.finSeen && ack == s.finSeq + 1) {
            acked--;
        }
        if (acked <= s.nextOffset || acked - s.nextOffset > MAX_AHEAD) {
            return;
        }
        long holeEnd = s.pending == null || s.pending.isEmpty() ? acked : Math.min(acked, s.pending.firstStart());
        if (holeEnd > s.nextOffset) {
            skipTo(flow, dir, s, holeEnd);
        }
    }

    /** Declares everything up to {@code offset} lost, then delivers what follows it. */
    private void skipTo(Flow flow, int dir, TcpStream s, long offset) {
        long missing = offset - s.nextOffset;
        if (missing <= 0) {
            return;
        }
        gaps.inc();
        gapBytes.add(missing);
        s.gapBytes += missing;
        flow.record(History.GAP, dir);
        s.advanceTo(offset);
        if (flow.consumer != null && !s.depthReached) {
            flow.consumer.onGap(flow, dir, missing);
        }
        drain(flow, dir, s);
        closeIfFinReached(flow, dir, s);
    }

    private void closeIfFinReached(Flow flow, int dir, TcpStream s) {
        if (s.finSeen && !s.closed && s.finSeq == s.nextSeq && (s.pending == null || s.pending.isEmpty())) {
            close(flow, dir, s);
        }
    }

    private void drain(Flow flow, int dir, TcpStream s) {
        if (s.pending == null || s.pending.isEmpty() || s.pending.firstStart() > s.nextOffset) {
            return;
        }
        sinkFlow = flow;
        sinkDirection = dir;
        sinkStream = s;
        s.pending.drainFrom(s.nextOffset, sink);
        sinkFlow = null;
        sinkStream = null;
    }

    private void deliver(Flow flow, int dir, TcpStream s, byte[] b, int off, int len) {
        s.advanceTo(s.nextOffset + len);
        if (s.depthReached) {
            beyondDepth.add(len);
            return;
        }
        long depth = config.depth();
        int n = len;
        if (depth > 0 && s.delivered + len >= depth) {
            n = (int) (depth - s.delivered);
            s.depthReached = true;
            depthReached.inc();
            beyondDepth.add(len - n);
        }
        s.delivered += n;
        deliveredBytes.add(n);
        if (flow.consumer != null) {
            if (n > 0) {
                flow.consumer.onData(flow, dir, b, off, n);
            }
            if (s.depthReached) {
                flow.consumer.onDepthReached(flow, dir);
                if (s.pending != null) {
                    s.pending.clear();
                }
            }
        }
    }

    private void closeStream(Flow flow, int dir) {
        TcpStream s = flow.stream(dir);
        if (s != null) {
            close(flow, dir, s);
        }
    }

    /** Ends a direction: whatever is still buffered is delivered after declaring its holes gaps. */
    void close(Flow flow, int dir, TcpStream s) {
        if (s.closed) {
            return;
        }
        while (s.pending != null && !s.pending.isEmpty() && !s.depthReached) {
            skipTo(flow, dir, s, s.pending.firstStart());
        }
        if (s.closed) {
            return;
        }
        s.closed = true;
        if (s.pending != null) {
            s.pending.clear();
            s.pending = null;
        }
        if (flow.consumer != null) {
            flow.consumer.onClose(flow, dir);
        }
    }

    /** Ends both directions of a flow that is leaving the table. */
    void finish(Flow flow) {
        closeStream(flow, Flow.FROM_CLIENT);
        closeStream(flow, Flow.FROM_SERVER);
    }
}
