package io.packwatch.inspect.archive;

import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u8;

/**
 * Lists an ARJ archive by walking its headers (Robert Jung's technote). Commons Compress reads
 * ARJ too, but does not expose methods, compressed sizes or the "garbled" (password) flag.
 */
final class ArjLister {
    private static final int GARBLED = 0x01;

    private ArjLister() {
    }

    static ArchiveListing list(byte[] b, int off, int end, int maxEntries) {
        ListingBuilder l = new ListingBuilder("arj", maxEntries);
        int p = off;
        boolean main = true;
        while (true) {
            if (!has(p, 4, end) || u8(b, p) != 0x60 || u8(b, p + 1) != 0xEA) {
                l.incomplete(has(p, 4, end) ? "no header where entry " + l.size() + " should start"
                        : "the bytes end after " + l.size() + " entries");
                break;
            }
            int size = u16le(b, p + 2);
            if (size == 0) { // end of archive
                break;
            }
            int h = p + 4;
            if (!has(h, size + 4L, end) || size < 30) {
                l.incomplete("the bytes end in the header of entry " + l.size());
                break;
            }
            int first = u8(b, h);
            int flags = u8(b, h + 4);
            int method = u8(b, h + 5);
            long packed = u32le(b, h + 12);
            long unpacked = u32le(b, h + 16);
            String name = first < size ? LE.cString(b, h + first, h + size) : null;
            int q = h + size + 4;
            while (has(q, 2, end) && u16le(b, q) != 0) { // extended headers: size, data, CRC
                q += 2 + u16le(b, q) + 4;
            }
            q += 2;
            if (main) {
                main = false;
                if ((flags & GARBLED) != 0) {
                    l.encrypted("arj-garbled");
                }
                if (first + 1 < size) {
                    l.comment(LE.cString(b, h + first + (name == null ? 0 : name.length() + 1), h + size));
                }
                p = q;
                continue;
            }
            if (!l.add(name == null ? "?" : name, unpacked, packed, method == 0 ? "stored" : "arj-m" + method,
                    (flags & GARBLED) != 0, "arj-garbled")) {
                break;
            }
            long next = q + packed;
            if (next > end) {
                l.incomplete("the bytes end in the data of entry " + (l.size() - 1));
                break;
            }
            p = (int) next;
        }
        return l.build();
    }
}
