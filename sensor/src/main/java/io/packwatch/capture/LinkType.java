package io.packwatch.capture;

/** The LINKTYPE_ values the decoder understands (tcpdump.org link-layer header types). */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    /** OpenBSD's loopback, same header as NULL but in network byte order. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    /** Some systems write DLT_RAW's platform value instead of LINKTYPE_RAW. */
    public static final int DLT_RAW_BSD = 12;
    public static final int DLT_RAW_OPENBSD = 14;

    private LinkType() {
    }

    public static boolean isSupported(int linkType) {
        switch (linkType) {
            case NULL: case ETHERNET: case RAW: case LOOP: case LINUX_SLL: case IPV4: case IPV6:
            case LINUX_SLL2: case DLT_RAW_BSD: case DLT_RAW_OPENBSD:
                return true;
            default:
                return false;
        }
    }

    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "EN10MB";
            case RAW: case DLT_RAW_BSD: case DLT_RAW_OPENBSD: return "RAW";
            case LOOP: return "LOOP";
            case LINUX_SLL: return "LINUX_SLL";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "LINKTYPE_" + linkType;
        }
    }
}
