package io.packwatch.inspect;

import java.util.List;

/** Finds archive and compression formats in the first bytes of an object. */
public interface Detector {
    /**
     * Looks at {@code data[off, off + len)}, the start of an object (up to {@code inspect.window}
     * bytes). Must not throw on any input and must bound its own work and memory.
     *
     * @param complete true when these are all of the object's bytes, false when more followed
     * @return what was found, best first (validated before unvalidated, then by offset); empty when nothing
     */
    List<Detection> detect(byte[] data, int off, int len, boolean complete);

    /**
     * {@link #detect(byte[], int, int, boolean)} for a caller that has already counted the bytes:
     * {@code histogram[v]} is the number of bytes of value {@code v} in {@code data[off, off + len)}
     * (a wrong histogram may lose detections). Detectors use it to rule out, exactly, formats whose
     * magic holds a byte the window lacks.
     */
    default List<Detection> detect(byte[] data, int off, int len, boolean complete, long[] histogram) {
        return detect(data, off, len, complete);
    }

    /**
     * {@link #detect(byte[], int, int, boolean, long[])} for a caller whose counting pass also marked the window's
     * {@link CandidateRuns}, so that a detector of text encodings need only search those spans.
     */
    default List<Detection> detect(byte[] data, int off, int len, boolean complete, long[] histogram,
                                   CandidateRuns runs) {
        return detect(data, off, len, complete, histogram);
    }

    /**
     * A cheap first look: whether {@code data[off, off + len)} could start with a format this
     * detector knows, so callers that decode candidates (text encodings) can skip most of them.
     */
    default boolean mayStartWithFormat(byte[] data, int off, int len) {
        return true;
    }
}
