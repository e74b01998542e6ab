package io.packwatch.app.names;

import io.packwatch.decode.CidrSet;
import io.packwatch.decode.IpAddress;
import io.packwatch.decode.Packet;
import io.packwatch.flow.DatagramObserver;
import io.packwatch.inspect.format.Bin;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Learns which address a host name has from the wire, for endpoint events that name their host but
 * carry no address: DHCP (the host name or FQDN a client asks with, option 12 or 81, joined by
 * transaction id to the ACK that assigns its address) and DNS responses (A and AAAA answers).
 * Only addresses inside the home networks are learned: those are the hosts endpoint logs describe.
 * Every read is bounds-checked; a malformed message is counted and ignored.
 */
public final class HostNameSniffer implements DatagramObserver {
    /** DHCP requests waiting for their ACK, by transaction id; the oldest is dropped beyond it. */
    static final int MAX_PENDING = 1024;
    private static final int BOOTP_FIXED = 236;
    private static final int MAX_NAME = 253;

    private final CidrSet home;
    private final HostNameSink sink;
    private final Map<Integer, String> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private final Counter dhcp;
    private final Counter dns;
    private final Counter malformed;

    public HostNameSniffer(CidrSet home, HostNameSink sink, Counters counters) {
        this.home = home;
        this.sink = sink;
        this.dhcp = counters.counter("names.dhcp");
        this.dns = counters.counter("names.dns");
        this.malformed = counters.counter("names.malformed");
    }

    @Override
    public void onDatagram(Packet p) {
        int off = p.payloadOffset;
        int end = Math.min(p.buf.length, off + p.payloadLength);
        try {
            if ((p.srcPort == 67 || p.srcPort == 68) && (p.dstPort == 67 || p.dstPort == 68)) {
                dhcp(p.buf, off, end);
            } else if (p.srcPort == 53) {
                dnsResponse(p.buf, off, end);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            malformed.inc(); // a length field pointed past the datagram
        }
    }

    private void dhcp(byte[] b, int off, int end) {
        int opts = off + BOOTP_FIXED + 4;
        if (opts > end || Bin.u32be(b, opts - 4) != 0x63825363L) {
            malformed.inc();
            return;
        }
        int op = b[off] & 0xFF;
        int xid = (int) Bin.u32be(b, off + 4);
        int type = 0;
        String name = null;
        for (int i = opts; i < end; ) {
            int code = b[i] & 0xFF;
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255 || i + 1 >= end) {
                break;
            }
            int len = b[i + 1] & 0xFF;
            int v = i + 2;
            if (v + len > end) {
                malformed.inc();
                return;
            }
            if (code == 53 && len == 1) {
                type = b[v] & 0xFF;
            } else if (code == 12 && len > 0) {
                name = ascii(b, v, len);
            } else if (code == 81 && len > 3 && name == null) {
                // Client FQDN: flags, two obsolete rcodes, then the name (DNS wire form when flag E is set)
                name = (b[v] & 0x04) != 0 ? wireName(b, v + 3, v + len, v + 3) : ascii(b, v + 3, len - 3);
            }
            i = v + len;
        }
        if (op == 1 && name != null) {
            pending.put(xid, name);
        } else if (op == 2 && type == 5) {
            String asked = pending.remove(xid);
            String assigned = name != null ? name : asked;
            long yiaddr = Bin.u32be(b, off + 16);
            if (assigned != null && yiaddr != 0) {
                learn(assigned, 4, 0, yiaddr);
                dhcp.inc();
            }
        }
    }

    private void dnsResponse(byte[] b, int off, int end) {
        if (end - off < 12 || (b[off + 2] & 0x80) == 0) {
            return; // not a response
        }
        int questions = Bin.u16be(b, off + 4);
        int answers = Bin.u16be(b, off + 6);
        int i = off + 12;
        for (int q = 0; q < questions; q++) {
            i = skipName(b, i, end) + 4;
        }
        for (int a = 0; a < answers && i < end; a++) {
            int nameAt = i;
            i = skipName(b, i, end);
            if (i + 10 > end) {
                malformed.inc();
                return;
            }
            int type = Bin.u16be(b, i);
            int rdlen = Bin.u16be(b, i + 8);
            int rdata = i + 10;
            if (rdata + rdlen > end) {
                malformed.inc();
                return;
            }
            if ((type == 1 && rdlen == 4) || (type == 28 && rdlen == 16)) {
                String name = wireName(b, nameAt, end, off);
                if (name != null) {
                    if (type == 1) {
                        learn(name, 4, 0, Bin.u32be(b, rdata));
                    } else {
                        learn(name, 6, Bin.u32be(b, rdata) << 32 | Bin.u32be(b, rdata + 4), Bin.u32be(b, rdata + 8) << 32 | Bin.u32be(b, rdata + 12));
                    }
                    dns.inc();
                }
            }
            i = rdata + rdlen;
        }
    }

    private void learn(String name, int version, long hi, long lo) {
        if (!name.isEmpty() && home.contains(version, hi, lo)) {
            sink.onHostName(name, IpAddress.format(version, hi, lo));
        }
    }

    /** The index after a DNS name at {@code i} (labels, ending in a zero byte or a pointer). */
    private static int skipName(byte[] b, int i, int end) {
        while (i < end) {
            int len = b[i] & 0xFF;
            if (len == 0) {
                return i + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return i + 2;
            }
            i += len + 1;
        }
        return end + 1;
    }

    /** A DNS name in wire form, following compression pointers (relative to {@code msg}), or null. */
    private static String wireName(byte[] b, int i, int end, int msg) {
        StringBuilder sb = new StringBuilder();
        for (int hops = 0; hops < 32 && i < end; ) {
            int len = b[i] & 0xFF;
            if (len == 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if ((len & 0xC0) == 0xC0) {
                i = msg + ((len & 0x3F) << 8 | (b[i + 1] & 0xFF));
                hops++;
                continue;
            }
            if (i + 1 + len > end || sb.length() + len + 1 > MAX_NAME) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(ascii(b, i + 1, len));
            i += len + 1;
        }
        return null;
    }

    private static String ascii(byte[] b, int p, int n) {
        int m = Math.min(n, MAX_NAME);
        while (m > 0 && b[p + m - 1] == 0) {
            m--; // some clients NUL-terminate option 12
        }
        return new String(b, p, m, StandardCharsets.US_ASCII);
    }
}
