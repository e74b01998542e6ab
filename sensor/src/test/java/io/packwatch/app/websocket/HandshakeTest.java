package io.packwatch.app.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a 101's Sec-WebSocket-Extensions lets the frame parser undo. */
class HandshakeTest {
    private static final Handshake DEFLATE = new Handshake(true, false, false);

    @Test
    void noExtensionsIsPlain() {
        Handshake plain = new Handshake(false, false, false);
        assertEquals(plain, Handshake.of(null));
        assertEquals(plain, Handshake.of(""));
        assertEquals(plain, Handshake.of(" \t"));
        assertEquals(plain, Handshake.of(","), "only empty list elements (RFC 9110 §5.6.1)");
    }

    @Test
    void permessageDeflateInAnyCaseWithParameters() {
        assertEquals(DEFLATE, Handshake.of("permessage-deflate"));
        assertEquals(DEFLATE, Handshake.of("  Permessage-Deflate  "));
        // the window sizes change nothing for the inflater
        assertEquals(DEFLATE, Handshake.of("permessage-deflate; server_max_window_bits=10; client_max_window_bits"));
        assertEquals(DEFLATE, Handshake.of("permessage-deflate;client_max_window_bits=\"15\""));
    }

    @Test
    void noContextTakeoverFlags() {
        assertEquals(new Handshake(true, true, false), Handshake.of("permessage-deflate; client_no_context_takeover"));
        assertEquals(new Handshake(true, false, true), Handshake.of("permessage-deflate; SERVER_NO_CONTEXT_TAKEOVER"));
        assertEquals(new Handshake(true, true, true),
                Handshake.of("permessage-deflate; server_no_context_takeover ;Client_No_Context_Takeover"));
        // a value (which RFC 7692 forbids here) still names the parameter
        assertEquals(new Handshake(true, true, false),
                Handshake.of("permessage-deflate; client_no_context_takeover = true; server_max_window_bits=12"));
        // a parameter only starting with the name is another parameter
        assertEquals(DEFLATE, Handshake.of("permessage-deflate; client_no_context_takeover_x"));
    }

    @Test
    void twoDeflatesAreNotUnderstood() {
        assertNull(Handshake.of("permessage-deflate, permessage-deflate; client_no_context_takeover"));
        // the same twice, as two header lines joined by the caller
        assertNull(Handshake.of("permessage-deflate,permessage-deflate"));
    }

    @Test
    void otherExtensionsAreNotUnderstood() {
        assertNull(Handshake.of("x-webkit-deflate-frame"));
        assertNull(Handshake.of("deflate-frame; no_context_takeover"));
        assertNull(Handshake.of("permessage-deflate, x-custom"));
        assertNull(Handshake.of("x-custom; permessage-deflate"), "the name is the element's first token");
    }
}
