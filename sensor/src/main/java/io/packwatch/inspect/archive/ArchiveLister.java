package io.packwatch.inspect.archive;

/**
 * Lists the entries of an archive found in a buffer, bounded by an entry limit, from its headers
 * only: entry data is skipped, never decoded. Works on a prefix of an archive and says what it
 * could not read. One per worker.
 */
public final class ArchiveLister {
    private final RarLister rar = new RarLister();

    /** Whether {@link #list} knows this format. */
    public static boolean lists(String format) {
        return switch (format) {
            case "zip", "7z", "tar", "cpio", "ar", "arj", "rar", "cab" -> true;
            default -> false;
        };
    }

    /**
     * Lists the archive of {@code format} at {@code b[off]}; the bytes end at {@code end}, maybe
     * before the archive does. Never throws on bad input.
     *
     * @param inputComplete the bytes are all there is: ar has no end marker, so only then does
     *     their end end it (for the other formats, too, reading into the end is then no truncation)
     */
    public ArchiveListing list(String format, byte[] b, int off, int end, int maxEntries, boolean inputComplete) {
        try {
            return switch (format) {
                case "zip" -> ZipLister.list(b, off, end, maxEntries);
                case "7z" -> SevenZipLister.list(b, off, end, maxEntries);
                case "tar" -> StreamLister.tar(b, off, end, maxEntries, inputComplete);
                case "cpio" -> StreamLister.cpio(b, off, end, maxEntries, inputComplete);
                case "ar" -> StreamLister.ar(b, off, end, maxEntries, inputComplete);
                case "arj" -> ArjLister.list(b, off, end, maxEntries);
                case "rar" -> rar.list(b, off, end, maxEntries);
                case "cab" -> CabLister.list(b, off, end, maxEntries);
                default -> null;
            };
        } catch (RuntimeException e) {
            // a header parser bug must not cost the object: report the listing as unreadable
            ListingBuilder l = new ListingBuilder(format, maxEntries);
            l.incomplete("cannot list: " + e);
            return l.build();
        }
    }
}
