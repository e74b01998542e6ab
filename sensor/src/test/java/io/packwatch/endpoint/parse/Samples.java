package io.packwatch.endpoint.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.support.Repo;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The checked-in endpoint samples and small assertion helpers. */
final class Samples {
    /** 2023-11-14T22:14:00Z: forty seconds after the sample events. */
    static final long RECEIVED = Instant.parse("2023-11-14T22:14:00Z").getEpochSecond() * 1_000_000_000L;
    static final String SENDER = "10.1.0.5";

    private Samples() {
    }

    /** The lines of {@code sensor/src/test/resources/endpoint/NAME}. */
    static List<String> lines(String name) {
        try {
            return Files.readAllLines(Repo.root().resolve("sensor/src/test/resources/endpoint").resolve(name),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<EndpointEvent> parse(EndpointParser p, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return p.parse(b, 0, b.length, SENDER, RECEIVED);
    }

    /** Parses every line of a sample file with a fresh parser and default config, then flushes. */
    static List<EndpointEvent> parseFile(String name, Counters counters) {
        EndpointParser p = new EndpointParser(ParseConfig.defaults(), counters);
        List<EndpointEvent> out = new ArrayList<>();
        for (String line : lines(name)) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            p.parse(b, 0, b.length, SENDER, RECEIVED, out::add);
        }
        p.flush(out::add);
        return out;
    }

    static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Asserts pairs of (ECS name, value). */
    static void assertFields(EndpointEvent e, String... kv) {
        for (int i = 0; i < kv.length; i += 2) {
            assertEquals(kv[i + 1], e.get(kv[i]), kv[i] + " in " + e.fields());
        }
    }

    static void assertEvent(EndpointEvent e, String iso, String product, String category, String format) {
        assertEquals(format, e.sourceFormat());
        assertEquals(product, e.product(), "product");
        assertEquals(category, e.category(), "category");
        assertEquals(Instant.parse(iso), Instant.ofEpochSecond(0, e.timestampNanos()), "time");
        assertTrue(e.raw() != null && !e.raw().isEmpty());
        assertEquals(SENDER, e.sender());
    }
}
