package io.packwatch.decode;


/** ECS {@code network.direction} from the configured home networks. */
public final class NetworkDirection {
    private final CidrSet home;

    public NetworkDirection(CidrSet home) {
        this.home = home;
    }

    public String of(int version, long srcHi, long srcLo, long dstHi, long dstLo) {
        boolean srcHome = home.contains(version, srcHi, srcLo);
        boolean dstHome = home.contains(version, dstHi, dstLo);
        if (srcHome) {
            return dstHome ? "internal" : "outbound";
        }
        return dstHome ? "inbound" : "external";
    }
}
