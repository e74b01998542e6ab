package io.packwatch.inspect.archive;

/**
 * The bounds on nested decoding and archive listing ({@code inspect.nested.*}, {@code inspect.max_layers},
 * {@code inspect.archive.*}).
 *
 * @param decodeLimit output bytes decoded per layer (the size of each of a worker's two layer buffers)
 * @param maxLayers decoding steps (text encodings and compressions) taken into one object
 * @param maxRatio output over input bytes above which a decode that fills its limit is a decompression bomb
 * @param maxEntries archive entries read per listing
 * @param listedEntries entries written per object record
 */
public record ArchiveLimits(int decodeLimit, int maxLayers, double maxRatio, int maxEntries, int listedEntries) {
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(64 * 1024, 4, 100, 10_000, 20);
}
