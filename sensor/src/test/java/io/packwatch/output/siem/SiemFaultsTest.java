package io.packwatch.output.siem;

import static io.packwatch.output.siem.ForwarderTest.ids;
import static io.packwatch.output.siem.ForwarderTest.idsOf;
import static io.packwatch.output.siem.ForwarderTest.sendIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.packwatch.config.Settings;
import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIEM side failing in each way a real one does, against real sockets on loopback: down at
 * start, slow, refusing every connection with a reset, dropping the connection mid-stream, and the
 * spool's disk filling up. Each test checks exactly which alert ids arrived and the counters.
 */
class SiemFaultsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private Settings settings(String... keyValues) {
        String[] all = new String[keyValues.length + 2];
        all[0] = "siem.reconnect.max_backoff";
        all[1] = "100ms"; // faster retries than ForwarderTest's: these tests wait for reconnects
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return ForwarderTest.siemSettings(tmp, all);
    }

    private SiemForwarder forwarder(Settings s, int port) {
        return SiemForwarder.fromSettings(s, List.of("tcp://127.0.0.1:" + port), null, new Counters(), log);
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private static int occurrences(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void downAtStartThenUpReplaysEverythingOnceInOrder() throws Exception {
        int port = SyslogCollector.freePort();
        SiemForwarder f = forwarder(settings(), port);
        sendIds(f, 0, 40);
        assertTrue(f.flush());
        assertEquals(40, f.stats().spooled());
        assertEquals(0, f.stats().sent());
        assertTrue(f.stats().connectFailures() >= 1);
        try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
            siem.await(40, 10_000);
            sendIds(f, 40, 50);
            siem.await(50, 10_000);
            f.close();
            assertEquals(ids(0, 50), idsOf(siem.messages()), "exactly once, in order: nothing was in flight");
            assertEquals(40, f.stats().replayed());
            assertEquals(50, f.stats().sent());
            assertEquals(0, f.stats().sendErrors());
            assertEquals(0, f.stats().droppedSpoolFull() + f.stats().spoolWriteErrors() + f.stats().droppedQueueFull());
            assertEquals(1, occurrences(logText(), "cannot connect to SIEM"), "one line per outage: " + logText());
        }
    }

    @Test
    void aSlowReceiverNeitherBlocksTheCallerNorLosesAnything() throws Exception {
        try (SyslogCollector siem = SyslogCollector.tcp(0, Framing.OCTET_COUNTING)) {
            siem.pause(true);
            SiemForwarder f = forwarder(settings("siem.write_timeout", "20s", "siem.queue_size", "5000"), siem.port());
            long t0 = System.nanoTime();
            sendIds(f, 0, 3000);
            long callerMillis = (System.nanoTime() - t0) / 1_000_000L;
            assertTrue(callerMillis < 2000, "send() only enqueues: " + callerMillis + " ms for 3000 alerts");
            Thread.sleep(1000); // the receiver reads nothing for a second: buffers fill, writes wait
            siem.pause(false);
            List<String> got = siem.await(3000, 30_000);
            f.close();
            assertEquals(ids(0, 3000), idsOf(got), "a slow receiver gets everything once, in order");
            assertEquals(1, siem.connections());
            assertEquals(0, f.stats().sendErrors());
            assertEquals(0, f.stats().droppedQueueFull());
        }
    }

    @Test
    void spoolFilesRemovedFromUnderTheForwarderCostThoseAlertsNotTheForwarder() throws Exception {
        int port = SyslogCollector.freePort();
        SiemForwarder f = forwarder(settings(), port);
        sendIds(f, 0, 20);
        assertTrue(f.flush());
        assertEquals(20, f.stats().spooled());
        try (var files = java.nio.file.Files.walk(tmp.resolve("spool"))) {
            for (Path p : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.delete(p); // an operator's clean-up while the SIEM was down
            }
        }
        try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
            // What the sender still appends to the removed file before it notices is lost with it.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (f.stats().spoolCorrupt() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, f.stats().spoolCorrupt(), "the removed segment is counted");
            sendIds(f, 20, 30);
            List<String> got = siem.await(10, 20_000);
            f.close();
            List<String> ids = idsOf(got);
            assertTrue(ids.containsAll(ids(20, 30)), "alerts after the removal still arrive: " + ids + "\n" + logText() + f.stats());
            assertFalse(logText().contains("stopped"), logText());
        }
    }

    /** Accepts every connection and resets it at once: a SIEM refusing this sensor (ACL, overload). */
    private static final class ResettingReceiver implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger resets = new AtomicInteger();
        private final Thread thread;

        ResettingReceiver(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.setSoLinger(true, 0);
                        resets.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "resetting-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000); // a socket it accepted last still holds the port until it is reset
        }
    }

    @Test
    void aReceiverThatResetsEveryConnectionLosesNothing() throws Exception {
        int port = SyslogCollector.freePort();
        SiemForwarder f = forwarder(settings(), port);
        int resets;
        try (ResettingReceiver refusing = new ResettingReceiver(port)) {
            sendIds(f, 0, 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (refusing.resets.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            resets = refusing.resets.get();
        }
        assertTrue(resets >= 3, "the forwarder kept trying: " + resets + " connections reset; " + logText());
        try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
            siem.await(100, 10_000);
            f.close();
            // the resetting receiver read nothing, so every alert is resent and arrives exactly once, in order
            assertEquals(ids(0, 100), idsOf(siem.messages()));
            // a reset shows as a failed write or, when it beats the connect's return, a failed connect
            assertTrue(f.stats().sendErrors() + f.stats().connectFailures() >= 1,
                    "send errors " + f.stats().sendErrors() + ", connect failures " + f.stats().connectFailures());
            // each reset connection failed in connect() (reset before it returned) or after it (then a reconnect)
            long attempts = f.stats().connectFailures() + f.stats().reconnects() + 1;
            assertTrue(attempts >= resets, "connect failures + reconnects + 1 = " + attempts + " < resets " + resets);
            assertEquals(0, f.stats().spoolWriteErrors() + f.stats().droppedSpoolFull());
        }
    }

    @Test
    void aConnectionDroppedMidStreamResendsFromBeforeTheFirstLostAlert() throws Exception {
        try (SyslogCollector siem = SyslogCollector.tcp(0, Framing.OCTET_COUNTING)) {
            siem.dropConnectionAfter(20);
            SiemForwarder f = forwarder(settings(), siem.port());
            sendIds(f, 0, 200);
            // flush() means written or spooled, not confirmed: wait for the receiver to hold the last alert
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!idsOf(siem.messages()).contains("a199") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            f.close();
            List<String> got = idsOf(siem.messages());
            assertEquals(ids(0, 20), got.subList(0, 20), "what the first connection read");
            List<String> resent = got.subList(20, got.size());
            assertTrue(!resent.isEmpty(), "resent after the reconnect");
            int k = Integer.parseInt(resent.get(0).substring(1));
            assertTrue(k <= 20, "at-least-once: the resend starts at or before the first unread alert, got a" + k);
            assertEquals(ids(k, 200), resent, "then every alert once, in order");
            assertEquals(2, siem.connections());
            assertEquals(1, f.stats().reconnects());
            assertTrue(f.stats().sendErrors() >= 1);
        }
    }

    /** A tmpfs of a fixed size, mounted for the test (needs root). */
    private static final class SmallDisk implements AutoCloseable {
        final Path dir;

        SmallDisk(Path dir, String size) throws Exception {
            this.dir = dir;
            Files.createDirectories(dir);
            run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        }

        void resize(String size) throws Exception {
            run("mount", "-o", "remount,size=" + size, dir.toString());
        }

        @Override
        public void close() throws Exception {
            if (run("umount", dir.toString()) != 0) {
                run("umount", "-l", dir.toString());
            }
        }

        static int run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0 && !cmd[0].equals("umount")) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
            return rc;
        }

        static boolean possible() {
            return "root".equals(System.getProperty("user.name"))
                    && (Files.isExecutable(Path.of("/usr/bin/mount")) || Files.isExecutable(Path.of("/bin/mount")));
        }
    }

    @Test
    void aFullDiskIsCountedLoggedOnceAndSpoolingResumesWhenSpaceReturns() throws Exception {
        assumeTrue(SmallDisk.possible(), "mounting a small tmpfs needs root and mount(8); skipping");
        Path disk = tmp.resolve("disk");
        try (SmallDisk small = new SmallDisk(disk, "64k")) {
            int port = SyslogCollector.freePort();
            SiemForwarder f = forwarder(settings("siem.spool.path", disk.resolve("spool").toString(),
                    "siem.spool.max_bytes", "16MiB", "siem.spool.segment_bytes", "4MiB"), port);
            sendIds(f, 0, 300);
            assertTrue(f.flush());
            long spooledWhileFilling = f.stats().spooled();
            assertTrue(spooledWhileFilling > 10 && spooledWhileFilling < 200, "64 KiB hold some: " + spooledWhileFilling);
            assertEquals(300 - spooledWhileFilling, f.stats().spoolWriteErrors());
            assertEquals(0, f.stats().droppedSpoolFull(), "not the size limit: the disk");
            assertEquals(1, occurrences(logText(), "cannot write the SIEM spool"), "logged once: " + logText());
            assertTrue(logText().contains("No space left on device"), logText());

            small.resize("4m");
            sendIds(f, 300, 350);
            assertTrue(f.flush());
            assertEquals(spooledWhileFilling + 50, f.stats().spooled(), "spooling resumed");
            assertEquals(300 - spooledWhileFilling, f.stats().spoolWriteErrors());
            assertEquals(1, occurrences(logText(), "is writable again; " + (300 - spooledWhileFilling) + " alerts"),
                    logText());

            try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
                siem.await((int) spooledWhileFilling + 50, 15_000);
                f.close();
                List<String> expected = new ArrayList<>(ids(0, (int) spooledWhileFilling));
                expected.addAll(ids(300, 350));
                assertEquals(expected, idsOf(siem.messages()),
                        "the spool kept whole records only: what was spooled arrives, in order, once");
                assertEquals(0, f.stats().spoolCorrupt(), "a torn record was cut back, not left for the reader");
            }
            Counters c = new Counters();
            f.stats().publish(c);
            assertEquals(300 - spooledWhileFilling, c.get("siem.spool_write_errors"));
        }
    }

    private static int chattr(String flag, Path dir) throws Exception {
        Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aSpoolWhoseSegmentsCannotBeDeletedKeepsTheForwarderRunning() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/chattr")),
                "making the spool directory immutable needs root and chattr(1); skipping");
        int port = SyslogCollector.freePort();
        Settings s = settings("siem.spool.segment_bytes", "4KiB");
        SiemForwarder f = forwarder(s, port);
        sendIds(f, 0, 30);
        assertTrue(f.flush());
        assertEquals(30, f.stats().spooled());
        Path dir = tmp.resolve("spool").resolve("tcp_127.0.0.1_" + port);
        // an immutable directory: unlink fails with EPERM, as on a file system remounted read-only
        assumeTrue(chattr("+i", dir) == 0, "this file system has no immutable flag; skipping");
        try {
            try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
                siem.await(30, 10_000);
                Thread.sleep(600); // past the resend window: the replayed segments are confirmed, deletes fail
                sendIds(f, 30, 40);
                siem.await(40, 10_000);
                f.close();
                assertEquals(ids(0, 40), idsOf(siem.messages()), "the sender thread survived the failed deletes");
            }
            assertTrue(f.stats().spoolDeleteErrors() >= 1, "delete errors " + f.stats().spoolDeleteErrors());
            assertEquals(1, occurrences(logText(), "cannot delete spool segment"), logText());
            assertTrue(logText().contains("Operation not permitted"), logText());
        } finally {
            chattr("-i", dir);
        }
        try (SyslogCollector siem = SyslogCollector.tcp(port, Framing.OCTET_COUNTING)) {
            SiemForwarder again = forwarder(s, port);
            Thread.sleep(1000);
            again.close();
            List<String> resent = idsOf(siem.messages());
            assertTrue(!resent.isEmpty(), "the undeleted segments are sent again");
            int first = Integer.parseInt(resent.get(0).substring(1));
            assertEquals(ids(first, first + resent.size()), resent, "at-least-once: a contiguous run, in order");
            assertTrue(first + resent.size() <= 30, "only spooled alerts come again: " + resent);
        }
    }
}
