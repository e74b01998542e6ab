package io.packwatch.app.tls;

import java.util.Map;

/** ECS names of TLS versions ("1.2") and IANA names of common cipher suites. */
final class TlsNames {
    private static final Map<Integer, String> CIPHERS = Map.ofEntries(
            Map.entry(0x1301, "TLS_AES_128_GCM_SHA256"), Map.entry(0x1302, "TLS_AES_256_GCM_SHA384"),
            Map.entry(0x1303, "TLS_CHACHA20_POLY1305_SHA256"), Map.entry(0x1304, "TLS_AES_128_CCM_SHA256"),
            Map.entry(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"), Map.entry(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"), Map.entry(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));

    private TlsNames() {
    }

    static String version(int v) {
        return switch (v) {
            case 0x0300 -> "3.0";
            case 0x0301 -> "1.0";
            case 0x0302 -> "1.1";
            case 0x0303 -> "1.2";
            case 0x0304 -> "1.3";
            default -> v == 0 ? null : String.format("0x%04x", v);
        };
    }

    static String cipher(int c) {
        return c < 0 ? null : CIPHERS.getOrDefault(c, String.format("0x%04X", c));
    }
}
