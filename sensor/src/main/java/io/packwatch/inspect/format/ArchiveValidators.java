package io.packwatch.inspect.format;

import static io.packwatch.inspect.format.Bin.crc32;
import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.leb128;
import static io.packwatch.inspect.format.Bin.u16be;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u64le;
import static io.packwatch.inspect.format.Bin.u8;

/** Validators for multi-member archive formats. */
final class ArchiveValidators {
    private ArchiveValidators() {
    }

    // ---------------------------------------------------------------- zip (PKWARE APPNOTE)

    private static final long LFH = 0x04034b50L;
    private static final long EOCD = 0x06054b50L;
    private static final long SPAN = 0x08074b50L;

    static String zip(byte[] b, int s, int end) {
        if (!has(s, 4, end)) {
            return null;
        }
        long sig = u32le(b, s);
        if (sig == EOCD) {
            // an empty archive: nothing but the end of central directory record, all counts zero
            if (!has(s, 22, end) || u16le(b, s + 4) != 0 || u16le(b, s + 6) != 0 || u16le(b, s + 8) != 0
                    || u16le(b, s + 10) != 0 || u32le(b, s + 12) != 0 || u32le(b, s + 16) != 0) {
                return null;
            }
            int comment = u16le(b, s + 20);
            return has(s + 22, comment, end) ? "empty archive" : null;
        }
        boolean spanned = false;
        if (sig == SPAN) {
            spanned = true;
            s += 4;
            if (!has(s, 4, end)) {
                return null;
            }
            sig = u32le(b, s);
        }
        if (sig != LFH || !has(s, 30, end)) {
            return null;
        }
        int version = u16le(b, s + 4);
        int flags = u16le(b, s + 6);
        int method = u16le(b, s + 8);
        long csize = u32le(b, s + 18);
        int nameLen = u16le(b, s + 26);
        int extraLen = u16le(b, s + 28);
        if ((version & 0xFF) > 63 || (version >> 8) > 19 || (flags & 0x0780) != 0) {
            // version needed: spec numbers go up to 6.3; upper byte is a host system id
            return null;
        }
        if (method != 0 && method != 8 && method != 9 && method != 12 && method != 14 && method != 93
                && method != 95 && method != 98 && method != 99) {
            return null;
        }
        if (nameLen == 0 || nameLen > 4096 || !has(s + 30, (long) nameLen + extraLen, end)
                || !Bin.printableName(b, s + 30, nameLen)) {
            return null;
        }
        int p = s + 30 + nameLen;
        // extra field: a sequence of (id, size, data) records that must tile it exactly
        int q = p;
        int xend = p + extraLen;
        boolean aes = method == 99;
        while (q + 4 <= xend) {
            int id = u16le(b, q);
            int sz = u16le(b, q + 2);
            if (q + 4 + sz > xend) {
                return null;
            }
            if (id == 0x9901) {
                aes = true;
            }
            q += 4 + sz;
        }
        if (q != xend && extraLen - (q - p) > 3) {
            return null;
        }
        boolean encrypted = (flags & 1) != 0;
        int data = xend;
        String decode = "";
        if (method == 8 && !encrypted && data < end) {
            int lim = (flags & 0x08) == 0 && csize > 0 && data + csize < end ? (int) (data + csize) : end;
            Probe.Result r = Probe.inflate(b, data, lim, true);
            if (!r.accepted() && !(r.status() == Probe.Status.TRUNCATED && lim < end)) {
                return null;
            }
            decode = r.finished() ? " decoded=" + r.out() : " decoded>=" + r.out();
        }
        return "first=" + Bin.name(b, s + 30, nameLen) + " method=" + ZipMethod.name(method)
                + " encrypted=" + (encrypted ? (aes ? "aes" : (flags & 0x40) != 0 ? "strong" : "zipcrypto") : "no")
                + (spanned ? " spanned" : "") + decode;
    }

    // ---------------------------------------------------------------- rar 4.x and 5.x

