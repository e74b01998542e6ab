package io.packwatch.inspect;

import static io.packwatch.inspect.ArchiveSamples.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.ArchiveSamples.Seen;
import io.packwatch.inspect.archive.ArchiveEntry;
import io.packwatch.inspect.archive.ArchiveLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layers decoded inward from real-tool samples (sensor/src/test/resources/archive/make-archive-samples.sh). */
class NestedLayersTest {
    private final ArchiveSamples samples = new ArchiveSamples();

    private static List<String> names(Seen s) {
        return s.report().listing().entries().stream().map(ArchiveEntry::name).toList();
    }

    private void assertDocsTar(Seen s, List<String> layers) {
        assertEquals("tar", s.detection().format());
        assertEquals(layers, s.detection().layers());
        assertEquals("none", s.detection().encoding());
        assertEquals(0, s.detection().offset());
        assertEquals(List.of("secret.txt", "notes.txt"), names(s));
        ArchiveEntry notes = s.report().listing().entries().get(1);
        assertEquals(280, notes.size()); // "meeting notes\n" x 20
        assertEquals("stored", notes.method());
        assertTrue(s.report().listing().complete(), s.report().toString());
        assertTrue(s.report().complete(), s.report().toString());
        assertEquals(20480, s.report().decodedBytes());
        assertFalse(s.report().bomb());
        assertNull(s.report().innerClass());
    }

    @Test
    void tarInGzipBzip2XzAndZstd() {
        assertDocsTar(samples.inspect(file("archive/docs.tar.gz")), List.of("gzip", "tar"));
        assertDocsTar(samples.inspect(file("archive/docs.tar.bz2")), List.of("bzip2", "tar"));
        assertDocsTar(samples.inspect(file("archive/docs.tar.xz")), List.of("xz", "tar"));
        assertDocsTar(samples.inspect(file("archive/docs.tar.zst")), List.of("zstd", "tar"));
        assertEquals(4, samples.counters.get("inspect.nested.layers_decoded"));
        assertEquals(4, samples.counters.get("inspect.archive.listings"));
        assertEquals(0, samples.counters.get("inspect.archive.incomplete"));
    }

    @Test
    void gzipInGzipAndZipInGzip() {
        assertDocsTar(samples.inspect(file("archive/docs.tar.gz.gz")), List.of("gzip", "gzip", "tar"));
        Seen zip = samples.inspect(file("archive/docs.zip.gz"));
        assertEquals("zip", zip.detection().format());
        assertEquals(List.of("gzip", "zip"), zip.detection().layers());
        assertEquals(List.of("secret.txt", "notes.txt"), names(zip));
        ArchiveEntry secret = zip.report().listing().entries().get(0);
        assertEquals("deflate", secret.method());
        assertTrue(secret.compressedSize() > 0 && secret.compressedSize() < secret.size(), secret.toString());
        assertFalse(secret.encrypted());
        assertTrue(zip.report().complete());
    }

    @Test
    void gzippedTarInBase64InJson() {
        byte[] json = file("archive/upload.json");
        String text = new String(json, StandardCharsets.US_ASCII);
        Seen s = samples.inspect(json);
        assertEquals("tar", s.detection().format());
        assertEquals("base64", s.detection().encoding());
        assertEquals(List.of("base64", "gzip", "tar"), s.detection().layers());
        assertEquals(text.indexOf("H4sI"), s.detection().offset());
        assertEquals(List.of("secret.txt", "notes.txt"), names(s));
    }

    @Test
    void gzipBehindAJsonPrefixInsideBase64InsideJson() {
        Seen s = samples.inspect(file("archive/prefixed.json"));
        assertEquals("gzip", s.detection().format());
        assertEquals(List.of("base64", "gzip"), s.detection().layers());
        assertEquals("base64", s.detection().encoding());
        assertEquals("{\"id\":42,\"payload\":\"".length(), s.detection().offset());
        assertTrue(s.detection().detail().contains("at decoded offset 44"), s.detection().detail());
        assertEquals("plaintext", s.report().innerClass());
        assertNull(s.report().listing());
        assertTrue(s.report().complete());
    }

    @Test
    void aPythonReprInDoubleQuotesKeepsItsSingleQuotes() {
        byte[] repr = file("archive/repr-dq.txt"); // b"BZh9...'..."
        assertEquals('"', repr[1]);
        Seen s = samples.inspect(repr);
        assertEquals(List.of("escaped", "bzip2"), s.detection().layers());
        assertEquals(2, s.detection().offset());
        assertEquals("plaintext", s.report().innerClass());
        assertTrue(s.report().complete(), s.report().toString()); // the ' inside did not end the literal
    }

    @Test
    void gzipBombIsCaughtAtTheDecodeLimit() {
        Seen s = samples.inspect(file("archive/zeros.gz"), false); // 100 MiB of zeros; the window is 64 KiB of it
        assertEquals(List.of("gzip"), s.detection().layers());
        assertTrue(s.report().bomb());
        assertTrue(s.report().ratio() > 100, s.report().toString());
        assertEquals(64 * 1024, s.report().decodedBytes());
        assertEquals("unknown", s.report().innerClass()); // zeros: neither text nor random
        assertFalse(s.report().complete());
        assertEquals("decode_limit", s.report().reason());
        assertEquals(1, samples.counters.get("inspect.bombs"));
        assertEquals(1, samples.counters.get("inspect.nested.decode_limit_hits"));
    }

    @Test
    void nestedGzipBombIsCaughtInBothLayers() {
        Seen s = samples.inspect(file("archive/zeros.gz.gz"));
        assertEquals(List.of("gzip", "gzip"), s.detection().layers());
        assertTrue(s.report().bomb());
        assertEquals(2, samples.counters.get("inspect.nested.decode_limit_hits"));
        assertEquals(1, samples.counters.get("inspect.bombs"));
    }

    @Test
    void layersStopAtMaxLayers() {
        ArchiveSamples one = new ArchiveSamples(new ArchiveLimits(64 * 1024, 1, 100, 10_000, 20));
        Seen s = one.inspect(file("archive/docs.tar.gz.gz"));
        assertEquals(List.of("gzip", "gzip"), s.detection().layers());
        assertEquals("gzip", s.detection().format());
        assertEquals("max_layers", s.report().reason());
        assertFalse(s.report().complete());
        assertEquals(1, one.counters.get("inspect.max_layers_hits"));
    }

    @Test
    void formatsThatNeedNoDecodingAreListedInPlace() {
        Seen s = samples.inspect(file("formats/cli.zip"));
        assertEquals(List.of("zip"), s.detection().layers());
        assertEquals(List.of("secret.txt", "notes.txt"), names(s));
        assertEquals(0, samples.counters.get("inspect.nested.layers_decoded"));
    }
}
