package io.packwatch.flow;

import io.packwatch.decode.OverlapPolicy;

/**
 * The {@code reassembly.*} config keys.
 *
 * @param depth bytes delivered per direction before a stream stops being followed; 0 for no limit
 * @param memcap bytes of out-of-order data buffered across all streams
 * @param maxOooBytes out-of-order bytes one direction may hold before its hole is declared a gap
 * @param maxOooSegments out-of-order segments one direction may hold before the same happens
 * @param maxTtlDrop a segment whose TTL (hop limit) is more than this below that of its direction's first
 *     packet is an insertion packet that expires before the receiver: kept out of the stream; 0 for off
 */
public record ReassemblyConfig(OverlapPolicy policy, long depth, long memcap, long maxOooBytes, int maxOooSegments,
                               int maxTtlDrop) {
    /** Without the TTL check. */
    public ReassemblyConfig(OverlapPolicy policy, long depth, long memcap, long maxOooBytes, int maxOooSegments) {
        this(policy, depth, memcap, maxOooBytes, maxOooSegments, 0);
    }
}
