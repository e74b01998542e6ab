package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --endpoint-events}: syslog files as collectors write them, plain and gzip. */
class EndpointFileReaderTest {
    /** What rsyslog's RSYSLOG_TraditionalFileFormat and RSYSLOG_FileFormat templates write (no PRI). */
    private static final List<String> COLLECTOR_LINES = List.of(
            "Nov 30 16:37:05 ws-017 python3[2211]: import zlib; zlib.compress(open('/etc/passwd','rb').read())",
            "Nov  3 09:01:44 ws-017 sshd[881]: Accepted publickey for alice from 10.1.0.9 port 50122 ssh2",
            "2026-11-30T16:37:06.123456+00:00 ws-017 audit[4431]: type=MMAP msg=audit(1764520626.123:812): fd=3 flags=0x2",
            "2026-11-30 16:37:07 ws-017 sysmon: <Event><System><EventID>11</EventID></System></Event>");

    @TempDir
    Path tmp;

    @Test
    void readsLoggerAndCollectorLinesPlainAndGzipAndCountsGarbage() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(loggerLine("--rfc5424", "Archive staged in /tmp/stage.tar.gz"));
        lines.add(loggerLine("--rfc3164", "bz2.compress called by python3"));
        lines.addAll(COLLECTOR_LINES);
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append('\n');
        }
        text.insert(text.indexOf("\n") + 1, "\n   \nthis line is not syslog\n\u0000\u0001binary\u00ff\n");
        text.append("<14>last line, CRLF and no final newline\r");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

        Path plain = tmp.resolve("syslog");
        Files.write(plain, bytes);
        Files.setLastModifiedTime(plain, FileTime.fromMillis(1_764_520_000_000L));
        Path gz = tmp.resolve("syslog.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(bytes);
        }

        List<String> expected = new ArrayList<>(lines);
        expected.add("<14>last line, CRLF and no final newline");
        for (Path f : List.of(plain, gz)) {
            Counters counters = new Counters();
            Collector c = new Collector();
            EndpointFileReader.FileResult r = new EndpointFileReader(65536, counters).read(f, c);
            assertEquals(expected, c.all().stream()
                    .map(m -> new String(m.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).toList(), f.toString());
            assertNull(c.all().get(0).sender());
            assertEquals("file", c.all().get(0).transport());
            assertEquals(expected.size(), r.messages());
            assertEquals(3, r.garbage(), "the blank-ish, the prose and the binary line");
            assertEquals(expected.size() + 3, r.lines());
            assertNull(r.problem());
            assertEquals(3, counters.get("endpoint.file.garbage_lines"));
            assertEquals(expected.size(), counters.get("endpoint.received.file"));
        }
        Collector c = new Collector();
        new EndpointFileReader(65536, new Counters()).read(plain, c);
        assertEquals(1_764_520_000_000_000_000L, c.all().get(0).receivedNanos(), "the file's time is the reference time");
    }

    @Test
    void longLinesAreCutAndACorruptGzipEndsOnlyThatFile() throws Exception {
        byte[] longLine = ("<13>" + "x".repeat(5000) + "\n<13>next\n").getBytes(StandardCharsets.US_ASCII);
        Path f = tmp.resolve("long.log");
        Files.write(f, longLine);
        Counters counters = new Counters();
        Collector c = new Collector();
        EndpointFileReader reader = new EndpointFileReader(1000, counters);
        EndpointFileReader.FileResult r = reader.read(f, c);
        assertEquals(2, r.messages());
        assertEquals(1000, c.all().get(0).len());
        assertTrue(c.all().get(0).truncated());
        assertEquals("<13>next", c.all().get(1).text());
        assertFalse(c.all().get(1).truncated());
        assertEquals(1, counters.get("endpoint.file.truncated"));

        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            for (int i = 0; i < 2000; i++) {
                out.write(("<13>line " + i + " " + Integer.toHexString(i * 7919) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] whole = bos.toByteArray();
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Collector c2 = new Collector();
        EndpointFileReader.FileResult broken = reader.read(cut, c2);
        assertNotNull(broken.problem());
        assertTrue(broken.messages() > 100 && broken.messages() < 2000, "read up to the damage: " + broken.messages());
        assertEquals("<13>line 0 0", c2.all().get(0).text());
        assertEquals(1, counters.get("endpoint.file.unreadable"));
    }

    /** The line util-linux logger would send, as it prints it with --stderr. */
    private static String loggerLine(String format, String msg) throws Exception {
        Process p = new ProcessBuilder("logger", "--no-act", "--stderr", "--udp", "--server", "127.0.0.1", "--port", "9",
                format, "-t", "pwtest", msg).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(out.startsWith("<13>") && out.endsWith(msg), out);
        return out;
    }
}
