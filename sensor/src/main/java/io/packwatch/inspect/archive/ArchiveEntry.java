package io.packwatch.inspect.archive;

/**
 * One member of an archive, as its headers describe it.
 *
 * @param name the path stored in the archive
 * @param size uncompressed bytes, -1 when the headers do not say
 * @param compressedSize stored bytes, -1 when the format has no per-entry figure (tar, cpio, ar, solid 7z)
 * @param method how the entry is stored: stored, deflate, bzip2, lzma, ... or the raw method number
 * @param encrypted the entry's data is encrypted
 */
public record ArchiveEntry(String name, long size, long compressedSize, String method, boolean encrypted) {
}
