package io.packwatch.inspect.archive;

import io.packwatch.inspect.format.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lists the formats Commons Compress reads as a stream of headers: tar (ustar, GNU, PAX, v7),
 * cpio (newc, odc, binary) and ar. Entry data is skipped over, never decoded: these formats store
 * their members as they are, so the sizes in the headers are the sizes of the data.
 */
final class StreamLister {
    private StreamLister() {
    }

    private interface Opener {
        ArchiveInputStream<? extends ArchiveEntry> open(InputStream in) throws IOException;
    }

    static ArchiveListing tar(byte[] b, int off, int end, int maxEntries, boolean inputComplete) {
        return list("tar", b, off, end, maxEntries, inputComplete, TarArchiveInputStream::new);
    }

    static ArchiveListing cpio(byte[] b, int off, int end, int maxEntries, boolean inputComplete) {
        return list("cpio", b, off, end, maxEntries, inputComplete, CpioArchiveInputStream::new);
    }

    static ArchiveListing ar(byte[] b, int off, int end, int maxEntries, boolean inputComplete) {
        return list("ar", b, off, end, maxEntries, inputComplete, ArArchiveInputStream::new);
    }

    private static ArchiveListing list(String format, byte[] b, int off, int end, int maxEntries, boolean inputComplete,
                                       Opener opener) {
        ListingBuilder l = new ListingBuilder(format, maxEntries);
        ByteSource src = new ByteSource(b, off, end);
        try (ArchiveInputStream<? extends ArchiveEntry> in = opener.open(src)) {
            while (true) {
                ArchiveEntry e = in.getNextEntry();
                if (e == null) {
                    if (src.hitEnd() && !inputComplete) {
                        l.incomplete("the bytes end after " + l.size() + " entries");
                    }
                    break;
                }
                if (!l.add(e.getName(), e.getSize(), -1, "stored", false, null)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            l.incomplete(src.hitEnd() ? "the bytes end after " + l.size() + " entries"
                    : "damaged after " + l.size() + " entries: " + e.getMessage());
        }
        return l.build();
    }
}
