package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.capture.Libpcap;
import io.packwatch.config.ConfigException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --user}: the switch to an unprivileged user after the capture handle is open. */
class PrivilegeDropTest {
    @TempDir
    Path tmp;

    /** uid and gid of a user, read from /etc/passwd independently of libc. */
    private static int[] passwd(String user) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(user)) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new AssertionError("no " + user + " in /etc/passwd");
    }

    @Test
    void looksUsersUpThroughLibc() throws Exception {
        int[] nobody = passwd("nobody");
        assertEquals(new PrivilegeDrop.Ids(nobody[0], nobody[1]), PrivilegeDrop.lookup("nobody"));
        assertEquals(new PrivilegeDrop.Ids(0, 0), PrivilegeDrop.lookup("root"));
    }

    @Test
    void anUnknownUserIsAConfigErrorBeforeAnythingRuns() {
        ConfigException e = assertThrows(ConfigException.class, () -> PrivilegeDrop.to("no-such-user-pw"));
        assertEquals("run.user: no user 'no-such-user-pw' on this host (see getent passwd)", e.getMessage());
        assertEquals(SensorMain.USAGE, SensorMain.run("--read", io.packwatch.support.Repo.root().resolve("pcaps/raw-ip.pcap").toString(),
                "--user", "no-such-user-pw", "--quiet", "--output", tmp.resolve("o.ndjson").toString()));
    }

    /**
     * As root: the sensor captures on lo in a child JVM with {@code --user nobody}; /proc shows nobody's ids on
     * every line of Uid/Gid, and a loopback TCP connection made after the switch still becomes a flow record.
     */
    @Test
    void liveSensorRunsAsNobodyAndStillCaptures() throws Exception {
        assumeTrue(LiveCaptureTest.isRoot(), "switching users needs root");
        assumeTrue(Libpcap.available(), "libpcap is not installed (apt-get install libpcap0.8)");
        int[] nobody = passwd("nobody");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = tmp.resolve("live.ndjson");
        Path log = tmp.resolve("sensor.log");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.3"))) {
            int port = server.getLocalPort();
            Process sensor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(),
                    "--interface", "lo", "--filter", "host 127.0.0.3 and tcp port " + port, "--output", out.toString(),
                    "--user", "nobody", "--no-progress")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                LiveCaptureTest.waitForLine(log, "packwatch: running as nobody", sensor);
                List<String> status = Files.readAllLines(Path.of("/proc/" + sensor.pid() + "/status"));
                String ids = nobody[0] + "\t" + nobody[0] + "\t" + nobody[0] + "\t" + nobody[0];
                assertTrue(status.contains("Uid:\t" + ids), status.toString());
                String gids = nobody[1] + "\t" + nobody[1] + "\t" + nobody[1] + "\t" + nobody[1];
                assertTrue(status.contains("Gid:\t" + gids), status.toString());
                assertTrue(status.contains("Groups:\t" + nobody[1] + " ") || status.contains("Groups:\t" + nobody[1]),
                        status.toString());
                Thread.sleep(500);
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.3"), port);
                     Socket s = server.accept()) {
                    OutputStream o = c.getOutputStream();
                    o.write("hello from the client\n".getBytes());
                    o.flush();
                    InputStream in = s.getInputStream();
                    assertTrue(in.read(new byte[64]) > 0);
                }
                Thread.sleep(1000);
            } finally {
                sensor.destroy();
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
            }
            String said = Files.readString(log);
            assertEquals(143, sensor.exitValue(), said);
            ObjectMapper json = new ObjectMapper();
            long flows = 0;
            for (String line : Files.readAllLines(out)) {
                var r = json.readTree(line);
                if (r.at("/event/dataset").asText().equals("packwatch.flow") && r.at("/destination/port").asInt() == port) {
                    flows++;
                }
            }
            assertEquals(1, flows, said + Files.readString(out));
        }
    }
}
