package io.packwatch.inspect;

import io.packwatch.flow.Flow;
import io.packwatch.inspect.archive.ArchiveReport;
import java.util.List;

/**
 * What inspection concluded about one object: one direction of a TCP stream, or an HTTP body or part.
 *
 * @param flow the flow the object travelled in
 * @param direction {@link Flow#FROM_CLIENT} (sent by the client) or {@link Flow#FROM_SERVER}
 * @param endNanos packet time when the object ended
 * @param size bytes of the object that were seen (gaps not included)
 * @param missedBytes bytes lost in gaps
 * @param truncated true when the object was not seen whole (gap, depth, or cut short)
 * @param protocol what the first bytes say the stream is when it is not payload of its own: tls, ssh; or null
 * @param detections archive and compression formats found, best first
 * @param dataClass plaintext, compressed, encrypted or unknown
 * @param classBasis what decided {@code dataClass}
 * @param classDecoder the trial decoder that decoded the bytes when {@code classBasis} is
 *     {@link ClassBasis#DECODED} (bzip2, lz4, zstd, lzma, lzma2, deflate), else null
 * @param entropy Shannon entropy of the inspected bytes, bits per byte
 * @param sha256 hex, or null when not computed (nothing found, hashing off, or bytes missing)
 * @param md5 hex, or null likewise
 * @param context what the application layer said about the object (HTTP fields); {@link ObjectContext#STREAM} for raw streams
 * @param archive what the best detection's layers held (listing, inner class, ratio, bomb), or null when it
 *     was not followed inward (no validated format, or nothing to decode or list)
 */
public record InspectedObject(Flow flow, int direction, long endNanos, long size, long missedBytes, boolean truncated,
                              String protocol, List<Detection> detections, String dataClass,
                              ClassBasis classBasis, String classDecoder, double entropy,
                              String sha256, String md5, ObjectContext context,
                              ArchiveReport archive) {

    /**
     * True when the object holds an archive, compressed or encrypted data: what DLP cares about. For objects
     * {@linkplain ObjectContext#judgedByStructure judged by structure}, a verdict of the statistics alone does not count.
     */
    public boolean carriesSomething() {
        return carriesSomething(detections, dataClass, classBasis, context);
    }

    /** {@link #carriesSomething()} of a verdict still being made. */
    static boolean carriesSomething(List<Detection> detections, String dataClass, ClassBasis basis,
                                    ObjectContext context) {
        if (!detections.isEmpty()) {
            return true;
        }
        if (context.judgedByStructure()) {
            return "compressed".equals(dataClass) && basis.structureConfirmed();
        }
        return "compressed".equals(dataClass) || "encrypted".equals(dataClass);
    }

    /** The document the object is (docx, pdf, png, ...: {@code dlp.document}), or null. */
    public String document() {
        return archive == null ? null : archive.document();
    }

    /** The best detection, or null. */
    public Detection best() {
        return detections.isEmpty() ? null : detections.get(0);
    }
}
