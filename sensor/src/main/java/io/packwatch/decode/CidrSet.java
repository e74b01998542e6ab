package io.packwatch.decode;

import java.util.ArrayList;
import java.util.List;

/** A list of networks ({@code 10.0.0.0/8}, {@code fd00::/8}) that addresses are tested against. */
public final class CidrSet {
    private record Cidr(int version, long hi, long lo, int bits) {
        boolean contains(int v, long h, long l) {
            if (v != version) {
                return false;
            }
            if (version == 4) {
                long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                return (l & mask) == (lo & mask);
            }
            if (bits <= 64) {
                long mask = bits == 0 ? 0 : -1L << (64 - bits);
                return (h & mask) == (hi & mask);
            }
            long mask = -1L << (128 - bits);
            return h == hi && (l & mask) == (lo & mask);
        }
    }

    private final List<Cidr> cidrs;
    private final List<String> texts;

    private CidrSet(List<Cidr> cidrs, List<String> texts) {
        this.cidrs = cidrs;
        this.texts = texts;
    }

    public static CidrSet parse(List<String> texts) {
        List<Cidr> list = new ArrayList<>();
        for (String t : texts) {
            String s = t.trim();
            int slash = s.indexOf('/');
            long[] a = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
            int max = a[0] == 4 ? 32 : 128;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + t + "'");
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length of '" + t + "' must be 0 to " + max);
            }
            list.add(new Cidr((int) a[0], a[1], a[2], bits));
        }
        return new CidrSet(list, List.copyOf(texts));
    }

    public boolean contains(int version, long hi, long lo) {
        for (Cidr c : cidrs) {
            if (c.contains(version, hi, lo)) {
                return true;
            }
        }
        return false;
    }

    public List<String> texts() {
        return texts;
    }
}