    static String rar(byte[] b, int s, int end) {
        if (!has(s, 8, end) || b[s] != 'R' || b[s + 1] != 'a' || b[s + 2] != 'r' || b[s + 3] != '!'
                || b[s + 4] != 0x1A || b[s + 5] != 0x07) {
            return null;
        }
        if (b[s + 6] == 0) {
            return rar4(b, s + 7, end);
        }
        if (b[s + 6] == 1 && b[s + 7] == 0) {
            return rar5(b, s + 8, end);
        }
        return null;
    }

    private static String rar4(byte[] b, int p, int end) {
        // MAIN_HEAD: HEAD_CRC(2) HEAD_TYPE(1)=0x73 HEAD_FLAGS(2) HEAD_SIZE(2) reserved(6)
        if (!has(p, 7, end) || u8(b, p + 2) != 0x73) {
            return null;
        }
        int flags = u16le(b, p + 3);
        int size = u16le(b, p + 5);
        if (size < 13 || size > 1024 || !has(p, size, end) || u16le(b, p) != (crc32(b, p + 2, size - 2) & 0xFFFF)) {
            return null;
        }
        boolean encHeaders = (flags & 0x0080) != 0;
        StringBuilder d = new StringBuilder("version=4 encrypted-headers=").append(encHeaders);
        if ((flags & 0x0001) != 0) {
            d.append(" volume");
        }
        if ((flags & 0x0008) != 0) {
            d.append(" solid");
        }
        int q = p + size;
        // the first file header, when readable and in the window
        if (!encHeaders && has(q, 32, end) && u8(b, q + 2) == 0x74) {
            int fflags = u16le(b, q + 3);
            int fsize = u16le(b, q + 5);
            int nameLen = u16le(b, q + 26);
            if (fsize >= 32 + nameLen && has(q, fsize, end)
                    && u16le(b, q) == (crc32(b, q + 2, fsize - 2) & 0xFFFF)) {
                int nameAt = q + 32 + ((fflags & 0x0100) != 0 ? 8 : 0);
                if (has(nameAt, nameLen, q + fsize)) {
                    d.append(" first=").append(Bin.name(b, nameAt, nameLen));
                }
                d.append(" method=0x").append(Integer.toHexString(u8(b, q + 25)));
                d.append(" encrypted=").append((fflags & 0x0004) != 0);
            }
        }
        return d.toString();
    }

    private static String rar5(byte[] b, int p, int end) {
        // header: CRC32(4) size(vint) type(vint) flags(vint) ... ; CRC over size field and header data
        if (!has(p, 7, end)) {
            return null;
        }
        long[] v = new long[1];
        int q = rarVint(b, p + 4, end, v);
        if (q < 0 || v[0] < 2 || v[0] > 2 * 1024 * 1024 || !has(q, v[0], end)) {
            return null;
        }
        int hend = q + (int) v[0];
        if (u32le(b, p) != crc32(b, p + 4, hend - (p + 4))) {
            return null;
        }
        q = rarVint(b, q, hend, v);
        if (q < 0) {
            return null;
        }
        long type = v[0];
        if (type == 4) {
            return "version=5 encrypted-headers=true";
        }
        if (type != 1) {
            return null;
        }
        q = rarVint(b, q, hend, v); // header flags
        if (q < 0) {
            return null;
        }
        long hflags = v[0];
        if ((hflags & 1) != 0 && (q = rarVint(b, q, hend, v)) < 0) { // extra area size
            return null;
        }
        if ((hflags & 2) != 0 && (q = rarVint(b, q, hend, v)) < 0) { // data size
            return null;
        }
        if ((q = rarVint(b, q, hend, v)) < 0) { // archive flags
            return null;
        }
        long aflags = v[0];
        return "version=5 encrypted-headers=false" + ((aflags & 1) != 0 ? " volume" : "")
                + ((aflags & 4) != 0 ? " solid" : "");
    }

