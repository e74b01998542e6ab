package io.packwatch.inspect.archive;

import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u64le;

import io.packwatch.inspect.format.ZipMethod;

/**
 * Lists a zip archive (PKWARE APPNOTE 6.3). The central directory is authoritative and carries
 * the comment, so it is read when its end record lies in the bytes; otherwise the local headers
 * are walked from the start, which is what a window or a truncated capture allows.
 */
final class ZipLister {
    private static final long LFH = 0x04034b50L;
    private static final long CDH = 0x02014b50L;
    private static final long EOCD = 0x06054b50L;
    private static final long EOCD64 = 0x06064b50L;
    private static final long EOCD64_LOCATOR = 0x07064b50L;
    private static final long DESCRIPTOR = 0x08074b50L;
    private static final int WINZIP_AES = 0x9901;
    private static final int ZIP64 = 0x0001;

    private ZipLister() {
    }

    static ArchiveListing list(byte[] b, int off, int end, int maxEntries) {
        ListingBuilder l = new ListingBuilder("zip", maxEntries);
        if (!centralDirectory(b, off, end, l)) {
            localHeaders(b, off, end, l);
        }
        return l.build();
    }

    /** Reads the central directory when the end record is in the bytes; false when it is not. */
    private static boolean centralDirectory(byte[] b, int off, int end, ListingBuilder l) {
        int eocd = -1;
        for (int p = end - 22; p >= off && p >= end - 22 - 65535; p--) {
            if (u32le(b, p) == EOCD && p + 22 + u16le(b, p + 20) <= end) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            return false;
        }
        long count = u16le(b, eocd + 10);
        long cdSize = u32le(b, eocd + 12);
        long cdOffset = u32le(b, eocd + 16);
        int loc = eocd - 20;
        if (loc >= off && u32le(b, loc) == EOCD64_LOCATOR) {
            long z = off + u64le(b, loc + 8);
            if (has(z, 56, end) && u32le(b, (int) z) == EOCD64) {
                count = u64le(b, (int) z + 32);
                cdSize = u64le(b, (int) z + 40);
                cdOffset = u64le(b, (int) z + 48);
            }
        }
        long cd = off + cdOffset;
        if (!has(cd, 4, end) || u32le(b, (int) cd) != CDH) {
            cd = eocd - cdSize; // data in front of the archive (self-extractor): offsets are shifted
            // ... yet one of its entries must be the one at off (the first, or a later one when the first's header
            // was spoiled): else this is the end of a zip stored inside this one (a chain of stored zips cut by the
            // window), whose directory would list the inner zip as the outer.
            if (count > 0 && has(cd, 46, end) && u32le(b, (int) cd) == CDH
                    && !listsEntryAt(b, (int) cd, count, end, off - (cd - cdOffset))) {
                return false;
            }
        }
        if (count > 0 && (!has(cd, 4, end) || u32le(b, (int) cd) != CDH) || count == 0 && eocd != off) {
            return false; // an end record that is not this archive's: "PK\5\6" in some entry's data
        }
        l.declaredCount(count);
        l.comment(LE.text(b, eocd + 22, u16le(b, eocd + 20)));
        int p = (int) cd;
        for (long i = 0; i < count; i++) {
            if (!has(p, 46, end) || u32le(b, p) != CDH) {
                l.incomplete("central directory entry " + i + " is damaged");
                break;
            }
            int nameLen = u16le(b, p + 28);
            int extraLen = u16le(b, p + 30);
            int commentLen = u16le(b, p + 32);
            if (!has(p + 46, (long) nameLen + extraLen + commentLen, end)) {
                l.incomplete("central directory entry " + i + " runs past the bytes available");
                break;
            }
            long[] sizes = {u32le(b, p + 24), u32le(b, p + 20)};
            Extra x = extra(b, p + 46 + nameLen, extraLen, sizes);
            if (!entry(l, b, p + 46, nameLen, u16le(b, p + 8), u16le(b, p + 10), sizes, x)) {
                break;
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return true;
    }

    /** Whether a central directory of {@code count} entries at {@code cd} has one whose local header is at {@code offset}. */
    private static boolean listsEntryAt(byte[] b, int cd, long count, int end, long offset) {
        int p = cd;
        for (long i = 0; i < count && has(p, 46, end) && u32le(b, p) == CDH; i++) {
            if (u32le(b, p + 42) == offset) {
                return true;
            }
            p += 46 + u16le(b, p + 28) + u16le(b, p + 30) + u16le(b, p + 32);
        }
        return false;
    }

    private static void localHeaders(byte[] b, int off, int end, ListingBuilder l) {
        int p = off;
        if (has(p, 4, end) && u32le(b, p) == DESCRIPTOR) { // spanned-archive marker
            p += 4;
        }
        while (true) {
            if (!has(p, 4, end)) {
                l.incomplete("the bytes end after " + l.size() + " entries");
                return;
            }
            long sig = u32le(b, p);
            if (sig == CDH || sig == EOCD) {
                l.incomplete("the end of the central directory is not in the bytes available");
                return;
            }
            if (sig != LFH) {
                l.incomplete("no local header where entry " + l.size() + " should start");
                return;
            }
            if (!has(p, 30, end)) {
                l.incomplete("the bytes end in the header of entry " + l.size());
                return;
            }
            int flags = u16le(b, p + 6);
            int nameLen = u16le(b, p + 26);
            int extraLen = u16le(b, p + 28);
            if (!has(p + 30, (long) nameLen + extraLen, end)) {
                l.incomplete("the bytes end in the header of entry " + l.size());
                return;
            }
            long[] sizes = {u32le(b, p + 22), u32le(b, p + 18)};
            Extra x = extra(b, p + 30 + nameLen, extraLen, sizes);
            int data = p + 30 + nameLen + extraLen;
            long next;
            if ((flags & 0x08) != 0 && sizes[1] == 0) {
                // sizes follow the data in a descriptor: find the one whose size is its distance from the data
                long d = descriptor(b, data, end, sizes);
                if (!entry(l, b, p + 30, nameLen, flags, u16le(b, p + 8), sizes, x)) {
                    return;
                }
                if (d < 0) {
                    l.incomplete("the bytes end in the data of entry " + (l.size() - 1));
                    return;
                }
                next = d;
            } else {
                if (!entry(l, b, p + 30, nameLen, flags, u16le(b, p + 8), sizes, x)) {
                    return;
                }
                next = data + sizes[1] + ((flags & 0x08) != 0 ? descriptorLength(b, data + sizes[1], end) : 0);
            }
            if (next > end) {
                l.incomplete("the bytes end in the data of entry " + (l.size() - 1));
                return;
            }
            p = (int) next;
        }
    }

    /** Finds the data descriptor after {@code data}; fills sizes and returns the position after it, or -1. */
    private static long descriptor(byte[] b, int data, int end, long[] sizes) {
        for (int q = data; q + 16 <= end; q++) {
            if (u32le(b, q) != DESCRIPTOR) {
                continue;
            }
            if (u32le(b, q + 8) == q - data) {
                sizes[1] = u32le(b, q + 8);
                sizes[0] = u32le(b, q + 12);
                return q + 16;
            }
            if (q + 24 <= end && u64le(b, q + 8) == q - data) { // zip64 descriptor
                sizes[1] = u64le(b, q + 8);
                sizes[0] = u64le(b, q + 16);
                return q + 24;
            }
        }
        return -1;
    }

    private static int descriptorLength(byte[] b, long q, int end) {
        return has(q, 4, end) && u32le(b, (int) q) == DESCRIPTOR ? 16 : 12;
    }

    private record Extra(int aesStrength, int aesMethod) {
    }

    /** Reads the extra fields this lister cares about: zip64 sizes (into {@code sizes}) and WinZip AES. */
    private static Extra extra(byte[] b, int p, int len, long[] sizes) {
        int strength = 0;
        int method = -1;
        int end = p + len;
        while (p + 4 <= end) {
            int id = u16le(b, p);
            int sz = u16le(b, p + 2);
            if (p + 4 + sz > end) {
                break;
            }
            if (id == WINZIP_AES && sz >= 7) {
                strength = b[p + 8] & 0xFF;
                method = u16le(b, p + 9);
            } else if (id == ZIP64) {
                int q = p + 4;
                for (int i = 0; i < 2 && q + 8 <= p + 4 + sz; i++) {
                    if (sizes[i] == 0xFFFFFFFFL) {
                        sizes[i] = u64le(b, q);
                        q += 8;
                    }
                }
            }
            p += 4 + sz;
        }
        return new Extra(strength, method);
    }

    private static boolean entry(ListingBuilder l, byte[] b, int nameAt, int nameLen, int flags, int method,
                                 long[] sizes, Extra x) {
        boolean encrypted = (flags & 1) != 0;
        String scheme = null;
        if (encrypted) {
            scheme = x.aesMethod() >= 0 ? "winzip-aes-" + (x.aesStrength() == 1 ? 128 : x.aesStrength() == 2 ? 192 : 256)
                    : (flags & 0x40) != 0 ? "pkware-strong" : "zipcrypto";
        }
        int actual = method == 99 && x.aesMethod() >= 0 ? x.aesMethod() : method;
        return l.add(LE.text(b, nameAt, nameLen), sizes[0], sizes[1], ZipMethod.name(actual), encrypted, scheme);
    }
}
