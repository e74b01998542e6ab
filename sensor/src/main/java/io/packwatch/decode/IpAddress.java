package io.packwatch.decode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Conversions between the (hi, lo) address representation of {@link Packet} and text or bytes. */
public final class IpAddress {
    private IpAddress() {
    }

    /** Dotted quad for IPv4, RFC 5952 text for IPv6. */
    public static String format(int version, long hi, long lo) {
        if (version == 4) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            w[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        // RFC 5952: the longest run of two or more zero words becomes "::", the first such run on ties.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    /** The address as it goes on the wire: 4 or 16 bytes. */
    public static byte[] toBytes(int version, long hi, long lo) {
        byte[] b = new byte[version == 4 ? 4 : 16];
        if (version == 4) {
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) (lo >>> (24 - 8 * i));
            }
        } else {
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        }
        return b;
    }

    /**
     * Parses a literal address (no name lookups).
     *
     * @return {version, hi, lo}
     */
    public static long[] parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !(t.indexOf(':') >= 0 || t.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        byte[] b;
        try {
            b = InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        long hi = 0;
        long lo = 0;
        if (b.length == 4) {
            for (byte x : b) {
                lo = (lo << 8) | (x & 0xFF);
            }
            return new long[] {4, 0, lo};
        }
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return new long[] {6, hi, lo};
    }
}
