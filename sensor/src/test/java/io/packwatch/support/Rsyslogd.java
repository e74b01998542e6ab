package io.packwatch.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd (Debian package {@code rsyslog}) started for a test: imtcp on a free loopback port,
 * every message written to a file as one line through the given rsyslog template string.
 */
public final class Rsyslogd implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/rsyslogd");

    public final int port;
    public final Path file;
    private final Process process;

    private Rsyslogd(int port, Path file, Process process) {
        this.port = port;
        this.file = file;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts it in {@code dir} and waits until it listens. */
    public static Rsyslogd start(Path dir, String template) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("received.log");
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("rsyslog.conf"), String.join("\n",
                "global(workDirectory=\"" + dir.resolve("work") + "\")",
                "module(load=\"imtcp\")",
                "template(name=\"lines\" type=\"string\" string=\"" + template + "\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")",
                "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"lines\")", ""));
        Process p = new ProcessBuilder(BINARY.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        Rsyslogd r = new Rsyslogd(port, out, p);
        try {
            r.awaitListening();
        } catch (Exception | AssertionError e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void awaitListening() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("rsyslogd exited with " + process.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("rsyslogd is not listening on " + port);
    }

    /** The lines written so far once there are at least {@code n} (and nothing more arrives), or after 10 s. */
    public List<String> awaitLines(int n) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file)) {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= n) {
                    Thread.sleep(200);
                    return Files.readAllLines(file, StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(50);
        }
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
