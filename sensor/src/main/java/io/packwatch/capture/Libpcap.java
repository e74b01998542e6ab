package io.packwatch.capture;

import java.util.List;
import java.util.stream.Collectors;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * The one door to libpcap (through pcap4j and JNA). Only live capture and BPF compilation go
 * through it, so {@code --read} without {@code --filter} never loads the native library.
 */
public final class Libpcap {
    static final String INSTALL_HINT =
            "libpcap is not installed: install it with 'apt-get install libpcap0.8' (Debian/Ubuntu) "
                    + "or 'dnf install libpcap' (RHEL/Fedora)";

    private Libpcap() {
    }

    /** The libpcap version string, or null when the library cannot be loaded. */
    public static String version() {
        try {
            return Pcaps.libVersion();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    public static boolean available() {
        return version() != null;
    }

    static void require() throws CaptureException {
        if (!available()) {
            throw new CaptureException(INSTALL_HINT);
        }
    }

    /** All capture devices libpcap can see, for {@code --list-interfaces} and error messages. */
    public static List<PcapNetworkInterface> interfaces() throws CaptureException {
        require();
        try {
            return Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot list interfaces: " + e.getMessage() + permissionHint(e.getMessage()), e);
        }
    }

    static String interfaceNames() {
        try {
            return interfaces().stream().map(PcapNetworkInterface::getName).collect(Collectors.joining(", "));
        } catch (CaptureException e) {
            return "(none could be listed: " + e.getMessage() + ")";
        }
    }

    static String permissionHint(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission") || m.contains("not permitted")) {
            return "; capturing needs root or the capabilities cap_net_raw and cap_net_admin:"
                    + " run as root, or 'setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))'";
        }
        return "";
    }

    /** libpcap wants DLT_ values; a few LINKTYPE_ values written in files differ from them. */
    static int toDlt(int linkType) {
        return linkType == LinkType.RAW ? LinkType.DLT_RAW_BSD : linkType;
    }
}
