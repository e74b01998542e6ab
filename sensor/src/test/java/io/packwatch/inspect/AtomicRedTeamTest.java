package io.packwatch.inspect;

import static io.packwatch.inspect.ArchiveSamples.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.ArchiveSamples.Seen;
import io.packwatch.inspect.archive.ArchiveEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The four Atomic Red Team T1560.002 (Linux) artifacts as the tests really write them
 * (sensor/src/test/resources/art/make-art.sh), through the detector chain and the nested inspector.
 */
class AtomicRedTeamTest {
    private static final long PASSWD_BYTES = 1250;
    private final ArchiveSamples samples = new ArchiveSamples();

    @Test
    void test1GzipFileIsGzipOfPlaintext() {
        Seen s = samples.inspect(file("art/passwd.gz"));
        assertEquals("gzip", s.detection().format());
        assertEquals("none", s.detection().encoding());
        assertEquals(List.of("gzip"), s.detection().layers());
        assertEquals("plaintext", s.report().innerClass());
        assertEquals(PASSWD_BYTES, s.report().decodedBytes());
        assertNull(s.report().listing());
        assertTrue(s.report().complete());
        assertFalse(s.report().bomb());
    }

    @Test
    void test2Bz2IsThePythonReprOfABzip2Stream() {
        byte[] repr = file("art/passwd.bz2");
        assertEquals('b', repr[0]);
        assertEquals('\'', repr[1]);
        Seen s = samples.inspect(repr);
        assertEquals("bzip2", s.detection().format());
        assertEquals("escaped", s.detection().encoding());
        assertEquals(List.of("escaped", "bzip2"), s.detection().layers());
        assertEquals(2, s.detection().offset()); // the literal's bytes start after b'
        assertEquals("plaintext", s.report().innerClass());
        assertEquals(PASSWD_BYTES, s.report().decodedBytes());
        assertTrue(s.report().complete());
    }

    @Test
    void test3ZipIsAStoredZip() {
        Seen s = samples.inspect(file("art/passwd.zip"));
        assertEquals("zip", s.detection().format());
        assertEquals(List.of("zip"), s.detection().layers());
        assertEquals(List.of(new ArchiveEntry("passwd", PASSWD_BYTES, PASSWD_BYTES, "stored", false)),
                s.report().listing().entries());
        assertEquals(1, s.report().listing().entryCount());
        assertTrue(s.report().listing().complete());
        assertNull(s.report().listing().encryption());
    }

    @Test
    void test4TarGzIsReallyAStoredZip() {
        Seen s = samples.inspect(file("art/passwd.tar.gz"));
        assertEquals("zip", s.detection().format());
        assertEquals(List.of("zip"), s.detection().layers());
        assertEquals(List.of(new ArchiveEntry("passwd", PASSWD_BYTES, PASSWD_BYTES, "stored", false)),
                s.report().listing().entries());
    }
}
