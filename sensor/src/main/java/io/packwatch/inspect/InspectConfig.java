package io.packwatch.inspect;

import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.entropy.TrialDecoder;
import java.util.BitSet;

/**
 * The {@code inspect.*} config keys (the {@code alert.*} ones are in
 * {@link io.packwatch.correlate.AlertPolicy}, which a reload can swap).
 *
 * @param window bytes at the start of each object kept for format detection
 * @param memcap bytes of detection windows held across all objects; beyond it windows are inspected early
 * @param hashes whether objects that carry something get SHA-256 and MD5
 * @param reportMinBytes objects at least this large are reported even when they carry nothing
 * @param archive bounds on nested decoding and archive listing
 * @param trialDecode whether objects with no known format are trial-decoded as headerless compressed streams
 * @param trialBudget output bytes per trial decoder and object
 * @param resyncScan bytes of a window the statistics call encrypted that are searched for a deflate block start
 *     (0: none)
 * @param midstreamSshPorts server ports whose connections, picked up mid-stream, are SSH when their bytes are not
 *     text; read only
 */
public record InspectConfig(int window, long memcap, boolean hashes, long reportMinBytes, ArchiveLimits archive,
                            boolean trialDecode, int trialBudget, int resyncScan, BitSet midstreamSshPorts) {
    private static final int SSH_PORT = 22;

    /** With trial decoding on at its default budget, and SSH on port 22. */
    public InspectConfig(int window, long memcap, boolean hashes, long reportMinBytes, ArchiveLimits archive) {
        this(window, memcap, hashes, reportMinBytes, archive, true, TrialDecoder.DEFAULT_BUDGET,
                TrialDecoder.DEFAULT_RESYNC_SCAN, sshPort());
    }

    private static BitSet sshPort() {
        BitSet ports = new BitSet(SSH_PORT + 1);
        ports.set(SSH_PORT);
        return ports;
    }
}
