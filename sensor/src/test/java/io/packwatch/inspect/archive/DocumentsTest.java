package io.packwatch.inspect.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.packwatch.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which zips and zlib streams are a document's own: real documents made by real tools, and near misses. */
class DocumentsTest {
    private static final ArchiveLister LISTER = new ArchiveLister();

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/documents").resolve(name));
    }

    private static String kind(byte[] zip) {
        return Documents.ofZip(LISTER.list("zip", zip, 0, zip.length, 10_000, true), zip, 0, zip.length);
    }

    /** A listing of entries with these names, whole or stopped early. */
    private static ArchiveListing listing(boolean complete, String... names) {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (String n : names) {
            entries.add(new ArchiveEntry(n, 100, 50, "deflate", false));
        }
        return new ArchiveListing("zip", entries.size(), entries, false, null, null, complete,
                complete ? null : "the bytes end in the data of entry " + (names.length - 1));
    }

    private static String kind(ArchiveListing l) {
        return Documents.ofZip(l, new byte[0], 0, 0);
    }

    @Test
    void realDocuments() throws IOException {
        assertEquals("docx", kind(sample("pandoc.docx")));
        assertEquals("docx", kind(sample("python-docx.docx")));
        assertEquals("xlsx", kind(sample("openpyxl.xlsx")));
        assertEquals("pptx", kind(sample("pandoc.pptx")));
        assertEquals("odt", kind(sample("pandoc.odt")));
        assertEquals("application/vnd.oasis.opendocument.text", Documents.mimeType("odt"));
    }

    @Test
    void archivesOfDocumentsAndDocumentsWithMoreAreNot() throws IOException {
        assertNull(kind(sample("reports.zip")), "documents collected into a zip");
        assertNull(kind(sample("docx-plus-loot.docx")), "a docx with loot/passwd.txt appended");
        assertNull(kind(sample("ct-only.zip")), "[Content_Types].xml and a CSV");
    }

    @Test
    void ooxmlNeedsItsContentTypesUnlessTheListingStoppedEarly() {
        assertEquals("docx", kind(listing(true, "[Content_Types].xml", "_rels/.rels", "word/document.xml")));
        assertNull(kind(listing(true, "_rels/.rels", "word/document.xml")), "a whole listing without it");
        // openpyxl writes [Content_Types].xml last: a large workbook's listing ends before it
        assertEquals("xlsx", kind(listing(false, "docProps/app.xml", "xl/worksheets/sheet1.xml")));
        assertNull(kind(listing(false, "docProps/app.xml", "docProps/core.xml")), "no main part");
        assertNull(kind(listing(true, "[Content_Types].xml", "word/document.xml", "xl/workbook.xml")),
                "two kinds of main part");
        assertNull(kind(listing(true, "[Content_Types].xml", "word/document.xml", "wordlist.txt")),
                "a name that only starts like a part folder");
        ArchiveListing encrypted = new ArchiveListing("zip", 2,
                List.of(new ArchiveEntry("[Content_Types].xml", 1, 1, "deflate", false),
                        new ArchiveEntry("word/document.xml", 1, 1, "deflate", true)), true, "zipcrypto", null, true,
                null);
        assertNull(kind(encrypted), "Office does not encrypt zip entries");
    }

    @Test
    void odfNeedsAnOpenDocumentMimetypeFirst() throws IOException {
        byte[] odt = sample("pandoc.odt");
        String text = "application/vnd.oasis.opendocument.text";
        int at = new String(odt, 0, 100, StandardCharsets.ISO_8859_1).indexOf(text);
        assertEquals(38, at, "the mimetype entry's content, right after its 30-byte header and name");
        byte[] other = odt.clone();
        other[at + text.length() - 1] = 'x';
        assertNull(kind(other), "an unknown OpenDocument kind");
        assertNull(kind(listing(true, "mimetype", "content.xml", "loot.csv")), "a foreign entry");
    }

    @Test
    void zlibInAPngChunkOrAPdfStreamIsTheirs() throws IOException {
        byte[] png = sample("magick.png");
        int idat = new String(png, StandardCharsets.ISO_8859_1).indexOf("IDAT") + 4;
        assertEquals("png", Documents.ofZlib(png, idat, png.length));
        byte[] pdf = sample("groff.pdf");
        int stream = new String(pdf, StandardCharsets.ISO_8859_1).indexOf("stream\n") + 7;
        assertEquals("pdf", Documents.ofZlib(pdf, stream, pdf.length));
        assertEquals("image/png", Documents.mimeType("png"));
    }

    @Test
    void zlibOutsideThemIsNot() throws IOException {
        byte[] png = sample("magick.png");
        assertNull(Documents.ofZlib(png, png.length - 4, png.length), "in the last chunk's CRC");
        byte[] polyglot = sample("png-then-zip.png");
        assertNull(Documents.ofZlib(polyglot, png.length + 100, polyglot.length), "after the PNG's last chunk");
        byte[] bare = sample("pdf-header-zlib.bin");
        // "%PDF-1.4", a binary comment line, then the zlib header
        assertEquals(0x78, bare[15]);
        assertNull(Documents.ofZlib(bare, 15, bare.length), "no stream keyword before it");
        byte[] pdf = sample("groff.pdf");
        int stream = new String(pdf, StandardCharsets.ISO_8859_1).indexOf("stream\n") + 7;
        assertNull(Documents.ofZlib(pdf, stream + 1, pdf.length), "not right after the keyword's line");
        byte[] docx = sample("python-docx.docx");
        assertNull(Documents.ofZlib(docx, 100, docx.length), "neither a PNG nor a PDF");
    }
}
