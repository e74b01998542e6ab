package io.packwatch.inspect;

import static io.packwatch.inspect.ArchiveSamples.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.ArchiveSamples.Seen;
import io.packwatch.inspect.archive.ArchiveEntry;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.archive.ArchiveListing;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Archive listings of real-tool samples: every format, encryption, limits, and archives cut short. */
class ArchiveListingTest {
    private final ArchiveSamples samples = new ArchiveSamples();

    private ArchiveListing listing(byte[] b) {
        Seen s = samples.inspect(b);
        return s.report().listing();
    }

    private static List<String> names(ArchiveListing l) {
        return l.entries().stream().map(ArchiveEntry::name).toList();
    }

    @Test
    void everyArchiveFormatIsListedFromItsHeaders() {
        for (String f : new String[] {"cli.zip", "cli.7z", "cli.tar", "cli-newc.cpio", "cli.a", "cli.arj", "cli.cab"}) {
            ArchiveListing l = listing(file("formats/" + f));
            List<String> names = names(l);
            // 7-Zip sorts its entries; the others keep the order given on the command line
            assertEquals(f.equals("cli.7z") ? List.of("notes.txt", "secret.txt") : List.of("secret.txt", "notes.txt"),
                    names, f);
            assertEquals(2, l.entryCount(), f);
            assertTrue(l.complete(), f + ": " + l.reason());
            assertFalse(l.encrypted(), f);
            assertEquals(280, l.entries().get(names.indexOf("notes.txt")).size(), f);
        }
        assertEquals("lzma2", listing(file("formats/cli.7z")).entries().get(0).method());
        assertEquals(-1, listing(file("formats/cli.7z")).entries().get(0).compressedSize()); // solid: no per-entry figure
        assertEquals("mszip", listing(file("formats/cli.cab")).entries().get(0).method());
        ArchiveEntry arj = listing(file("formats/cli.arj")).entries().get(0);
        assertTrue(arj.method().startsWith("arj-m"), arj.toString());
        assertTrue(arj.compressedSize() > 0 && arj.compressedSize() < arj.size(), arj.toString());
        for (String f : new String[] {"hand-v4.rar", "hand-v5.rar"}) {
            ArchiveListing l = listing(file("formats/" + f));
            assertEquals(List.of(new ArchiveEntry("secret.txt", 19, 19, "stored", false)), l.entries(), f);
            assertTrue(l.complete(), f);
        }
        assertEquals(List.of("notes.txt"), names(listing(file("formats/cli-v7.tar"))));
        assertEquals(List.of("notes.txt"), names(listing(file("formats/cli-bin.cpio"))));
    }

    @Test
    void zipCryptoIsReported() {
        ArchiveListing l = listing(file("archive/zipcrypto.zip"));
        assertTrue(l.encrypted());
        assertEquals("zipcrypto", l.encryption());
        assertEquals(List.of("secret.txt", "notes.txt"), names(l));
        assertTrue(l.entries().get(0).encrypted());
        assertEquals("deflate", l.entries().get(0).method());
        assertEquals(1, samples.counters.get("inspect.archive.encrypted"));
        assertTrue(listing(file("formats/cli-enc.zip")).encrypted());
    }

    @Test
    void winZipAesIsReportedWithItsStrengthAndRealMethod() {
        ArchiveListing l = listing(file("archive/winzip-aes.zip"));
        assertTrue(l.encrypted());
        assertEquals("winzip-aes-256", l.encryption());
        ArchiveEntry e = l.entries().get(0);
        assertEquals("secret.txt", e.name());
        assertEquals("deflate", e.method()); // method 99 stands for AES; the 0x9901 field names the real one
        assertTrue(e.encrypted());
    }