    private static int rarVint(byte[] b, int p, int end, long[] out) {
        return leb128(b, p, end, out, 10, false);
    }

    // ---------------------------------------------------------------- 7z

    static String sevenZip(byte[] b, int s, int end) {
        if (!has(s, 32, end) || b[s] != '7' || b[s + 1] != 'z' || u8(b, s + 2) != 0xBC || u8(b, s + 3) != 0xAF
                || b[s + 4] != 0x27 || b[s + 5] != 0x1C) {
            return null;
        }
        int major = u8(b, s + 6);
        int minor = u8(b, s + 7);
        if (major != 0 || u32le(b, s + 8) != crc32(b, s + 12, 20)) {
            return null;
        }
        long nextOff = u64le(b, s + 12);
        long nextSize = u64le(b, s + 20);
        long nextCrc = u32le(b, s + 28);
        if (nextOff < 0 || nextSize < 0 || nextSize > (1L << 32)) {
            return null;
        }
        StringBuilder d = new StringBuilder("version=0.").append(minor).append(" next-header=").append(nextSize);
        if (nextSize == 0) {
            return d.append(" empty archive").toString();
        }
        long h = s + 32L + nextOff;
        if (h >= 0 && h + nextSize <= end) { // whole next header in the window: check it too
            if (crc32(b, (int) h, (int) nextSize) != nextCrc) {
                return null;
            }
            int kind = u8(b, (int) h);
            if (kind != 0x01 && kind != 0x17) {
                return null;
            }
            d.append(kind == 0x17 ? " header=encoded" : " header=plain");
        }
        return d.toString();
    }

    // ---------------------------------------------------------------- tar

    /** Validates a tar header block: checksum, printable name, octal fields. ustar magic optional (v7 tar). */
    static String tar(byte[] b, int s, int end) {
        if (!has(s, 512, end)) {
            return null;
        }
        long stored = Bin.asciiNumber(b, s + 148, 8, 8);
        if (stored < 0) {
            return null;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < 512; i++) {
            int x = i >= 148 && i < 156 ? ' ' : b[s + i];
            unsigned += x & 0xFF;
            signed += x;
        }
        if (stored != unsigned && stored != signed || unsigned == 8 * ' ') {
            return null;
        }
        int nul = Bin.indexOfNul(b, s, s + 100, 100);
        int nameLen = nul < 0 ? 100 : nul - s;
        if (nameLen == 0 || !Bin.printableName(b, s, nameLen)) {
            return null;
        }
        for (int i = s + nameLen; i < s + 100; i++) {
            if (b[i] != 0) {
                return null;
            }
        }
        if (Bin.asciiNumber(b, s + 100, 8, 8) < 0) { // mode
            return null;
        }
        long size;
        if ((b[s + 124] & 0x80) != 0) { // GNU base-256 size
            size = -2;
        } else {
            size = Bin.asciiNumber(b, s + 124, 12, 8);
            if (size < 0) {
                return null;
            }
        }
        boolean ustar = b[s + 257] == 'u' && b[s + 258] == 's' && b[s + 259] == 't' && b[s + 260] == 'a'
                && b[s + 261] == 'r';
        String variant = !ustar ? "v7" : b[s + 262] == 0 ? "ustar" : "gnu";
        int type = b[s + 156] == 0 ? '0' : b[s + 156] & 0xFF;
        return "variant=" + variant + " first=" + Bin.name(b, s, nameLen) + " type=" + (char) type
                + (size >= 0 ? " size=" + size : "");
    }

    // ---------------------------------------------------------------- cab (MS-CAB)

