package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.archive.ArchiveReport;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a sample through what an object's window meets: the real detector chain (text encodings
 * around the signature scan), then the nested inspector, as {@link ObjectInspector} does.
 */
final class ArchiveSamples {
    static final int WINDOW = 64 * 1024;

    final Counters counters = new Counters();
    private final Detector detector =
            new EncodedArchiveDetector(SignatureDetector.fromDirectory(Repo.root().resolve("signatures")));
    private final NestedInspector nested;

    ArchiveSamples(ArchiveLimits limits) {
        nested = new NestedInspector(limits, detector, new InspectionCounters(counters));
    }

    ArchiveSamples() {
        this(ArchiveLimits.DEFAULTS);
    }

    /** What inspection says about an object: its best detection, and the report of its layers. */
    record Seen(Detection detection, ArchiveReport report) {
    }

    /** Inspects the first window of an object of these bytes (all of them when they fit). */
    Seen inspect(byte[] object) {
        return inspect(object, object.length <= WINDOW);
    }

    Seen inspect(byte[] object, boolean complete) {
        int len = Math.min(object.length, WINDOW);
        byte[] window = Arrays.copyOf(object, len);
        List<Detection> ds = detector.detect(window, 0, len, complete);
        assertFalse(ds.isEmpty(), "nothing detected");
        assertTrue(ds.get(0).validated(), ds.get(0).toString());
        NestedInspector.Result r = nested.inspect(window, len, complete, ds.get(0));
        return r == null ? new Seen(ds.get(0), null) : new Seen(r.detection(), r.report());
    }

    static byte[] file(String dirAndName) {
        try {
            return Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources").resolve(dirAndName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
