package io.packwatch.inspect.archive;

/**
 * What decoding the layers of an object and listing its innermost archive found.
 *
 * @param listing the innermost archive's listing, or null when the layers end in no archive
 * @param innerClass what the innermost decoded bytes are when they are no format: plaintext,
 *     compressed, encrypted or unknown; null when the layers end in an archive or were not decoded
 * @param decodedBytes bytes of the innermost layer decoded (at most {@code inspect.nested.decode_limit})
 * @param ratio the largest output-over-input ratio seen: of a decoded layer, or claimed by the
 *     archive's headers
 * @param bomb a layer filled its decode limit above {@code inspect.archive.max_ratio}, or the
 *     archive's headers claim more than that ratio for more bytes than the limit
 * @param complete every layer was decoded to its end and the archive listed whole
 * @param reason why not, when not complete
 * @param document the document whose own format the layers are, when it was sent as itself (or text-encoded):
 *     docx, xlsx, pptx, vsdx, odt, ods, odp, odg ({@link Documents#ofZip}), png, pdf ({@link Documents#ofZlib});
 *     else null
 */
public record ArchiveReport(ArchiveListing listing, String innerClass, long decodedBytes, double ratio, boolean bomb,
                            boolean complete, String reason, String document) {
}
