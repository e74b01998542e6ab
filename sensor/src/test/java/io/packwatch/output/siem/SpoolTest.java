package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigException;
import io.packwatch.config.Settings;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private final SiemStats stats = new SiemStats();

    private Spool open(long max, long segment) throws IOException {
        return new Spool(dir, max, segment, true, stats);
    }

    private static byte[] msg(int i) {
        return ("message " + i).getBytes(StandardCharsets.UTF_8);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void readsInOrderAcrossSegmentsAndDeletesWhatIsCommitted() throws IOException {
        Spool s = open(1 << 20, 64);
        for (int i = 0; i < 10; i++) {
            assertTrue(s.append(msg(i)));
        }
        assertEquals(4, files().size(), "three 17-byte records per 64-byte segment");
        List<String> got = new ArrayList<>();
        Spool.Entry e;
        Spool.Entry fourth = null;
        while ((e = s.next()) != null) {
            got.add(new String(e.message(), StandardCharsets.UTF_8));
            if (got.size() == 4) {
                fourth = e;
            }
        }
        assertEquals(List.of("message 0", "message 1", "message 2", "message 3", "message 4", "message 5", "message 6",
                "message 7", "message 8", "message 9"), got);
        assertFalse(s.hasUnread());
        s.commit(fourth.end());
        assertEquals(List.of("00000000000000000002.seg", "00000000000000000003.seg", "00000000000000000004.seg"), files());
        s.rewind();
        assertTrue(s.hasUnread());
        assertEquals("message 4", new String(s.next().message(), StandardCharsets.UTF_8), "unconfirmed records come again");
        s.close();
        assertEquals(List.of("00000000000000000002.seg", "00000000000000000003.seg", "00000000000000000004.seg", "cursor"),
                files());
    }

    @Test
    void aRestartResumesAfterTheLastCommittedRecord() throws IOException {
        Spool s = open(1 << 20, 1 << 20);
        for (int i = 0; i < 5; i++) {
            s.append(msg(i));
        }
        s.next();
        s.commit(s.next().end()); // 0 and 1 delivered
        s.next(); // 2 sent, not confirmed
        s.close();
        Spool again = open(1 << 20, 1 << 20);
        assertEquals("message 2", new String(again.next().message(), StandardCharsets.UTF_8));
        again.append(msg(5));
        List<String> rest = new ArrayList<>();
        Spool.Entry e;
        Spool.Entry last = null;
        while ((e = again.next()) != null) {
            rest.add(new String(e.message(), StandardCharsets.UTF_8));
            last = e;
        }
        assertEquals(List.of("message 3", "message 4", "message 5"), rest);
        again.commit(last.end());
        again.close();
        assertEquals(List.of(), files(), "an empty spool leaves nothing behind");
    }

    @Test
    void aFlippedBitEndsTheSegmentAndIsCounted() throws IOException {
        Spool s = open(1 << 20, 1 << 20);
        for (int i = 0; i < 3; i++) {
            s.append(msg(i));
        }
        s.close();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("00000000000000000001.seg").toFile(), "rw")) {
            f.seek(17 + 8 + 2); // inside message 1
            f.write('X');
        }
        Spool again = open(1 << 20, 1 << 20);
        again.append(msg(3));
        assertEquals("message 0", new String(again.next().message(), StandardCharsets.UTF_8));
        assertEquals("message 3", new String(again.next().message(), StandardCharsets.UTF_8));
        assertNull(again.next());
        assertEquals(1, stats.spoolCorrupt());
    }

    @Test
    void refusesWhatDoesNotFit() throws IOException {
        Spool s = open(100, 4096);
        assertTrue(s.append(new byte[40]));
        assertTrue(s.append(new byte[40]));
        assertFalse(s.append(new byte[40]), "3 x 48 bytes > 100");
        assertEquals(96, s.bytes());
    }

    @Test
    void targetsParseWithOverrides() {
        SiemTarget t = SiemTarget.parse("tls://[::1]:6514?format=leef&framing=lf", SiemFormat.CEF, Framing.OCTET_COUNTING);
        assertEquals(new SiemTarget(SiemTarget.Transport.TLS, "::1", 6514, SiemFormat.LEEF, Framing.LF), t);
        assertEquals("tls://[::1]:6514", t.toString());
        assertEquals("tls_1_6514", SiemTarget.parse("tls://1:6514", SiemFormat.CEF, Framing.LF).slug());
        assertEquals("tcp___1_514", SiemTarget.parse("tcp://[::1]:514", SiemFormat.CEF, Framing.LF).slug());
    }

    @Test
    void badSettingsAreConfigErrors() {
        Settings s = new Settings.Builder().set("siem.spool.path", dir.toString(), "t").build("t");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SiemForwarder.fromSettings(s, List.of("http://siem:80"), null, new Counters()));
        assertEquals("SIEM forwarding: SIEM target 'http://siem:80': the scheme must be tcp, udp or tls,"
                + " e.g. tcp://siem.example:514", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> SiemForwarder.fromSettings(s, List.of("tcp://siem:514?format=xml"), null, new Counters()));
        assertEquals("SIEM forwarding: unknown SIEM format 'xml' (known: rfc5424, cef, leef, json)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> SiemForwarder.fromSettings(s, List.of("tcp://siem"), null, null));
        assertEquals("SIEM forwarding: SIEM target 'tcp://siem': needs a host and a port, e.g. tcp://siem.example:514",
                e.getMessage());
        Settings small = new Settings.Builder().set("siem.max_message_bytes", "512", "t").build("t");
        e = assertThrows(ConfigException.class, () -> SiemForwarder.fromSettings(small, List.of(), null, null));
        assertEquals("SIEM forwarding: siem.max_message_bytes must be 1KiB..1MiB, got 512", e.getMessage());
        assertFalse(SiemForwarder.fromSettings(Settings.defaults(), List.of(), null, null).enabled());
    }
}
