package io.packwatch.app.websocket;

import java.util.Locale;

/**
 * What a server's {@code 101 Switching Protocols} to {@code Upgrade: websocket} agreed on (RFC 6455 §4.2.2): whether
 * messages may be compressed with permessage-deflate (RFC 7692), and whether each side starts every message with a
 * fresh compression context. Any other extension could give the reserved bits a meaning this parser does not know,
 * so such a connection is left a raw stream.
 *
 * @param deflate permessage-deflate was agreed: a message whose first frame has RSV1 set is raw deflate
 * @param clientNoContextTakeover the client compresses each message on its own
 * @param serverNoContextTakeover the server compresses each message on its own
 */
public record Handshake(boolean deflate, boolean clientNoContextTakeover, boolean serverNoContextTakeover) {
    static final Handshake PLAIN = new Handshake(false, false, false);

    /**
     * Reads the server's {@code Sec-WebSocket-Extensions} (its occurrences joined with commas; null when absent).
     * Returns null when it names an extension other than one permessage-deflate.
     */
    public static Handshake of(String extensions) {
        if (extensions == null || extensions.isBlank()) {
            return PLAIN;
        }
        Handshake agreed = PLAIN;
        for (String extension : extensions.split(",")) {
            if (extension.isBlank()) {
                continue;
            }
            String[] params = extension.split(";");
            if (!"permessage-deflate".equalsIgnoreCase(params[0].trim()) || agreed.deflate) {
                return null; // an extension we cannot undo, or a second deflate the server may not agree to
            }
            boolean client = false;
            boolean server = false;
            for (int i = 1; i < params.length; i++) {
                String name = params[i].trim();
                int eq = name.indexOf('=');
                name = (eq < 0 ? name : name.substring(0, eq).trim()).toLowerCase(Locale.ROOT);
                client |= name.equals("client_no_context_takeover");
                server |= name.equals("server_no_context_takeover");
                // the window sizes need nothing: an inflater always keeps the largest window
            }
            agreed = new Handshake(true, client, server);
        }
        return agreed;
    }
}