    @Test
    void theZipCommentAndTheEntryCountComeFromTheCentralDirectory() {
        ArchiveSamples few = new ArchiveSamples(new ArchiveLimits(64 * 1024, 4, 100, 50, 20));
        Seen s = few.inspect(file("archive/many.zip"));
        ArchiveListing l = s.report().listing();
        assertEquals(151, l.entryCount()); // the end record's count: many/ and 150 files
        assertEquals(20, l.entries().size()); // inspect.archive.listed_entries
        assertEquals("many/", l.entries().get(0).name());
        assertEquals("quarterly export", l.comment());
        assertFalse(l.complete());
        assertEquals("max_entries", l.reason());
        assertEquals(1, few.counters.get("inspect.archive.max_entries_hits"));
        assertEquals(1, few.counters.get("inspect.archive.listing_capped"));
        assertEquals(1, few.counters.get("inspect.archive.incomplete"));
    }

    @Test
    void aZipCutShortIsListedFromItsLocalHeaders() {
        byte[] many = file("archive/many.zip");
        Seen s = samples.inspect(Arrays.copyOf(many, 5000), false);
        ArchiveListing l = s.report().listing();
        assertFalse(l.complete());
        assertTrue(l.reason().startsWith("the bytes end"), l.reason());
        assertNull(l.comment());
        assertEquals("many/", l.entries().get(0).name());
        assertTrue(l.entries().get(1).name().matches("many/f\\d{3}\\.txt"), l.entries().get(1).name());
        assertEquals("stored", l.entries().get(1).method()); // zip stores "row N\n": deflate would not shrink it
        // each file entry takes 30 + 13 (name) + 24 (extra) + 6 or 7 (data) bytes: dozens fit in 5000
        assertTrue(l.entryCount() > 40 && l.entryCount() < 151, "" + l.entryCount());
        assertEquals(20, l.entries().size()); // inspect.archive.listed_entries of them
    }

    @Test
    void aZipChainCutByTheWindowListsTheOuterZipNotAnInnerOne() {
        // Each zip stored in the next: the first 64 KiB hold the outer local headers and the end records of the
        // innermost zips, whose own (shifted) central directories must not pass for the outer one's.
        byte[] chain = io.packwatch.testkit.Bombs.zipChain(1000);
        assertTrue(chain.length > 100_000);
        ArchiveListing l = samples.inspect(chain, false).report().listing();
        assertEquals("0-r999.zip", l.entries().get(0).name());
        assertEquals("stored", l.entries().get(0).method());
        assertFalse(l.complete());
    }

    @Test
    void aTarLongerThanTheWindowIsListedAsFarAsTheWindowGoes() {
        Seen s = samples.inspect(file("archive/many.tar"), false); // 160 KiB, the window holds 64 KiB
        ArchiveListing l = s.report().listing();
        assertFalse(l.complete());
        // many/ (one header block), then a 512-byte header and 512 bytes of data per file: the 128th block
        // is the header of the 64th file, whose data lies past the window
        assertEquals(65, l.entryCount());
        assertTrue(l.entries().get(1).name().matches("many/f\\d{3}\\.txt"), l.entries().get(1).name());
        assertEquals("stored", l.entries().get(1).method());
        assertFalse(s.report().complete());
    }

    @Test
    void a7zCutBeforeItsHeaderSaysWhereTheHeaderIs() {
        byte[] full = file("formats/cli.7z");
        Seen s = samples.inspect(Arrays.copyOf(full, 200), false);
        ArchiveListing l = s.report().listing();
        assertFalse(l.complete());
        assertEquals(0, l.entryCount());
        assertTrue(l.reason().contains("beyond the 200 bytes available"), l.reason());
    }

    @Test
    void aRarCutInTheDataOfItsEntryStillNamesIt() {
        byte[] full = file("formats/hand-v5.rar");
        Seen s = samples.inspect(Arrays.copyOf(full, full.length - 20), false);
        ArchiveListing l = s.report().listing();
        assertEquals(List.of("secret.txt"), names(l));
        assertFalse(l.complete());
    }
}
