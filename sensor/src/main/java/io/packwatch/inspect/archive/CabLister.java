package io.packwatch.inspect.archive;

import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u8;

/**
 * Lists a Microsoft cabinet (MS-CAB): the CFFILE records after the header and folders. Files are
 * compressed per folder, not per file, so entries carry no compressed size.
 */
final class CabLister {
    private static final String[] METHODS = {"stored", "mszip", "quantum", "lzx"};

    private CabLister() {
    }

    static ArchiveListing list(byte[] b, int off, int end, int maxEntries) {
        ListingBuilder l = new ListingBuilder("cab", maxEntries);
        if (!has(off, 36, end)) {
            l.incomplete("the bytes end in the header");
            return l.build();
        }
        long coffFiles = u32le(b, off + 16);
        int folders = u16le(b, off + 26);
        int files = u16le(b, off + 28);
        int flags = u16le(b, off + 30);
        l.declaredCount(files);
        int p = off + 36;
        int folderReserve = 0;
        if ((flags & 4) != 0 && has(p, 4, end)) {
            folderReserve = u8(b, p + 2);
            p += 4 + u16le(b, p);
        }
        for (int f = 0; f < 2; f++) { // previous / next cabinet: name and disk strings
            if ((flags & (1 << f)) != 0) {
                for (int k = 0; k < 2 && p >= 0; k++) {
                    p = afterNul(b, p, end);
                }
            }
        }
        String[] folderMethod = new String[folders];
        for (int i = 0; i < folders && p >= 0; i++, p += 8 + folderReserve) {
            folderMethod[i] = has(p, 8, end) ? METHODS[Math.min(3, u16le(b, p + 6) & 0x0F)] : "?";
        }
        p = (int) Math.min(Integer.MAX_VALUE, off + coffFiles);
        for (int i = 0; i < files; i++) {
            if (!has(p, 17, end)) {
                l.incomplete("the bytes end after " + l.size() + " entries");
                break;
            }
            int folder = u16le(b, p + 8);
            String name = LE.cString(b, p + 16, end);
            if (name == null) {
                l.incomplete("the bytes end after " + l.size() + " entries");
                break;
            }
            // folder indexes 0xFFFD..0xFFFF continue a file from or into a neighbouring cabinet
            String method = folder < folders ? folderMethod[folder] : "continued";
            if (!l.add(name, u32le(b, p), -1, method, false, null)) {
                break;
            }
            p = afterNul(b, p + 16, end);
        }
        return l.build();
    }

    private static int afterNul(byte[] b, int p, int end) {
        for (int i = p; i < end && i < p + 4 * LE.MAX_TEXT; i++) {
            if (b[i] == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
