package io.packwatch.capture;

import java.util.HashMap;
import java.util.Map;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * A BPF expression compiled by libpcap and run on frames from files. A file may mix link
 * types (pcapng), so the expression is compiled once per link type, on first sight of it.
 */
public final class BpfFilter implements AutoCloseable {
    private final String expression;
    private final int snaplen;
    private final Map<Integer, BpfProgram> programs = new HashMap<>();
    private int lastLinkType = -1;
    private BpfProgram last;

    private BpfFilter(String expression, int snaplen) {
        this.expression = expression;
        this.snaplen = snaplen;
    }

    /** Checks the expression against Ethernet right away so a typo fails at start-up. */
    public static BpfFilter compile(String expression, int snaplen) throws CaptureException {
        if (!Libpcap.available()) {
            throw new CaptureException("--filter needs libpcap to compile the BPF expression, also on files; "
                    + Libpcap.INSTALL_HINT + " (or drop --filter)");
        }
        BpfFilter filter = new BpfFilter(expression, snaplen);
        filter.program(LinkType.ETHERNET);
        return filter;
    }

    public boolean accepts(Frame frame) throws CaptureException {
        if (frame.linkType != lastLinkType) {
            last = program(frame.linkType);
            lastLinkType = frame.linkType;
        }
        return last.applyFilter(frame.data, frame.wireLength, frame.length);
    }

    private BpfProgram program(int linkType) throws CaptureException {
        BpfProgram p = programs.get(linkType);
        if (p == null) {
            try {
                p = Pcaps.compileFilter(snaplen, DataLinkType.getInstance(Libpcap.toDlt(linkType)), expression,
                        BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            } catch (PcapNativeException e) {
                throw new CaptureException("invalid --filter '" + expression + "' for link type "
                        + LinkType.name(linkType) + ": " + e.getMessage(), e);
            }
            programs.put(linkType, p);
        }
        return p;
    }

    @Override
    public void close() {
        programs.values().forEach(BpfProgram::free);
        programs.clear();
    }
}
