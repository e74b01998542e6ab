package io.packwatch.inspect.format;

import io.packwatch.testkit.Bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.packwatch.inspect.Detection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format, made by real tools and by Java writers, at offset 0, after junk, and near the window end. */
class SampleDetectionTest {
    static final int WINDOW = 64 * 1024;
    static SignatureDetector detector;

    @BeforeAll
    static void load() {
        detector = SignatureDetector.fromDirectory(Fixtures.signatureDir());
    }

    static Stream<Arguments> samples() {
        List<Arguments> a = new ArrayList<>();
        for (Map.Entry<String, String> e : Fixtures.toolSamples().entrySet()) {
            a.add(Arguments.of(e.getKey(), e.getValue(), Fixtures.sample(e.getKey())));
        }
        for (Map.Entry<String, byte[]> e : Fixtures.javaSamples().entrySet()) {
            a.add(Arguments.of("java:" + e.getKey(), e.getKey(), e.getValue()));
        }
        return a.stream();
    }

    static Detection first(List<Detection> ds, String format) {
        return ds.stream().filter(d -> d.format().equals(format)).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void atOffsetZero(String name, String format, byte[] sample) {
        List<Detection> ds = detector.detect(sample, 0, sample.length, true);
        assertFalse(ds.isEmpty(), name + ": nothing detected");
        Detection d = ds.get(0);
        assertEquals(format, d.format(), name + ": " + ds);
        assertEquals(0, d.offset());
        assertTrue(d.validated());
        assertEquals("none", d.encoding());
        assertEquals(List.of(format), d.layers());
        assertFalse(d.detail().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void afterJunkPrefixAndInsideALargerBuffer(String name, String format, byte[] sample) {
        assumeFalse(name.contains("-v7"), "v7 tar has no magic: found by checksum at the object start only");
        byte[] prefix = ("{\"upload\": \"" + "x".repeat(1000) + "\", \"blob\": \"").getBytes(StandardCharsets.US_ASCII);
        byte[] buf = Bytes.concat(new byte[5], prefix, sample, "\"}".getBytes(StandardCharsets.US_ASCII));
        // the window starts at 5: offsets are relative to it
        List<Detection> ds = detector.detect(buf, 5, buf.length - 5, false);
        Detection d = first(ds, format);
        assertTrue(d != null && d.validated(), name + ": " + ds);
        assertEquals(prefix.length, d.offset(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void nearTheEndOfAWindow(String name, String format, byte[] sample) {
        assumeFalse(name.contains("-v7"), "v7 tar has no magic: found by checksum at the object start only");
        byte[] junk = Fixtures.text(WINDOW, 7);
        int at = WINDOW - Math.min(sample.length, 600);
        byte[] win = Arrays.copyOf(junk, WINDOW);
        System.arraycopy(sample, 0, win, at, WINDOW - at); // cut off by the window like a real stream
        List<Detection> ds = detector.detect(win, 0, WINDOW, false);
        Detection d = first(ds, format);
        assertTrue(d != null && d.validated(), name + " truncated to " + (WINDOW - at) + " bytes: " + ds);
        assertEquals(at, d.offset());
    }
}
