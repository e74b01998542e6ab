package io.packwatch.inspect.archive;

import static io.packwatch.inspect.format.Bin.u64le;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Lists a 7z archive with Commons Compress. A 7z's header sits at its end, so only an archive
 * whose header lies inside the bytes can be listed; otherwise the listing says where the header
 * would be. Encrypted headers (7z -mhe) and AES-encrypted entries are reported as 7z-aes.
 */
final class SevenZipLister {
    /** Memory Commons Compress may use to decode a compressed header, KiB. */
    private static final int HEADER_MEMORY_KIB = 16 * 1024;

    private SevenZipLister() {
    }

    /**
     * Commons Compress tells an entry's coders (compression, AES) only once it has set up the
     * entry's decoders, which {@code getNextEntry} does without reading data. A failure there
     * (memory limit, damage) leaves the methods unknown, not the names.
     */
    private static void coders(SevenZFile z, int maxEntries) {
        try {
            for (int i = 0; i < maxEntries && z.getNextEntry() != null; i++) {
                // each call fills in the entry's content methods
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // methods stay unknown ("?")
        }
    }

    static ArchiveListing list(byte[] b, int off, int end, int maxEntries) {
        ListingBuilder l = new ListingBuilder("7z", maxEntries);
        if (end - off < 32) {
            l.incomplete("the bytes end in the signature header");
            return l.build();
        }
        long headerEnd = 32 + u64le(b, off + 12) + u64le(b, off + 20);
        if (headerEnd < 32 || headerEnd > end - off) {
            l.incomplete("the header is at the archive's end, byte " + headerEnd + ", beyond the " + (end - off)
                    + " bytes available");
            return l.build();
        }
        byte[] archive = Arrays.copyOfRange(b, off, off + (int) headerEnd);
        try (SevenZFile z = SevenZFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                .setMaxMemoryLimitKiB(HEADER_MEMORY_KIB).get()) {
            coders(z, maxEntries);
            for (SevenZArchiveEntry e : z.getEntries()) {
                String method = e.hasStream() ? "?" : "none";
                boolean aes = false;
                if (e.hasStream() && e.getContentMethods() != null) {
                    for (SevenZMethodConfiguration m : e.getContentMethods()) {
                        if (m.getMethod() == SevenZMethod.AES256SHA256) {
                            aes = true;
                        } else {
                            method = m.getMethod().name().toLowerCase(Locale.ROOT);
                        }
                    }
                }
                if (!l.add(e.getName(), e.hasStream() ? e.getSize() : 0, -1, method, aes, "7z-aes")) {
                    break;
                }
            }
        } catch (PasswordRequiredException e) {
            l.encrypted("7z-aes");
            l.incomplete("the header is encrypted");
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            l.incomplete("damaged header: " + e.getMessage());
        }
        return l.build();
    }
}
