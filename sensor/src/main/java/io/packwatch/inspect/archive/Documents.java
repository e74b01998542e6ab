package io.packwatch.inspect.archive;

import io.packwatch.inspect.format.Bin;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files whose own format compresses their content, so that the formats found in them are theirs, not an archive
 * someone made: office documents, whose container is a zip (Office Open XML, ECMA-376, an Open Packaging
 * Conventions package; OpenDocument, OASIS ODF 1.2), and PNG images and PDF files, which hold zlib streams. A
 * user sending a report or a screenshot is not an archive upload. A zip is only taken for a document when every
 * entry read is a part such a document has: a zip of collected files, or one with a foreign entry among the
 * parts, stays an archive; a zlib stream only when it lies in a PNG chunk or follows a PDF stream keyword of a
 * file that starts as such.
 */
public final class Documents {
    private static final String CONTENT_TYPES = "[Content_Types].xml";
    /** OOXML's top-level folders; the main part's folder names the kind. */
    private static final List<String> OOXML_FOLDERS = List.of("_rels/", "docProps/", "customXml/", "customUI/",
            "_xmlsignatures/", "[trash]/");
    private static final Map<String, String> OOXML_MAIN = Map.of("word/", "docx", "xl/", "xlsx", "ppt/", "pptx",
            "visio/", "vsdx");
    /** ODF's top-level files and folders (embedded objects are folders named "Object 1", ...). */
    private static final Set<String> ODF_FILES = Set.of("mimetype", "content.xml", "styles.xml", "meta.xml",
            "settings.xml", "manifest.rdf", "layout-cache");
    private static final List<String> ODF_FOLDERS = List.of("META-INF/", "Configurations2/", "Thumbnails/",
            "Pictures/", "Object ", "ObjectReplacements/", "Basic/", "Scripts/", "media/");
    private static final String ODF_TYPE = "application/vnd.oasis.opendocument.";
    private static final Map<String, String> ODF_KINDS = Map.of("text", "odt", "spreadsheet", "ods",
            "presentation", "odp", "graphics", "odg");
    private static final Map<String, String> MIME = Map.of(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "vsdx", "application/vnd.ms-visio.drawing",
            "odt", ODF_TYPE + "text", "ods", ODF_TYPE + "spreadsheet", "odp", ODF_TYPE + "presentation",
            "odg", ODF_TYPE + "graphics", "png", "image/png", "pdf", "application/pdf");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);

    private Documents() {
    }

    /**
     * The office document a zip listing is: docx, xlsx, pptx, vsdx (OOXML: the content-types part, read unless the
     * listing stopped early, and one main part's folder), odt, ods, odp, odg (ODF: a stored {@code mimetype} first,
     * whose content, at {@code zipStart} in {@code b[0, end)}, names the kind); null for anything else, and for
     * encrypted entries.
     */
    public static String ofZip(ArchiveListing l, byte[] b, int zipStart, int end) {
        if (!"zip".equals(l.format()) || l.entries().isEmpty() || l.encrypted()) {
            return null;
        }
        return "mimetype".equals(l.entries().get(0).name()) ? odf(l, b, zipStart, end) : ooxml(l);
    }

    /**
     * "png" or "pdf" when the zlib stream at {@code zlib} in {@code b[0, end)} belongs to the file that starts at 0: it
     * lies in the data of a chunk of a PNG before its IEND (IDAT, or iCCP, zTXt, iTXt), or right after a PDF's "stream"
     * and its end of line; else null.
     */
    public static String ofZlib(byte[] b, int zlib, int end) {
        if (startsWith(b, end, PNG)) {
            // chunks: 4-byte length (below 2^31), 4-byte type, the data, a 4-byte CRC; IEND is the last
            long p = PNG.length;
            while (p + 8 <= zlib) {
                long length = Bin.u32be(b, (int) p);
                if (length > Integer.MAX_VALUE || b[(int) p + 4] == 'I' && b[(int) p + 5] == 'E'
                        && b[(int) p + 6] == 'N' && b[(int) p + 7] == 'D') {
                    return null;
                }
                long next = p + 8 + length + 4;
                if (zlib < next - 4) {
                    return "png";
                }
                p = next;
            }
            return null;
        }
        if (startsWith(b, end, PDF)) {
            // the keyword ends its line with CRLF or LF
            int eol = zlib >= 1 && b[zlib - 1] == '\n' ? zlib >= 2 && b[zlib - 2] == '\r' ? 2 : 1 : 0;
            int at = zlib - eol - STREAM.length;
            return eol > 0 && at >= 0 && Arrays.equals(b, at, at + STREAM.length, STREAM, 0, STREAM.length) ? "pdf"
                    : null;
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int end, byte[] magic) {
        return end >= magic.length && Arrays.equals(b, 0, magic.length, magic, 0, magic.length);
    }

    /** The media type of a document kind ({@link #ofZip}, {@link #ofZlib}). */
    public static String mimeType(String kind) {
        return MIME.get(kind);
    }

    private static String ooxml(ArchiveListing l) {
        String kind = null;
        boolean contentTypes = false;
        for (ArchiveEntry e : l.entries()) {
            String name = e.name();
            if (name.equals(CONTENT_TYPES)) {
                contentTypes = true;
            } else if (!startsWithAny(name, OOXML_FOLDERS)) {
                String main = mainKind(name);
                if (main == null || kind != null && !kind.equals(main)) {
                    return null;
                }
                kind = main;
            }
        }
        return contentTypes || !l.complete() ? kind : null;
    }

    private static String mainKind(String name) {
        for (Map.Entry<String, String> m : OOXML_MAIN.entrySet()) {
            if (name.startsWith(m.getKey())) {
                return m.getValue();
            }
        }
        return null;
    }

    private static String odf(ArchiveListing l, byte[] b, int zipStart, int end) {
        for (ArchiveEntry e : l.entries()) {
            if (!ODF_FILES.contains(e.name()) && !startsWithAny(e.name(), ODF_FOLDERS)) {
                return null;
            }
        }
        // ODF puts the mimetype entry first, stored, without an extra field, so its content follows its name
        if (zipStart + 30 > end || Bin.u32le(b, zipStart) != 0x04034b50L || Bin.u16le(b, zipStart + 8) != 0) {
            return null;
        }
        int size = (int) Math.min(64, Bin.u32le(b, zipStart + 22));
        int content = zipStart + 30 + Bin.u16le(b, zipStart + 26) + Bin.u16le(b, zipStart + 28);
        if (content + size > end) {
            return null;
        }
        String type = new String(b, content, size, StandardCharsets.US_ASCII);
        return type.startsWith(ODF_TYPE) ? ODF_KINDS.get(type.substring(ODF_TYPE.length())) : null;
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
