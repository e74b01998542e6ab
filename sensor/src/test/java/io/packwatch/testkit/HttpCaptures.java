package io.packwatch.testkit;

import static io.packwatch.testkit.HttpSamples.*;
import static io.packwatch.testkit.PacketBuilder.ip;
import static io.packwatch.testkit.Payloads.ascii;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP and TLS captures: one flow per case from 10.1.0.5 (home) to 203.0.113.20, each on its own client
 * port, so a test finds each case's objects by port (pcaps/README.md lists them).
 */
final class HttpCaptures {
    static final String CLIENT = "10.1.0.5";
    static final String SERVER = "203.0.113.20";

    private final List<Packet> all = new ArrayList<>();
    private int n;

    private TcpSession flow(int port, int serverPort, int mss) {
        TcpSession t = new TcpSession(LinkLayer.ethernet(), ip(CLIENT), port, ip(SERVER), serverPort,
                0x50000000L + port * 7919L, 0x60000000L + port * 104729L, GeneratePcaps.T0 + n++ * GeneratePcaps.SEC)
                .mss(mss).stepNanos(100_000);
        t.handshake();
        return t;
    }

    private void done(TcpSession t) {
        t.closeFromClient();
        all.addAll(t.packets());
    }

    private List<Packet> take() {
        List<Packet> out = new ArrayList<>(all);
        all.clear();
        n = 0;
        return out;
    }

