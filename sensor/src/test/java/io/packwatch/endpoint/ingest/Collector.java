package io.packwatch.endpoint.ingest;

import io.packwatch.config.Settings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A handler that keeps a copy of every message, and helpers to run receivers in tests. */
final class Collector implements SyslogMessageHandler {
    record Msg(String text, int len, InetSocketAddress sender, String transport, long receivedNanos, boolean truncated) {
    }

    private final List<Msg> msgs = new ArrayList<>();

    @Override
    public synchronized void onMessage(byte[] msg, int off, int len, InetSocketAddress sender, String transport,
                                       long receivedNanos, boolean truncated) {
        msgs.add(new Msg(new String(msg, off, len, StandardCharsets.ISO_8859_1), len, sender, transport, receivedNanos,
                truncated));
        notifyAll();
    }

    /** Waits until {@code n} messages came (or 10 s passed) and returns all so far. */
    synchronized List<Msg> await(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (msgs.size() < n && System.currentTimeMillis() < deadline) {
            wait(50);
        }
        return List.copyOf(msgs);
    }

    synchronized List<Msg> all() {
        return List.copyOf(msgs);
    }

    List<String> texts() {
        return all().stream().map(Msg::text).toList();
    }

    static Settings settings(Map<String, String> values) {
        Settings.Builder b = new Settings.Builder();
        values.forEach((k, v) -> b.set(k, v, "test"));
        return b.build("test");
    }

    /** Waits until {@code check} holds (counters settle after the socket calls return). */
    static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