    static String cab(byte[] b, int s, int end) {
        if (!has(s, 36, end) || u32le(b, s) != 0x4643534DL) {
            return null;
        }
        long cbCabinet = u32le(b, s + 8);
        long coffFiles = u32le(b, s + 16);
        int minor = u8(b, s + 24);
        int major = u8(b, s + 25);
        int folders = u16le(b, s + 26);
        int files = u16le(b, s + 28);
        int flags = u16le(b, s + 30);
        if (u32le(b, s + 4) != 0 || u32le(b, s + 12) != 0 || u32le(b, s + 20) != 0 || major != 1 || minor != 3
                || cbCabinet < 36 || coffFiles < 36 || coffFiles >= cbCabinet || (flags & ~7) != 0
                || folders == 0 || files == 0) {
            return null;
        }
        int p = s + 36;
        int cbFolderReserve = 0;
        if ((flags & 4) != 0) { // reserve present
            if (!has(p, 4, end)) {
                return null;
            }
            int hdrRes = u16le(b, p);
            cbFolderReserve = u8(b, p + 2);
            p += 4 + hdrRes;
        }
        for (int f = 0; f < 2 && (flags & (1 << f)) != 0; f++) { // previous / next cabinet names + disks
            for (int k = 0; k < 2; k++) {
                int z = Bin.indexOfNul(b, p, end, 256);
                if (z < 0) {
                    return null;
                }
                p = z + 1;
            }
        }
        StringBuilder d = new StringBuilder("folders=").append(folders).append(" files=").append(files);
        if (has(p, 8, end)) { // first CFFOLDER
            long coffCabStart = u32le(b, p);
            int ctype = u16le(b, p + 6) & 0x0F;
            if (coffCabStart >= cbCabinet || ctype > 3) {
                return null;
            }
            d.append(" compression=").append(new String[] {"none", "mszip", "quantum", "lzx"}[ctype]);
        }
        int file = s + (int) coffFiles;
        if (has(file, 16, end)) { // first CFFILE
            int z = Bin.indexOfNul(b, file + 16, end, 256);
            if (z >= 0) {
                if (z == file + 16 || !Bin.printableName(b, file + 16, z - file - 16)) {
                    return null;
                }
                d.append(" first=").append(Bin.name(b, file + 16, z - file - 16));
            }
        }
        return d.toString();
    }

    // ---------------------------------------------------------------- arj

    static String arj(byte[] b, int s, int end) {
        if (!has(s, 4, end) || u8(b, s) != 0x60 || u8(b, s + 1) != 0xEA) {
            return null;
        }
        int size = u16le(b, s + 2);
        if (size < 30 || size > 2600 || !has(s + 4, size + 4L, end)) {
            return null;
        }
        int h = s + 4;
        if (u32le(b, h + size) != crc32(b, h, size)) {
            return null;
        }
        int firstSize = u8(b, h);
        int version = u8(b, h + 1);
        int fileType = u8(b, h + 6);
        if (firstSize < 30 || firstSize > size || fileType != 2) { // the first header is the main header
            return null;
        }
        int nameAt = h + firstSize;
        int z = Bin.indexOfNul(b, nameAt, h + size, size);
        String name = z > nameAt && Bin.printableName(b, nameAt, z - nameAt) ? Bin.name(b, nameAt, z - nameAt) : "";
        boolean garbled = (u8(b, h + 4) & 0x01) != 0;
        return "version=" + version + " archive=" + name + " encrypted=" + garbled;
    }

    // ---------------------------------------------------------------- cpio

    static String cpio(byte[] b, int s, int end) {
        if (!has(s, 6, end)) {
            return null;
        }
        if (b[s] == '0' && b[s + 1] == '7' && b[s + 2] == '0' && b[s + 3] == '7' && b[s + 4] == '0') {
            if (b[s + 5] == '1' || b[s + 5] == '2') {
                return cpioNewc(b, s, end);
            }
            if (b[s + 5] == '7') {
                return cpioOdc(b, s, end);
            }
            return null;
        }
        if (u16le(b, s) == 0x71C7) {
            return cpioBinary(b, s, end, true);
        }
        if (u16be(b, s) == 0x71C7) {
            return cpioBinary(b, s, end, false);
        }
        return null;
    }

