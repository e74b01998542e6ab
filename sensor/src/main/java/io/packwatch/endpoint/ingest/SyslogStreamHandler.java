package io.packwatch.endpoint.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Frames one TCP or TLS connection's bytes into syslog messages (RFC 6587), deciding per message:
 * a frame that starts with a digit is octet-counted ({@code 123 <msg>}); anything else runs to the
 * next LF or NUL (a CR before the LF is dropped). Stray LF, CR and NUL between frames are skipped.
 *
 * <p>Each read is scanned where it lies: a message wholly inside one read is copied once, straight
 * into the queue. Only a message split across reads is gathered in this connection's own array,
 * which never grows past {@code endpoint.max_message_bytes}. A longer message is delivered cut at
 * that size, flagged and counted, and the rest is skipped (by count, or to the next delimiter), so
 * the connection stays in step. A count that is not a count (a digit run not ended by a space, a
 * leading zero, more than 10 digits) is a framing error, and the frame is read as LF-terminated.
 *
 * <p>The connection is closed when no message completes for {@code endpoint.tcp.idle_timeout}: that
 * ends silent connections and also slow senders that trickle bytes of a frame that never ends. What
 * such a frame carried so far is delivered, flagged as truncated.
 */
final class SyslogStreamHandler extends ChannelInboundHandlerAdapter {
    private static final int START = 0;
    private static final int COUNT = 1;
    private static final int BODY = 2;
    private static final int LINE = 3;
    private static final int SKIP_COUNT = 4;
    private static final int SKIP_LINE = 5;
    private static final int MAX_COUNT_DIGITS = 10;
    /** The gather array is given back after a message larger than this. */
    private static final int RETAINED_PARTIAL_BYTES = 4096;
    private static final ByteProcessor NOT_DELIMITER = b -> b != '\n' && b != 0;

    private final Transport transport;
    private final int maxMessage;
    private final long idleTimeoutNanos;
    private final MessageQueue queue;
    private final IngestCounters counters;

    private InetSocketAddress sender;
    private int state = START;
    /** COUNT: the digits so far; BODY: bytes still to keep; SKIP_COUNT: bytes still to skip. */
    private long count;
    private int digits;
    /** BODY: bytes of the frame beyond the maximum, skipped after delivery. */
    private long excess;
    private byte[] partial;
    private int partialLen;
    private long lastMessageNanos;
    private ScheduledFuture<?> idleCheck;
    private boolean handshakeFailed;
    private boolean closedIdle;

    SyslogStreamHandler(Transport transport, int maxMessage, long idleTimeoutNanos, MessageQueue queue,
                        IngestCounters counters) {
        this.transport = transport;
        this.maxMessage = maxMessage;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.queue = queue;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sender = (InetSocketAddress) ctx.channel().remoteAddress();
        lastMessageNanos = System.nanoTime();
        if (idleTimeoutNanos > 0) {
            idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        super.channelActive(ctx);
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        long quiet = System.nanoTime() - lastMessageNanos;
        if (quiet >= idleTimeoutNanos) {
            counters.idleTimeouts.increment();
            closedIdle = true;
            ctx.close();
        } else if (ctx.channel().isActive()) {
            idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), idleTimeoutNanos - quiet, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            frame(buf, System.currentTimeMillis() * 1_000_000L);
        } finally {
            buf.release();
        }
    }

