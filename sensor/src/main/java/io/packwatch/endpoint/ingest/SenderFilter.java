package io.packwatch.endpoint.ingest;

import io.packwatch.decode.CidrSet;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** {@code endpoint.allow_senders}: which source addresses may send; an empty list allows all. */
final class SenderFilter {
    private final CidrSet allowed;
    private final boolean allowAll;

    SenderFilter(CidrSet allowed) {
        this.allowed = allowed;
        this.allowAll = allowed.texts().isEmpty();
    }

    boolean allows(InetSocketAddress sender) {
        if (allowAll) {
            return true;
        }
        if (sender == null) {
            return false;
        }
        InetAddress a = sender.getAddress();
        if (a instanceof Inet4Address) {
            // An IPv4 address's hash code is the address itself: no array to allocate per datagram.
            return allowed.contains(4, 0, a.hashCode() & 0xFFFFFFFFL);
        }
        byte[] b = a.getAddress();
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFF) {
            // An IPv4-mapped address (a dual-stack socket): judge it as the IPv4 address it is.
            return allowed.contains(4, 0, lo & 0xFFFFFFFFL);
        }
        return allowed.contains(6, hi, lo);
    }
}
