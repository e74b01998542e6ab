package io.packwatch.endpoint.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.packwatch.config.Settings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The syslog listeners of {@code endpoint.listen}: UDP (RFC 5426), TCP (RFC 6587) and TLS (RFC 5425),
 * any number of each, on one pool of {@code endpoint.io_threads} event-loop threads. Every message
 * goes through one bounded {@link MessageQueue} to the handler (see {@link SyslogMessageHandler} for
 * the threading). Nothing listens unless configured.
 */
public final class SyslogReceivers {
    /** Datagrams read per wake-up of a UDP listener before it yields to other channels (Netty's default is 16). */
    private static final int DATAGRAMS_PER_READ = 64;
    private final IngestConfig config;
    private final IngestCounters counters = new IngestCounters();
    private final SenderFilter senders;
    private final SslContext tls;
    private final List<Channel> channels = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private MessageQueue queue;

    public SyslogReceivers(IngestConfig config) {
        this.config = config;
        this.senders = new SenderFilter(config.allowSenders());
        boolean anyTls = config.listen().stream().anyMatch(l -> l.transport() == Transport.TLS);
        this.tls = anyTls ? TlsContexts.server(config.tlsCert(), config.tlsKey(), config.tlsClientCa()) : null;
    }

    /** The receivers {@code endpoint.*} asks for; check {@link #enabled} (false when endpoint.listen is empty). */
    public static SyslogReceivers fromSettings(Settings settings) {
        return new SyslogReceivers(IngestConfig.from(settings));
    }

    public boolean enabled() {
        return !config.listen().isEmpty();
    }

    public IngestCounters counters() {
        return counters;
    }

    /** The addresses actually bound, in {@code endpoint.listen} order (a port 0 there shows the port taken). */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /**
     * Binds every listener and starts delivering to {@code handler}. If one cannot bind, those
     * already bound are closed again and the error names the address.
     */
    public synchronized void start(SyslogMessageHandler handler) throws IOException {
        if (queue != null) {
            throw new IllegalStateException("already started");
        }
        queue = new MessageQueue(config.queueMessages(), config.queueMemory(), counters, handler);
        acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory("packwatch-syslog-accept", true));
        workers = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("packwatch-syslog-io", true));
        try {
            for (ListenSpec spec : config.listen()) {
                Channel ch = bind(spec);
                channels.add(ch);
                bound.add((InetSocketAddress) ch.localAddress());
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private Channel bind(ListenSpec spec) throws IOException {
        ChannelFuture f;
        if (spec.transport() == Transport.UDP) {
            f = new Bootstrap().group(workers).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, config.udpReceiveBuffer())
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(IngestConfig.MAX_DATAGRAM).maxMessagesPerRead(DATAGRAMS_PER_READ))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramHandler(senders, config.maxMessageBytes(), queue, counters));
                        }
                    })
                    .bind(spec.address());
        } else {
            SslContext ssl = spec.transport() == Transport.TLS ? tls : null;
            f = new ServerBootstrap().group(acceptors, workers).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            admit(ch, spec.transport(), ssl);
                        }
                    })
                    .bind(spec.address());
        }
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw bindError(spec, f.cause());
        }
        return f.channel();
    }

    /** Refuses a sender outside the allowlist or beyond the connection limit, else sets up its framing. */
    private void admit(SocketChannel ch, Transport transport, SslContext ssl) {
        if (!senders.allows(ch.remoteAddress())) {
            counters.refusedSenders.increment();
            ch.close();
            return;
        }
        if (!counters.openConnection(config.tcpMaxConnections())) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> counters.closeConnection());
        if (ssl != null) {
            SslHandler h = ssl.newHandler(ch.alloc());
            h.setHandshakeTimeout(config.tlsHandshakeTimeoutNanos(), TimeUnit.NANOSECONDS);
            ch.pipeline().addLast(h);
        }
        ch.pipeline().addLast(new SyslogStreamHandler(transport, config.maxMessageBytes(), config.tcpIdleTimeoutNanos(),
                queue, counters));
    }

    private static IOException bindError(ListenSpec spec, Throwable cause) {
        String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        String hint = "";
        if (cause instanceof BindException && why.contains("ermission") && spec.address().getPort() < 1024) {
            hint = " (ports below 1024 need root or 'setcap cap_net_bind_service=eip' on java; or use a port above 1023)";
        } else if (cause instanceof BindException && why.contains("in use")) {
            hint = " (another program, or another endpoint.listen entry, has it)";
        }
        return new IOException("cannot listen on " + spec + ": " + why + hint, cause);
    }

    /** Closes the listeners, lets the handler finish what is queued, and stops the threads. */
    public synchronized void stop() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly();
        }
        channels.clear();
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (queue != null) {
            try {
                queue.stop(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Messages waiting for the handler now. */
    public int queued() {
        return queue == null ? 0 : queue.size();
    }
}
