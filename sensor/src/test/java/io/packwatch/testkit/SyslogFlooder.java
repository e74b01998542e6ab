package io.packwatch.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Floods a TCP syslog receiver with octet-counted RFC 5424 messages (sshd logins: parsed and run through the
 * Sigma rules, but no rule fires, so the output stays small) from threads that connect, retrying until the receiver listens, and write pre-framed batches
 * until {@link #close}. Counts the messages written (into the socket: some may be unread when the receiver stops).
 */
public final class SyslogFlooder implements AutoCloseable {
    private static final int PER_BATCH = 256;
    private final byte[] batch;
    private final InetSocketAddress to;
    private final AtomicLong written = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    public SyslogFlooder(InetSocketAddress to, int senders) {
        this.to = to;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PER_BATCH; i++) {
            String m = "<38>1 2026-01-01T00:00:0" + (i % 10) + ".000000+00:00 ws-017.corp.example sshd 2211 - "
                    + "[meta seq=\"" + i + "\"] Accepted publickey for alice from 10.1.0.5 port " + (40000 + i) + " ssh2";
            sb.append(m.length()).append(' ').append(m);
        }
        this.batch = sb.toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < senders; i++) {
            Thread t = new Thread(this::flood, "syslog-flooder-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    public long written() {
        return written.get();
    }

    private void flood() {
        while (!stop) {
            try (Socket s = new Socket()) {
                s.connect(to, 1000);
                OutputStream out = s.getOutputStream();
                while (!stop) {
                    out.write(batch);
                    written.addAndGet(PER_BATCH);
                }
            } catch (IOException e) {
                try {
                    Thread.sleep(5); // not listening yet, or gone: try again until stopped
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
