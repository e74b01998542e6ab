package io.packwatch.bench;

import io.packwatch.config.Settings;
import io.packwatch.endpoint.ingest.IngestCounters;
import io.packwatch.endpoint.ingest.SyslogReceivers;
import io.packwatch.endpoint.ingest.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the syslog receivers on loopback: sender threads push RFC 5424 messages (about 190
 * bytes) over TCP for a while, then over UDP, to receivers whose handler only counts. Prints what
 * was sent, framed, handed to the handler, dropped at the queue, and the handled rate.
 *
 * <pre>java -cp CLASSPATH io.packwatch.bench.SyslogLoad [SECONDS] [TCP_SENDERS] [UDP_SENDERS] [TCP_FRAMING octet|lf] [IO_THREADS]</pre>
 */
public final class SyslogLoad {
    private static final String TEMPLATE = "<134>1 2026-11-30T16:37:05.123456+00:00 ws-017.corp.example python3 2211 - "
            + "[meta seq=\"%010d\"] open('/tmp/stage/passwd.gz','wb').write(gzip.compress(data))";

    private volatile long handled;
    private volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int tcpSenders = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int udpSenders = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        boolean octet = args.length <= 3 || args[3].equals("octet");
        String ioThreads = args.length > 4 ? args[4] : "2";
        new SyslogLoad().run(seconds, tcpSenders, udpSenders, octet, ioThreads);
    }

    private void run(int seconds, int tcpSenders, int udpSenders, boolean octet, String ioThreads) throws Exception {
        Settings s = new Settings.Builder()
                .set("endpoint.listen", "tcp://127.0.0.1:0,udp://127.0.0.1:0", "bench")
                .set("endpoint.io_threads", ioThreads, "bench")
                .build("bench");
        SyslogReceivers receivers = SyslogReceivers.fromSettings(s);
        receivers.start((msg, off, len, sender, transport, nanos, truncated) -> handled++);
        InetSocketAddress tcp = receivers.boundAddresses().get(0);
        InetSocketAddress udp = receivers.boundAddresses().get(1);
        System.out.printf("syslog load: %d s per transport, %d TCP senders (%s framing), %d UDP senders, %d-byte messages%n",
                seconds, tcpSenders, octet ? "octet-counting" : "LF", udpSenders, message(0).length);

        phase("tcp", receivers, Transport.TCP, seconds, tcpSenders, sent -> sendTcp(tcp, octet, sent));
        phase("udp", receivers, Transport.UDP, seconds, udpSenders, sent -> sendUdp(udp, sent));
        receivers.stop();
    }

    private interface Sender {
        void send(AtomicLong sent) throws IOException;
    }

    private void phase(String name, SyslogReceivers receivers, Transport t, int seconds, int senders, Sender sender)
            throws Exception {
        IngestCounters c = receivers.counters();
        long received0 = c.received(t);
        long dropped0 = c.dropped();
        long handled0 = handled;
        long cpu0 = receiverCpuNanos();
        AtomicLong sent = new AtomicLong();
        stop = false;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Thread th = new Thread(() -> {
                try {
                    sender.send(sent);
                } catch (IOException e) {
                    System.err.println(name + " sender: " + e);
                }
            }, name + "-sender-" + i);
            threads.add(th);
            th.start();
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop = true;
        for (Thread th : threads) {
            th.join();
        }
        // Let the receivers catch up with what is in flight, then measure.
        long last = -1;
        while (c.received(t) != last || receivers.queued() > 0) {
            last = c.received(t);
            Thread.sleep(200);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long received = c.received(t) - received0;
        long dropped = c.dropped() - dropped0;
        long done = handled - handled0;
        double cpuPerMessage = (receiverCpuNanos() - cpu0) / 1e3 / Math.max(1, received);
        System.out.printf("%s: sent %,d  received %,d  handled %,d  dropped at queue %,d  lost before the receiver %,d"
                        + "  ->  %,.0f messages/s handled (%.1f s); receiver threads' CPU %.2f us/message"
                        + " (%,.0f messages per CPU-second)%n",
                name, sent.get(), received, done, dropped, Math.max(0, sent.get() - received), done / secs, secs,
                cpuPerMessage, 1e6 / cpuPerMessage);
    }

    /** CPU time of the receivers' own threads (event loops and dispatcher), not the senders'. */
    private static long receiverCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("packwatch-syslog")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    private void sendTcp(InetSocketAddress to, boolean octet, AtomicLong sent) throws IOException {
        // Pre-framed batches of 256 messages, written whole: the sender must outrun the receiver.
        byte[][] batches = new byte[16][];
        int perBatch = 256;
        for (int b = 0; b < batches.length; b++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < perBatch; i++) {
                String m = new String(message(b * perBatch + i), StandardCharsets.US_ASCII);
                sb.append(octet ? m.length() + " " + m : m + "\n");
            }
            batches[b] = sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
        try (Socket s = new Socket(to.getAddress(), to.getPort())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (int b = 0; !stop; b = (b + 1) % batches.length) {
                out.write(batches[b]);
                sent.addAndGet(perBatch);
            }
        }
    }

    private void sendUdp(InetSocketAddress to, AtomicLong sent) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ByteBuffer[] msgs = new ByteBuffer[256];
            for (int i = 0; i < msgs.length; i++) {
                msgs[i] = ByteBuffer.wrap(message(i));
            }
            long n = 0;
            while (!stop) {
                ByteBuffer b = msgs[(int) (n & 255)];
                b.clear();
                try {
                    ch.write(b);
                    n++;
                } catch (java.net.PortUnreachableException e) {
                    break;
                }
                if ((n & 1023) == 0) {
                    sent.addAndGet(1024);
                }
            }
            sent.addAndGet(n & 1023);
        }
    }

    private static byte[] message(long seq) {
        return String.format(TEMPLATE, seq).getBytes(StandardCharsets.US_ASCII);
    }
}
