package io.packwatch.inspect.archive;

import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u8;

import java.util.zip.CRC32;

/**
 * Lists RAR 4.x and 5.x archives by walking their block headers (RAR's technote). junrar needs a
 * whole, seekable archive and fails on a prefix; the headers are simple, CRC-checked and come
 * one after another, so a walk lists whatever part of an archive the bytes hold.
 */
final class RarLister {
    private final CRC32 crc = new CRC32();
    private final long[] vint = new long[1];

    ArchiveListing list(byte[] b, int off, int end, int maxEntries) {
        ListingBuilder l = new ListingBuilder("rar", maxEntries);
        if (has(off, 8, end) && b[off + 6] == 1 && b[off + 7] == 0) {
            rar5(b, off + 8, end, l);
        } else {
            rar4(b, off + 7, end, l);
        }
        return l.build();
    }

    private void rar4(byte[] b, int p, int end, ListingBuilder l) {
        while (true) {
            if (!has(p, 7, end)) {
                l.incomplete("the bytes end after " + l.size() + " entries");
                return;
            }
            int type = u8(b, p + 2);
            int flags = u16le(b, p + 3);
            int size = u16le(b, p + 5);
            if (size < 7 || !has(p, size, end)) {
                l.incomplete(size < 7 ? "damaged block header" : "the bytes end after " + l.size() + " entries");
                return;
            }
            if (u16le(b, p) != (crc(b, p + 2, size - 2) & 0xFFFF)) {
                l.incomplete("block header CRC mismatch after " + l.size() + " entries");
                return;
            }
            long add = (flags & 0x8000) != 0 && size >= 11 ? u32le(b, p + 7) : 0;
            if (type == 0x73 && (flags & 0x0080) != 0) {
                l.encrypted("rar");
                l.incomplete("the headers are encrypted");
                return;
            }
            if (type == 0x74 && size >= 32) {
                long packed = u32le(b, p + 7);
                long unpacked = u32le(b, p + 11);
                int method = u8(b, p + 25);
                int nameLen = u16le(b, p + 26);
                int nameAt = p + 32;
                if ((flags & 0x0100) != 0 && size >= 40) { // 64-bit sizes
                    packed |= u32le(b, p + 32) << 32;
                    unpacked |= u32le(b, p + 36) << 32;
                    nameAt += 8;
                }
                add = packed;
                String name = has(nameAt, nameLen, p + size) ? LE.text(b, nameAt, nameLen) : "?";
                if (!l.add(name, unpacked, packed, method == 0x30 ? "stored" : "rar-m" + (method - 0x30),
                        (flags & 0x0004) != 0, "rar")) {
                    return;
                }
            } else if (type == 0x7B) { // end of archive
                return;
            }
            long next = (long) p + size + add;
            if (next > end) {
                l.incomplete("the bytes end in the data of entry " + (l.size() - 1));
                return;
            }
            p = (int) next;
        }
    }

    private void rar5(byte[] b, int p, int end, ListingBuilder l) {
        while (true) {
            int q = has(p, 5, end) ? vint(b, p + 4, end) : -1;
            if (q < 0 || !has(q, vint[0], end)) {
                l.incomplete("the bytes end after " + l.size() + " entries");
                return;
            }
            int hend = q + (int) vint[0];
            if (u32le(b, p) != crc(b, p + 4, hend - p - 4)) {
                l.incomplete("header CRC mismatch after " + l.size() + " entries");
                return;
            }
            q = vint(b, q, hend);
            long type = vint[0];
            q = vint(b, q, hend);
            long flags = vint[0];
            long extraSize = 0;
            long dataSize = 0;
            if ((flags & 1) != 0) {
                q = vint(b, q, hend);
                extraSize = vint[0];
            }
            if ((flags & 2) != 0) {
                q = vint(b, q, hend);
                dataSize = vint[0];
            }
            if (q < 0) {
                l.incomplete("damaged header after " + l.size() + " entries");
                return;
            }
            if (type == 4) { // archive encryption header: everything after it is encrypted
                l.encrypted("rar5-aes");
                l.incomplete("the headers are encrypted");
                return;
            }
            if (type == 2 && !file5(b, q, hend, extraSize, dataSize, l)) {
                return;
            }
            if (type == 5) {
                return;
            }
            long next = (long) hend + dataSize;
            if (next > end) {
                l.incomplete("the bytes end in the data of entry " + (l.size() - 1));
                return;
            }
            p = (int) next;
        }
    }

    /** A RAR 5 file header's fields after the common ones; false when listing must stop. */
    private boolean file5(byte[] b, int q, int hend, long extraSize, long dataSize, ListingBuilder l) {
        q = vint(b, q, hend);
        long fileFlags = vint[0];
        q = vint(b, q, hend);
        long unpacked = (fileFlags & 8) != 0 ? -1 : vint[0];
        q = vint(b, q, hend); // attributes
        if ((fileFlags & 2) != 0) {
            q = q < 0 ? q : q + 4; // mtime
        }
        if ((fileFlags & 4) != 0) {
            q = q < 0 ? q : q + 4; // data CRC32
        }
        q = vint(b, q, hend);
        long compression = vint[0];
        q = vint(b, q, hend); // host OS
        q = vint(b, q, hend);
        long nameLen = vint[0];
        if (q < 0 || !has(q, nameLen, hend)) {
            l.incomplete("damaged file header after " + l.size() + " entries");
            return false;
        }
        String name = LE.text(b, q, (int) nameLen);
        boolean encrypted = false;
        int x = (int) Math.max(q + nameLen, hend - extraSize);
        while (x < hend) { // extra area records: size, type, data; type 1 is file encryption
            int r = vint(b, x, hend);
            long recSize = vint[0];
            int t = vint(b, r, hend);
            if (r < 0 || t < 0 || recSize <= 0) {
                break;
            }
            encrypted |= vint[0] == 1;
            x = (int) Math.min(hend, r + recSize);
        }
        int method = (int) (compression >> 7) & 7;
        return l.add(name, unpacked, dataSize, method == 0 ? "stored" : "rar5-m" + method, encrypted, "rar5-aes");
    }

    /** Reads a RAR 5 vint into {@code vint[0]}; returns the position after it, or -1 (also when {@code p} is -1). */
    private int vint(byte[] b, int p, int end) {
        if (p < 0) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < 10 && p < end; i++) {
            int x = b[p++] & 0xFF;
            v |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                vint[0] = v;
                return v < 0 ? -1 : p;
            }
        }
        return -1;
    }

    private long crc(byte[] b, int p, int n) {
        crc.reset();
        crc.update(b, p, n);
        return crc.getValue();
    }
}
