package io.packwatch.inspect;

import io.packwatch.decode.CidrSet;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.entropy.TrialDecoder;

/**
 * The {@code inspect.*} and {@code alert.*} config keys.
 *
 * @param window bytes at the start of each object kept for format detection
 * @param memcap bytes of detection windows held across all objects; beyond it windows are inspected early
 * @param hashes whether objects that carry something get SHA-256 and MD5
 * @param reportMinBytes objects at least this large are reported even when they carry nothing
 * @param alertMinBytes outbound archives or encrypted data at least this large raise a network alert
 * @param alertDownloads whether inbound objects raise alerts too
 * @param allowedDestinations destinations that never raise a network alert
 * @param archive bounds on nested decoding and archive listing
 * @param trialDecode whether objects with no known format are trial-decoded as headerless compressed streams
 * @param trialBudget output bytes per trial decoder and object
 */
public record InspectConfig(int window, long memcap, boolean hashes, long reportMinBytes, long alertMinBytes,
                            boolean alertDownloads, CidrSet allowedDestinations,
                            ArchiveLimits archive, boolean trialDecode, int trialBudget) {
    /** With trial decoding on at its default budget. */
    public InspectConfig(int window, long memcap, boolean hashes, long reportMinBytes, long alertMinBytes,
                         boolean alertDownloads, CidrSet allowedDestinations, ArchiveLimits archive) {
        this(window, memcap, hashes, reportMinBytes, alertMinBytes, alertDownloads, allowedDestinations, archive,
                true, TrialDecoder.DEFAULT_BUDGET);
    }
}
