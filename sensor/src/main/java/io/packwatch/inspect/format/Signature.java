package io.packwatch.inspect.format;

import java.util.List;

/**
 * One format's signature, as loaded from a signature file.
 *
 * @param format the format name reported in detections
 * @param magics the magic byte strings (one or more variants); any of them starts a candidate
 * @param offset where the magic sits relative to the archive start (tar: 257)
 * @param validator the validator name, or {@link Validators#NONE}
 * @param description free text for humans
 * @param probeAtStart also run the validator at the start of every object even without the magic
 *     (old v7 tar has no magic; it is found by its header checksum)
 * @param origin file and line the entry came from
 */
public record Signature(String format, List<byte[]> magics, int offset, String validator, String description,
                        boolean probeAtStart, String origin) {
    public Signature {
        magics = List.copyOf(magics);
    }

    /** True when this signature only matches magic bytes and reports detections as unvalidated. */
    public boolean magicOnly() {
        return Validators.NONE.equals(validator);
    }
}
