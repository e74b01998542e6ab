package io.packwatch.app;

import static io.packwatch.app.ProtocolSniffer.HTTP_REQUEST;
import static io.packwatch.app.ProtocolSniffer.HTTP_RESPONSE;
import static io.packwatch.app.ProtocolSniffer.NEED_MORE;
import static io.packwatch.app.ProtocolSniffer.OTHER;
import static io.packwatch.app.ProtocolSniffer.TLS_CLIENT;
import static io.packwatch.app.ProtocolSniffer.TLS_SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolSnifferTest {
    private static int sniff(String s) {
        byte[] b = s.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        return ProtocolSniffer.sniff(b, 0, b.length, 64);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\n|" + HTTP_REQUEST,
        "POST /up?x=1 HTTP/1.0\\n|" + HTTP_REQUEST,
        "M-SEARCH * HTTP/1.1\\r\\n|" + HTTP_REQUEST,
        "PROPFIND /dav HTTP/1.1\\r\\n|" + HTTP_REQUEST,
        "GET / HTTP/1.1|" + NEED_MORE,
        "GE|" + NEED_MORE,
        "HTTP/1.1 200 OK|" + HTTP_RESPONSE,
        "HTTP/1.0 404|" + HTTP_RESPONSE,
        "HTTP/1.|" + NEED_MORE,
        "HTTP/2 200|" + OTHER,
        "get / HTTP/1.1\\r\\n|" + OTHER,
        "GET / HTTP/2.0\\r\\n|" + OTHER,
        "GET  / HTTP/1.1\\r\\n|" + OTHER,
        "GET / HTTP/1.1 extra\\r\\n|" + OTHER,
        "SSH-2.0-OpenSSH_9.6|" + OTHER,
        "hello world|" + OTHER,
        "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|" + OTHER,
    })
    void linesAreToldApart(String text, int expected) {
        assertEquals(expected, sniff(text));
    }

    @ParameterizedTest
    @CsvSource({"16030100c801,3", "16030300c802,4", "160303,0", "17030300c8,5", "16020100c801,5", "16030300c80b,5"})
    void tlsHellos(String hex, int expected) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        assertEquals(expected, ProtocolSniffer.sniff(b, 0, b.length, 64), hex);
        assertEquals(TLS_CLIENT, 3);
        assertEquals(TLS_SERVER, 4);
    }
}
