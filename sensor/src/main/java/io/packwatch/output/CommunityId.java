package io.packwatch.output;

import io.packwatch.decode.IpAddress;
import io.packwatch.decode.Packet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Community ID flow hash, version 1 (the spec Zeek and Suricata implement), so flow records
 * join with their logs: SHA-1 over seed, ordered endpoints, protocol and ports, base64-encoded.
 */
public final class CommunityId {
    private final int seed;
    private final MessageDigest sha1;

    public CommunityId(int seed) {
        this.seed = seed;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    public String of(int version, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int protocol) {
        byte[] a = IpAddress.toBytes(version, aHi, aLo);
        byte[] b = IpAddress.toBytes(version, bHi, bLo);
        int cmp = Arrays.compareUnsigned(a, b);
        if (cmp > 0 || cmp == 0 && aPort > bPort) {
            byte[] t = a;
            a = b;
            b = t;
            int p = aPort;
            aPort = bPort;
            bPort = p;
        }
        sha1.reset();
        sha1.update((byte) (seed >>> 8));
        sha1.update((byte) seed);
        sha1.update(a);
        sha1.update(b);
        sha1.update((byte) protocol);
        sha1.update((byte) 0);
        if (protocol == Packet.PROTO_TCP || protocol == Packet.PROTO_UDP || protocol == 132) {
            sha1.update(new byte[] {(byte) (aPort >>> 8), (byte) aPort, (byte) (bPort >>> 8), (byte) bPort});
        }
        return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    }
}
