package io.packwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.stats.Counters;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static String inspectionLine(long documents) {
        Counters c = new Counters();
        c.counter("inspect.objects").add(15);
        c.counter("inspect.archives_found").add(15);
        c.counter("inspect.objects_reported").add(15);
        c.counter("alert.network").add(7);
        c.counter("alert.documents").add(documents);
        String summary = Summary.render(c, 1_000_000_000L, 22, "out.ndjson", null);
        return summary.lines().filter(l -> l.startsWith("  inspection:")).findFirst().orElseThrow();
    }

    @Test
    void documentsNotTakenForArchivesAreSaidWhenThereAreAny() {
        assertTrue(inspectionLine(8).endsWith("7 network alerts (8 outbound documents not taken for archives)"),
                inspectionLine(8));
        assertTrue(inspectionLine(0).endsWith("15 reported, 7 network alerts"), inspectionLine(0));
        assertFalse(inspectionLine(0).contains("documents"));
    }
}