    /** http.pcap: uploads, downloads and message framing cases. */
    List<Packet> http() {
        TcpSession t = flow(62001, 80, 1448);
        t.sendClient(request("POST", "/upload?id=7", "Content-Type: application/octet-stream\r\n", ZIP));
        t.sendServer(ok("stored\n"));
        done(t);

        t = flow(62002, 80, 1448);
        t.sendClient(request("PUT", "/files/db.tar.gz", "Content-Type: application/gzip\r\n"
                + "Content-Disposition: attachment; filename=\"db.tar.gz\"\r\n", TAR_GZ));
        t.sendServer(response("201 Created", "", new byte[0]));
        done(t);

        t = flow(62003, 8080, 1448);
        t.sendClient(request("POST", "/form", "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + "X-Forwarded-For: 10.9.8.7\r\n", multipart(MULTIPART_FILES)));
        t.sendServer(ok("3 files\n"));
        done(t);

        t = flow(62004, 80, 1448);
        t.sendClient(Bytes.concat(ascii("POST /stream HTTP/1.1\r\nHost: " + HOST + "\r\nUser-Agent: " + UA
                + "\r\nContent-Type: application/gzip\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"),
                chunked(GZ, 1000, "X-Sum: 42\r\n")));
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62005, 80, 1448);
        t.sendClient(request("POST", "/api/v1/sync", "Content-Type: application/zip\r\nContent-Encoding: gzip\r\n",
                GZ_ZIP));
        t.sendServer(ok("synced\n"));
        done(t);

        t = flow(62006, 80, 1448);
        t.sendClient(request("GET", "/export.csv", "Accept-Encoding: gzip\r\n", null));
        t.sendServer(response("200 OK", "Content-Type: text/csv\r\nContent-Encoding: gzip\r\n", GZ_CSV));
        done(t);

        t = flow(62007, 80, 1448);
        t.sendClient(request("POST", "/a", "Content-Type: application/octet-stream\r\n", GZ));
        t.sendServer(ok("a\n"));
        t.sendClient(request("POST", "/b", "Content-Type: application/octet-stream\r\n", ZLIB));
        t.sendServer(ok("b\n"));
        t.sendClient(request("POST", "/c", "Content-Type: text/plain\r\n", TEXT));
        t.sendServer(ok("c\n"));
        done(t);

        t = flow(62008, 80, 9000);
        t.sendClient(Bytes.concat(request("GET", "/p1", "", null),
                request("POST", "/p2", "Content-Type: application/octet-stream\r\n", SMALL_GZ),
                request("GET", "/p3.zip", "", null)));
        t.sendServer(Bytes.concat(ok("one\n"), ok("two\n"),
                response("200 OK", "Content-Type: application/zip\r\n", ZIP)));
        done(t);

        t = flow(62009, 80, 1448);
        t.sendClient(request("HEAD", "/big.zip", "", null));
        t.sendServer(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 50000\r\n\r\n"));
        t.sendClient(request("GET", "/small.gz", "", null));
        t.sendServer(response("200 OK", "Content-Type: application/gzip\r\n", SMALL_GZ));
        done(t);

        t = flow(62010, 80, 1448);
        t.sendClient(request("POST", "/beacon", "Content-Type: application/octet-stream\r\n", GZ));
        t.sendServer(ascii("HTTP/1.1 204 No Content\r\nServer: testkit\r\n\r\n"));
        t.sendClient(request("GET", "/cached.zip", "If-None-Match: \"x\"\r\n", null));
        t.sendServer(ascii("HTTP/1.1 304 Not Modified\r\nContent-Length: 999\r\nETag: \"x\"\r\n\r\n"));
        t.sendClient(request("GET", "/fresh.gz", "", null));
        t.sendServer(response("200 OK", "Content-Type: application/gzip\r\n", SMALL_GZ));
        done(t);

        t = flow(62011, 3128, 1448);
        t.sendClient(ascii("CONNECT vault.example.org:443 HTTP/1.1\r\nHost: vault.example.org:443\r\n\r\n"));
        t.sendServer(ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
        t.sendClient(Bytes.concat(TlsRecords.records(22, TlsRecords.clientHello("vault.example.org",
                new String[] {"http/1.1"}, new int[] {0x0304, 0x0303}), 16384), appData(20000)));
        t.sendServer(TlsRecords.records(22, TlsRecords.serverHello(0x0304, 0x1302), 16384));
        done(t);

        t = flow(62012, 80, 1448);
        t.sendClient(request("POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n",
                formWithBase64()));
        t.sendServer(ok("welcome\n"));
        done(t);

        t = flow(62013, 80, 1448);
        t.sendClient(request("POST", "/api/telemetry", "Content-Type: application/json\r\n", jsonWithBase64()));
        t.sendServer(ok("{}\n"));
        done(t);
        return take();
    }

    /** http-evasions.pcap: the same kind of upload, each dressed in one evasion. */
    List<Packet> evasions() {
        TcpSession t = flow(62101, 80, 1448);
        t.sendClient(Bytes.concat(ascii("POST /fold HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Type: multipart/form-data;"
                + "\r\n boundary=" + BOUNDARY + "\r\nX-Forwarded-For: 10.9.8.7,\r\n\t172.16.0.1\r\nContent-Length: "
                + multipart("folded.zip", "application/zip", ZIP).length + "\r\n\r\n"),
                multipart("folded.zip", "application/zip", ZIP)));
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62102, 80, 1448);
        t.sendClient(Bytes.concat(ascii("POST /dup HTTP/1.1\r\nhOsT: " + HOST + "\r\ncOnTeNt-LeNgTh: " + GZ.length
                + "\r\nCONTENT-TYPE: Application/Octet-Stream\r\ncontent-length: " + GZ.length + "\r\nHost: other.example\r\n\r\n"),
                GZ));
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62103, 80, 1448);
        t.sendClient(Bytes.concat(ascii("POST /smuggle HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 10\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"), chunked(GZ, 700, "")));
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62104, 80, 1448);
        t.sendClient(request("POST", "/layers", "Content-Type: application/zip\r\nContent-Encoding: gzip, deflate\r\n",
                gzipThenDeflate()));
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62105, 80, 1);
        t.ackEvery(64);
        t.sendClient(request("POST", "/bytes", "Content-Type: application/octet-stream\r\n", SMALL_GZ));
        t.mss(1448);
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62106, 80, 1000);
        t.ackEvery(100);
        int[] segs = t.sendClient(request("POST", "/ooo", "Content-Type: application/octet-stream\r\n", GZ));
        t.swap(segs[1], segs[2]);
        t.sendServer(ok("ok\n"));
        done(t);

        t = flow(62107, 80, 9000);
        t.sendClient(Bytes.concat(request("POST", "/q1", "", SMALL_GZ), request("POST", "/q2", "", ZLIB),
                request("POST", "/q3", "", TEXT)));
        t.sendServer(Bytes.concat(ok("1\n"), ok("2\n"), ok("3\n")));
        done(t);

        t = flow(62108, 80, 1448);
        t.sendClient(Bytes.concat(ascii("POST /lf HTTP/1.1\nHost: " + HOST + "\nContent-Type: application/gzip\n"
                + "Content-Length: " + GZ.length + "\n\n"), GZ));
        t.sendServer(ascii("HTTP/1.1 200 OK\nContent-Length: 3\n\nok\n"));
        done(t);

        // A lost segment inside a Content-Length body: the body is truncated, the next request still parsed.
        t = flow(62109, 80, 1000);
        int[] body = t.sendClient(request("POST", "/gap-body", "Content-Type: text/csv\r\nContent-Encoding: gzip\r\n",
                GZ_CSV));
        t.drop(body[2]);
        t.sendServer(ok("ok\n"));
        t.sendClient(request("POST", "/after-gap", "Content-Type: application/octet-stream\r\n", SMALL_GZ));
        t.sendServer(ok("ok\n"));
        done(t);

        // A lost segment in the text before a zip in one body: the zip after the gap is still found.
        t = flow(62111, 80, 1000);
        int[] parts = t.sendClient(request("POST", "/gap-then-zip", "Content-Type: application/octet-stream\r\n",
                Bytes.concat(InspectionSamples.text(44, 2000), ZIP)));
        t.drop(parts[1]);
        t.sendServer(ok("ok\n"));
        done(t);

        // A lost segment in the middle of the first request's headers: resynchronize at the second request.
        t = flow(62110, 80, 40);
        t.ackEvery(16);
        int[] head = t.sendClient(request("POST", "/lost-head", "Content-Type: text/plain\r\nX-Pad: "
                + "p".repeat(60) + "\r\n", ascii("short body")));
        t.drop(head[1]);
        t.mss(1448);
        t.sendClient(request("POST", "/resync", "Content-Type: application/octet-stream\r\n", SMALL_GZ));
        t.sendServer(Bytes.concat(ok("1\n"), ok("2\n")));
        done(t);
        return take();
    }

    /** tls.pcap: a TLS 1.3 session on port 8443 whose ClientHello spans two records and three segments. */
    List<Packet> tls() {
        TcpSession t = flow(62201, 8443, 300);
        byte[] hello = TlsRecords.records(22, TlsRecords.clientHello("exfil.example.net",
                new String[] {"h2", "http/1.1"}, new int[] {0x1A1A, 0x0304, 0x0303}), 500);
        t.sendClient(hello);
        t.mss(1448);
        t.sendServer(Bytes.concat(TlsRecords.records(22, TlsRecords.serverHello(0x0304, 0x1301), 16384),
                appData(3000)));
        t.sendClient(appData(60000));
        t.sendServer(appData(500));
        done(t);
        return take();
    }

    /** TLS application-data records carrying {@code n} bytes of AES-CTR ciphertext. */
    static byte[] appData(int n) {
        byte[] c = InspectionSamples.aesCtr(InspectionSamples.text(19, n));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < n; off += 16384) {
            int k = Math.min(16384, n - off);
            out.writeBytes(new byte[] {23, 3, 3, (byte) (k >> 8), (byte) k});
            out.write(c, off, k);
        }
        return out.toByteArray();
    }
}
