package io.packwatch.endpoint.ingest;

import io.packwatch.decode.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One address a syslog receiver listens on: {@code udp://0.0.0.0:514}, {@code tcp://[::1]:601},
 * {@code tls://127.0.0.1:6514}. The host must be an IP literal (no name lookups at start-up); port 0
 * takes a free port. A bare port ({@code udp://5514} or {@code udp://:5514}) means loopback, 127.0.0.1: a receiver
 * listens beyond the host only when an address says so.
 */
public record ListenSpec(Transport transport, InetSocketAddress address) {
    /** Where a bare port listens. */
    static final String LOOPBACK = "127.0.0.1";

    public static ListenSpec parse(String text) {
        String s = text.trim();
        int sep = s.indexOf("://");
        if (sep < 0) {
            throw bad(text, "expected TRANSPORT://ADDRESS:PORT such as udp://127.0.0.1:514, tcp://0.0.0.0:601 or tls://[::1]:6514");
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        Transport transport;
        switch (scheme) {
            case "udp": transport = Transport.UDP; break;
            case "tcp": transport = Transport.TCP; break;
            case "tls": transport = Transport.TLS; break;
            default: throw bad(text, "unknown transport '" + s.substring(0, sep) + "' (use udp, tcp or tls)");
        }
        String rest = s.substring(sep + 3);
        String host;
        String port;
        if (isPort(rest) || rest.startsWith(":") && isPort(rest.substring(1))) {
            host = LOOPBACK;
            port = rest.startsWith(":") ? rest.substring(1) : rest;
        } else if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw bad(text, "an IPv6 address needs brackets and a port, e.g. tcp://[::1]:601");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw bad(text, "missing port, e.g. " + scheme + "://" + rest + ":" + defaultPort(transport));
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(text, "put an IPv6 address in brackets, e.g. " + scheme + "://[" + host + "]:" + port);
            }
        }
        return new ListenSpec(transport, new InetSocketAddress(literal(text, host), port(text, port)));
    }

    private static boolean isPort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses every spec, each entry possibly a comma-separated list as on the command line. */
    public static List<ListenSpec> parseAll(List<String> texts) {
        List<ListenSpec> specs = new ArrayList<>();
        for (String t : texts) {
            for (String one : t.split(",")) {
                if (!one.isBlank()) {
                    specs.add(parse(one));
                }
            }
        }
        return specs;
    }

    /** The registered port of each transport: 514 (RFC 5426), 601 (RFC 3195/6587), 6514 (RFC 5425). */
    public static int defaultPort(Transport t) {
        return t == Transport.UDP ? 514 : t == Transport.TCP ? 601 : 6514;
    }

    private static InetAddress literal(String text, String host) {
        try {
            IpAddress.parse(host);
            return InetAddress.getByName(host);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw bad(text, "'" + host + "' is not an IP address (use 0.0.0.0, 127.0.0.1, [::] or an interface's address)");
        }
    }

    private static int port(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw bad(text, "port '" + port + "' is not a number from 0 to 65535");
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad listen address '" + text.trim() + "': " + why);
    }

    @Override
    public String toString() {
        String host = address.getAddress().getHostAddress();
        return transport.label + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
