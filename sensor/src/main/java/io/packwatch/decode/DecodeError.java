package io.packwatch.decode;

import java.util.Locale;

/** Why a packet could not be decoded; each reason has its own counter, {@code decode.malformed.<reason>}. */
public enum DecodeError {
    LINK_TRUNCATED,
    UNSUPPORTED_LINK_TYPE,
    VLAN_TOO_DEEP,
    IPV4_TRUNCATED,
    IPV4_BAD_VERSION,
    IPV4_BAD_HEADER_LENGTH,
    IPV4_BAD_TOTAL_LENGTH,
    IPV6_TRUNCATED,
    IPV6_BAD_VERSION,
    IPV6_BAD_PAYLOAD_LENGTH,
    IPV6_BAD_EXTENSION_HEADER,
    IPV6_JUMBOGRAM,
    FRAGMENT_BAD_OFFSET,
    TCP_TRUNCATED,
    TCP_BAD_DATA_OFFSET,
    UDP_TRUNCATED,
    UDP_BAD_LENGTH;

    public String counterName() {
        return "decode.malformed." + name().toLowerCase(Locale.ROOT);
    }
}
