package io.packwatch.decode;

/** The {@code defrag.*} config keys. */
public record DefragConfig(OverlapPolicy policy, long timeoutNanos, int maxTrackers, long memcapBytes) {
}
