package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.archive.ArchiveEntry;
import io.packwatch.inspect.archive.ArchiveLister;
import io.packwatch.inspect.archive.ArchiveListing;
import java.util.List;

/**
 * The archive listers (zip, 7z, tar, cpio, ar, arj, rar, cab) on arbitrary bytes. {@link ArchiveLister} turns a
 * RuntimeException of a lister into an unreadable listing ("cannot list: ..."), which would hide a bug: here that is
 * a failure.
 *
 * <p>Input: byte 0 picks the format (low 3 bits), whether the bytes are all there is (bit 3) and the entry limit
 * (1 << (bits 4-6)); the rest is the archive. Invariants: a listing of the format asked for; at most the entry limit
 * of entries; no RuntimeException; non-null names.
 */
class ArchiveListingFuzzTest {
    static final List<String> FORMATS = List.of("zip", "7z", "tar", "cpio", "ar", "arj", "rar", "cab");

    private final ArchiveLister lister = new ArchiveLister();

    @PackwatchFuzzTest
    void list(byte[] in) {
        if (in.length < 1) {
            return;
        }
        String format = FORMATS.get(in[0] & 7);
        boolean complete = (in[0] & 8) != 0;
        int maxEntries = 1 << ((in[0] >>> 4) & 7);
        ArchiveListing l = lister.list(format, in, 1, in.length, maxEntries, complete);
        assertNotNull(l, format);
        assertEquals(format, l.format());
        assertTrue(l.reason() == null || !l.reason().startsWith("cannot list:"), l.reason());
        assertTrue(l.entries().size() <= maxEntries, l.entries().size() + " entries listed, limit " + maxEntries);
        assertTrue(l.complete() || l.reason() != null, "incomplete without a reason");
        for (ArchiveEntry e : l.entries()) {
            assertNotNull(e.name());
        }
    }
}
