package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way to start the sensor wrong gets an exit status and a message that says what to do. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    /** Runs the command in-process and returns {exit status, stderr}. */
    private static Object[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int rc = SensorMain.run(args);
            return new Object[] {rc, captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void missingFile() {
        Object[] r = run("--read", tmp.resolve("nope.pcap").toString());
        assertEquals(2, r[0]);
        assertEquals("sensor: " + tmp.resolve("nope.pcap") + ": no such file\n", r[1]);
    }

    @Test
    void notACaptureFile() throws Exception {
        Path f = tmp.resolve("notes.txt");
        Files.writeString(f, "hello, not a pcap");
        Object[] r = run("--read", f.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("not a pcap or pcapng file (starts with 68656c6c); convert it with 'editcap -F pcap'"),
                (String) r[1]);
    }

    @Test
    void neitherReadNorInterface() {
        Object[] r = run();
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).startsWith("sensor: give either --read FILE... or --interface IFACE"), (String) r[1]);
    }

    @Test
    void unknownOption() {
        Object[] r = run("--raed", "x.pcap");
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).contains("Unknown options: '--raed', 'x.pcap'"), (String) r[1]);
        assertTrue(((String) r[1]).contains("Try 'sensor --help'"), (String) r[1]);
    }

    @Test
    void badConfigKeyAndValue() {
        Object[] r = run("--read", Repo.pcap("tcp-gap.pcap").toString(), "--set", "flow.timeout.udpp=5s");
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).contains("unknown config key 'flow.timeout.udpp' (did you mean 'flow.timeout.udp'?)"),
                (String) r[1]);
        Object[] v = run("--read", Repo.pcap("tcp-gap.pcap").toString(), "--set", "pipeline.workers=many");
        assertEquals(1, v[0]);
        assertTrue(((String) v[1]).contains("bad value for pipeline.workers: expected auto or a whole number, got 'many'"),
                (String) v[1]);
    }

    @Test
    void missingConfigFile() {
        Object[] r = run("--read", Repo.pcap("tcp-gap.pcap").toString(), "--config", tmp.resolve("none.yaml").toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).contains("cannot read config file"), (String) r[1]);
    }

    @Test
    void invalidFilterIsReportedBeforeReading() {
        Object[] r = run("--read", Repo.pcap("tcp-gap.pcap").toString(), "--filter", "tcp port");
        assertEquals(2, r[0]);
        String err = (String) r[1];
        assertTrue(err.startsWith("sensor: invalid --filter 'tcp port'") || err.contains("needs libpcap"), err);
    }

    @Test
    void noSuchInterfaceListsTheAvailableOnes() {
        Object[] r = run("--interface", "nosuch0");
        assertEquals(2, r[0]);
        String err = (String) r[1];
        assertTrue(err.startsWith("sensor: no such interface: nosuch0 (available: ") && err.contains("lo")
                || err.contains("libpcap is not installed"), err);
    }

    /** pcap4j loads libpcap once per JVM, so the missing-library case runs in a process of its own. */
    @Test
    void missingLibpcapSaysHowToInstallIt() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so.0.8",
                "-cp", System.getProperty("java.class.path"), SensorMain.class.getName(), "--interface", "lo")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertEquals(List.of("sensor: libpcap is not installed: install it with 'apt-get install libpcap0.8'"
                + " (Debian/Ubuntu) or 'dnf install libpcap' (RHEL/Fedora)"), out.lines().toList());
    }
}
