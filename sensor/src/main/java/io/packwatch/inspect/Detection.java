package io.packwatch.inspect;

import java.util.List;

/**
 * One archive or compression format found in an object.
 *
 * @param format the format name, as in {@code dlp.format}: gzip, bzip2, zlib, zip, rar, 7z, xz, lzma,
 *     zstd, lz4, tar, cab, compress, snappy, arj, cpio, ar
 * @param offset byte offset of the format's first byte in the object (in the decoded text, for
 *     encoded archives: see {@code encoding})
 * @param encoding how the archive was wrapped: none, base64, base64url, hex, escaped
 * @param layers the chain from the outside in, e.g. [base64, gzip, tar]
 * @param validated true when a prefix decoded as the format says it should, not just the magic
 * @param detail what the validator saw (header fields, method, first entry name), for analysts
 */
public record Detection(String format, long offset, String encoding, List<String> layers, boolean validated,
                        String detail) {
    /** The order detections are reported in: validated first, then by offset. */
    public static final java.util.Comparator<Detection> ORDER =
            java.util.Comparator.comparing((Detection d) -> !d.validated()).thenComparingLong(Detection::offset);
}
