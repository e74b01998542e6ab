package io.packwatch.capture;

import java.util.Arrays;

/**
 * One captured frame. A source fills the same instance again on every call, so the packet path
 * allocates nothing per packet; whoever needs bytes beyond the current packet copies them.
 */
public final class Frame {
    /** Frame bytes in {@code [0, length)}; the array grows when a larger frame arrives. */
    public byte[] data = new byte[64 * 1024];
    /** Bytes captured. */
    public int length;
    /** Bytes on the wire; larger than {@link #length} when the snaplen cut the frame. */
    public int wireLength;
    /** Capture time in nanoseconds since the Unix epoch. */
    public long tsNanos;
    /** LINKTYPE_ value of the interface the frame came from. */
    public int linkType;
    /** Which file or interface the frame came from, for reports. */
    public String origin = "";

    public byte[] ensureCapacity(int n) {
        if (data.length < n) {
            data = Arrays.copyOf(data, Math.max(n, data.length * 2));
        }
        return data;
    }
}
