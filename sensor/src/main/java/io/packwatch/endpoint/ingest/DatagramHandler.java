package io.packwatch.endpoint.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * UDP syslog (RFC 5426): one message per datagram. Trailing LF, CR and NUL, which some senders
 * append, are removed so every transport hands on the same bytes.
 */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final SenderFilter senders;
    private final int maxMessage;
    private final MessageQueue queue;
    private final IngestCounters counters;

    DatagramHandler(SenderFilter senders, int maxMessage, MessageQueue queue, IngestCounters counters) {
        this.senders = senders;
        this.maxMessage = maxMessage;
        this.queue = queue;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (!senders.allows(packet.sender())) {
            counters.refusedSenders.increment();
            return;
        }
        ByteBuf b = packet.content();
        int start = b.readerIndex();
        int end = b.writerIndex();
        while (end > start) {
            byte last = b.getByte(end - 1);
            if (last != '\n' && last != '\r' && last != 0) {
                break;
            }
            end--;
        }
        int len = end - start;
        if (len == 0) {
            counters.framingErrors.increment();
            return;
        }
        boolean truncated = len > maxMessage;
        if (truncated) {
            len = maxMessage;
            counters.truncated.increment();
        }
        counters.received(Transport.UDP, len);
        queue.offer(b, start, len, packet.sender(), Transport.UDP, System.currentTimeMillis() * 1_000_000L, truncated);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An ICMP error or a failed read must not close the listening socket.
        counters.connectionErrors.increment();
    }
}