    /** Runs the framing state machine over one read. */
    void frame(ByteBuf buf, long nowNanos) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            switch (state) {
                case START: {
                    byte b = buf.getByte(i);
                    if (b == '\n' || b == '\r' || b == 0) {
                        i++;
                    } else if (b >= '1' && b <= '9') {
                        state = COUNT;
                        count = 0;
                        digits = 0;
                    } else {
                        state = LINE;
                    }
                    break;
                }
                case COUNT:
                    i = count(buf, i, end);
                    break;
                case BODY:
                    i = body(buf, i, end, nowNanos);
                    break;
                case LINE:
                    i = line(buf, i, end, nowNanos);
                    break;
                case SKIP_COUNT: {
                    int n = (int) Math.min(count, end - i);
                    i += n;
                    count -= n;
                    if (count == 0) {
                        state = START;
                    }
                    break;
                }
                case SKIP_LINE: {
                    int stop = buf.forEachByte(i, end - i, NOT_DELIMITER);
                    if (stop < 0) {
                        i = end;
                    } else {
                        i = stop + 1;
                        state = START;
                    }
                    break;
                }
                default:
                    throw new AssertionError(state);
            }
        }
    }

    private int count(ByteBuf buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i);
            if (b >= '0' && b <= '9' && digits < MAX_COUNT_DIGITS) {
                count = count * 10 + (b - '0');
                digits++;
                i++;
            } else if (b == ' ' && count <= Integer.MAX_VALUE) {
                long keep = Math.min(count, maxMessage);
                excess = count - keep;
                count = keep;
                state = BODY;
                return i + 1;
            } else {
                // Not an octet count: read the frame as a line, starting with the digits taken so far.
                counters.framingErrors.increment();
                String taken = Long.toString(count);
                for (int k = 0; k < taken.length(); k++) {
                    gather((byte) taken.charAt(k));
                }
                state = LINE;
                return i;
            }
        }
        return i;
    }

    private int body(ByteBuf buf, int i, int end, long nowNanos) {
        int n = (int) Math.min(count, end - i);
        if (partialLen == 0 && n == count) {
            deliver(buf, i, n, nowNanos, excess > 0);
        } else {
            gather(buf, i, n);
            if (n == count) {
                deliverPartial(nowNanos, excess > 0);
            }
        }
        count -= n;
        i += n;
        if (count == 0) {
            if (excess > 0) {
                count = excess;
                state = SKIP_COUNT;
            } else {
                state = START;
            }
        }
        return i;
    }

    private int line(ByteBuf buf, int i, int end, long nowNanos) {
        int stop = buf.forEachByte(i, end - i, NOT_DELIMITER);
        int segmentEnd = stop < 0 ? end : stop;
        int len = segmentEnd - i;
        if (partialLen + len > maxMessage) {
            int keep = maxMessage - partialLen;
            if (partialLen == 0) {
                deliver(buf, i, keep, nowNanos, true);
            } else {
                gather(buf, i, keep);
                deliverPartial(nowNanos, true);
            }
            state = stop < 0 ? SKIP_LINE : START;
            return stop < 0 ? end : stop + 1;
        }
        if (stop < 0) {
            gather(buf, i, len);
            return end;
        }
        if (partialLen == 0) {
            if (len > 0 && buf.getByte(segmentEnd - 1) == '\r') {
                len--;
            }
            if (len > 0) {
                deliver(buf, i, len, nowNanos, false);
            }
        } else {
            gather(buf, i, len);
            if (partial[partialLen - 1] == '\r') {
                partialLen--;
            }
            deliverPartial(nowNanos, false);
        }
        state = START;
        return stop + 1;
    }

    private void deliver(ByteBuf buf, int index, int len, long nowNanos, boolean truncated) {
        account(len, truncated);
        queue.offer(buf, index, len, sender, transport, nowNanos, truncated);
    }

    private void deliverPartial(long nowNanos, boolean truncated) {
        if (partialLen > 0) {
            account(partialLen, truncated);
            queue.offer(partial, 0, partialLen, sender, transport, nowNanos, truncated);
        }
        partialLen = 0;
        if (partial.length > RETAINED_PARTIAL_BYTES) {
            partial = null;
        }
    }

    private void account(int len, boolean truncated) {
        counters.received(transport, len);
        if (truncated) {
            counters.truncated.increment();
        }
        lastMessageNanos = System.nanoTime();
    }

    private void gather(ByteBuf buf, int index, int len) {
        ensure(partialLen + len);
        buf.getBytes(index, partial, partialLen, len);
        partialLen += len;
    }

    private void gather(byte b) {
        ensure(partialLen + 1);
        partial[partialLen++] = b;
    }

    private void ensure(int needed) {
        if (partial == null) {
            partial = new byte[Math.min(maxMessage, Math.max(needed, 512))];
        } else if (partial.length < needed) {
            byte[] bigger = new byte[(int) Math.min(maxMessage, Math.max(needed, 2L * partial.length))];
            System.arraycopy(partial, 0, bigger, 0, partialLen);
            partial = bigger;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        if (state == LINE) {
            // The peer's close ends its last line. Our idle close does not: that line is flagged.
            if (partialLen > 0 && partial[partialLen - 1] == '\r') {
                partialLen--;
            }
            deliverPartial(now, closedIdle);
        } else if (state == COUNT || state == BODY) {
            // The peer closed inside a frame: keep what came, flagged, and count the broken frame.
            counters.framingErrors.increment();
            if (state == BODY && partialLen > 0) {
                counters.received(transport, partialLen);
                queue.offer(partial, 0, partialLen, sender, transport, now, true);
            }
        }
        partialLen = 0;
        state = START;
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            counters.tlsHandshakeFailures.increment();
            handshakeFailed = true;
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and TLS alerts are the peer's business: count them and end only this connection.
        if (!handshakeFailed) {
            counters.connectionErrors.increment();
        }
        ctx.close();
    }
}
