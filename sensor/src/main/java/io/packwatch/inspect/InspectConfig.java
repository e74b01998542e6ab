package io.packwatch.inspect;

import io.packwatch.inspect.archive.ArchiveLimits;

/**
 * The {@code inspect.*} config keys (the {@code alert.*} ones are in
 * {@link io.packwatch.correlate.AlertPolicy}, which a reload can swap).
 *
 * @param window bytes at the start of each object kept for format detection
 * @param memcap bytes of detection windows held across all objects; beyond it windows are inspected early
 * @param hashes whether objects that carry something get SHA-256 and MD5
 * @param reportMinBytes objects at least this large are reported even when they carry nothing
 * @param archive bounds on nested decoding and archive listing
 */
public record InspectConfig(int window, long memcap, boolean hashes, long reportMinBytes, ArchiveLimits archive) {
}
