package io.packwatch.decode;

import java.util.Locale;

/**
 * Whether packets with wrong checksums are kept out of streams. Captures taken on a host with
 * checksum offloading show wrong checksums on every packet it sent, so {@code auto} checks the
 * first packets and stops rejecting when most of them fail, as Suricata's auto mode does.
 */
public enum ChecksumMode {
    AUTO, YES, NO;

    public static ChecksumMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown checksum mode '" + s + "' (one of auto, yes, no)");
        }
    }
}
