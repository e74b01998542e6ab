package io.packwatch.inspect.archive;

import java.util.List;

/**
 * What the headers of an archive say, as far as they could be read.
 *
 * @param format the archive format
 * @param entryCount entries in the archive: the archive's own count when it has one (zip's end
 *     record, cab's header), else the entries read
 * @param entries the entries read, at most {@code inspect.archive.max_entries}
 * @param encrypted some entry, or the headers themselves, are encrypted
 * @param encryption the scheme: zipcrypto, winzip-aes-128/192/256, pkware-strong, rar, rar5-aes, 7z-aes,
 *     arj-garbled; null when not encrypted
 * @param comment the archive comment, or null
 * @param complete every header of the archive was read
 * @param reason why not, when not complete: the window or capture ended, max_entries, encrypted headers, ...
 */
public record ArchiveListing(String format, long entryCount, List<ArchiveEntry> entries, boolean encrypted,
                             String encryption, String comment, boolean complete, String reason) {
    public ArchiveListing {
        entries = List.copyOf(entries);
    }

    /** Sum of the entries' uncompressed sizes that are known. */
    public long totalSize() {
        long t = 0;
        for (ArchiveEntry e : entries) {
            t += Math.max(0, e.size());
        }
        return t;
    }

    /**
     * Uncompressed over compressed bytes of the entries that state both, as the headers claim
     * them (a bomb's headers tell the truth or the extraction fails); 0 when none does.
     */
    public double declaredRatio() {
        long size = 0;
        long packed = 0;
        for (ArchiveEntry e : entries) {
            if (e.size() >= 0 && e.compressedSize() > 0) {
                size += e.size();
                packed += e.compressedSize();
            }
        }
        return packed == 0 ? 0 : (double) size / packed;
    }
}