    private static String cpioNewc(byte[] b, int s, int end) {
        if (!has(s, 110, end)) {
            return null;
        }
        long[] f = new long[13];
        for (int i = 0; i < 13; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                int d = Character.digit(b[s + 6 + 8 * i + k], 16);
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            f[i] = v;
        }
        long mode = f[1];
        long size = f[6];
        long nameSize = f[11];
        return cpioName(b, s + 110, end, nameSize, mode, size, b[s + 5] == '2' ? "newc-crc" : "newc");
    }

    private static String cpioOdc(byte[] b, int s, int end) {
        if (!has(s, 76, end)) {
            return null;
        }
        int[] widths = {6, 6, 6, 6, 6, 6, 6, 6, 11, 6, 11};
        long[] f = new long[widths.length];
        int p = s + 6;
        for (int i = 0; i < widths.length; i++) {
            for (int k = 0; k < widths[i]; k++) {
                if (b[p + k] < '0' || b[p + k] > '7') {
                    return null;
                }
            }
            f[i] = Bin.asciiNumber(b, p, widths[i], 8);
            p += widths[i];
        }
        return cpioName(b, s + 76, end, f[9], f[2], f[10], "odc");
    }

    private static String cpioBinary(byte[] b, int s, int end, boolean le) {
        if (!has(s, 26, end)) {
            return null;
        }
        int mode = le ? u16le(b, s + 6) : u16be(b, s + 6);
        int nlink = le ? u16le(b, s + 12) : u16be(b, s + 12);
        int nameSize = le ? u16le(b, s + 20) : u16be(b, s + 20);
        long size = le ? ((long) u16le(b, s + 22) << 16 | u16le(b, s + 24))
                : ((long) u16be(b, s + 22) << 16 | u16be(b, s + 24));
        if (nlink == 0) {
            return null;
        }
        return cpioName(b, s + 26, end, nameSize, mode, size, le ? "binary-le" : "binary-be");
    }

    private static String cpioName(byte[] b, int p, int end, long nameSize, long mode, long size, String variant) {
        int type = (int) (mode >> 12) & 0xF;
        // S_IFIFO 1, S_IFCHR 2, S_IFDIR 4, S_IFBLK 6, S_IFREG 8, S_IFLNK 10, S_IFSOCK 12; 0 only on the trailer
        boolean typeOk = type == 1 || type == 2 || type == 4 || type == 6 || type == 8 || type == 10 || type == 12;
        if (nameSize < 2 || nameSize > 4096 || !has(p, nameSize, end) || b[p + (int) nameSize - 1] != 0
                || !Bin.printableName(b, p, (int) nameSize - 1) || (mode & ~0xFFFFL) != 0) {
            return null;
        }
        boolean trailer = nameSize == 11 && Bin.name(b, p, 10).equals("TRAILER!!!");
        if (!typeOk && !trailer) {
            return null;
        }
        return "variant=" + variant + " first=" + Bin.name(b, p, (int) nameSize - 1) + " size=" + size;
    }

    // ---------------------------------------------------------------- ar

    static String ar(byte[] b, int s, int end) {
        if (!has(s, 8 + 60, end) || !"!<arch>\n".equals(new String(b, s, 8, java.nio.charset.StandardCharsets.US_ASCII))) {
            return null;
        }
        int h = s + 8;
        if (b[h + 58] != '`' || b[h + 59] != '\n' || !Bin.printableName(b, h, 16)) {
            return null;
        }
        long mtime = Bin.asciiNumber(b, h + 16, 12, 10);
        long size = Bin.asciiNumber(b, h + 48, 10, 10);
        if (size < 0 || mtime < 0 && !blank(b, h + 16, 12)) {
            return null;
        }
        int nameLen = 16;
        while (nameLen > 0 && b[h + nameLen - 1] == ' ') {
            nameLen--;
        }
        if (nameLen == 0) {
            return null;
        }
        return "first=" + Bin.name(b, h, nameLen) + " size=" + size;
    }

    private static boolean blank(byte[] b, int p, int n) {
        for (int i = p; i < p + n; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }
}
