package io.packwatch.output.siem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One SIEM destination, from {@code tcp://host:port}, {@code udp://host:port} or
 * {@code tls://host:port}, optionally with {@code ?format=cef&framing=lf} to override
 * {@code siem.format} and {@code siem.tcp_framing} for this target. IPv6 literals go in brackets:
 * {@code tls://[::1]:6514}.
 */
public record SiemTarget(Transport transport, String host, int port, SiemFormat format, Framing framing) {

    public enum Transport {
        TCP, UDP, TLS
    }

    public static SiemTarget parse(String text, SiemFormat defaultFormat, Framing defaultFraming) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a SIEM target: '" + text + "' (" + e.getReason()
                    + "); expected tcp://host:port, udp://host:port or tls://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "tcp" -> Transport.TCP;
            case "udp" -> Transport.UDP;
            case "tls" -> Transport.TLS;
            default -> throw new IllegalArgumentException("SIEM target '" + text
                    + "': the scheme must be tcp, udp or tls, e.g. tcp://siem.example:514");
        };
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("SIEM target '" + text + "': needs a host and a port, e.g. "
                    + scheme + "://siem.example:" + (transport == Transport.TLS ? 6514 : 514));
        }
        SiemFormat format = defaultFormat;
        Framing framing = defaultFraming;
        if (uri.getQuery() != null) {
            for (String param : uri.getQuery().split("&")) {
                int eq = param.indexOf('=');
                String key = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : param.substring(eq + 1);
                switch (key) {
                    case "format" -> format = SiemFormat.parse(value);
                    case "framing" -> framing = Framing.parse(value);
                    default -> throw new IllegalArgumentException("SIEM target '" + text + "': unknown option '" + key
                            + "' (known: format, framing)");
                }
            }
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SiemTarget(transport, host, uri.getPort(), format, framing);
    }

    /** A file-name-safe name for this target's spool directory, e.g. {@code tcp_127.0.0.1_6514}. */
    public String slug() {
        StringBuilder sb = new StringBuilder(transport.name().toLowerCase(Locale.ROOT)).append('_');
        for (char c : host.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' ? c : '_');
        }
        return sb.append('_').append(port).toString();
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return transport.name().toLowerCase(Locale.ROOT) + "://" + h + ":" + port;
    }
}
