package io.packwatch.testkit;

import static io.packwatch.testkit.InspectionSamples.gzip;
import static io.packwatch.testkit.InspectionSamples.tar;
import static io.packwatch.testkit.InspectionSamples.text;
import static io.packwatch.testkit.InspectionSamples.zip;
import static io.packwatch.testkit.InspectionSamples.zlib;
import static io.packwatch.testkit.Payloads.ascii;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bodies and messages of the HTTP and TLS test captures (http.pcap, http-evasions.pcap, tls.pcap), shared by
 * the generator and the tests that check what the sensor makes of them.
 */
public final class HttpSamples {
    public static final String HOST = "files.example.net";
    public static final String UA = "python-requests/2.32";
    public static final String BOUNDARY = "----pwBoundary7MA4YWxkTrZu0gW";

    private HttpSamples() {
    }

    public static final byte[] ZIP = zip("notes.txt", text(11, 12000), "accounts.csv", text(12, 3000));
    public static final byte[] TAR_GZ = gzip(tar("loot/report.txt", text(13, 9000)));
    public static final byte[] GZ = gzip(text(14, 8000));
    public static final byte[] ZLIB = zlib(text(15, 6000));
    public static final byte[] TEXT = text(16, 3000);
    public static final byte[] CSV = text(17, 20000);
    public static final byte[] GZ_CSV = gzip(CSV);
    public static final byte[] GZ_ZIP = gzip(ZIP);
    public static final byte[] SMALL_GZ = gzip(text(18, 4000));

    public static byte[] request(String method, String uri, String headers, byte[] body) {
        String head = method + " " + uri + " HTTP/1.1\r\nHost: " + HOST + "\r\nUser-Agent: " + UA + "\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        return body == null ? ascii(head) : Bytes.concat(ascii(head), body);
    }

    public static byte[] response(String status, String headers, byte[] body) {
        String head = "HTTP/1.1 " + status + "\r\nServer: testkit\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        return body == null ? ascii(head) : Bytes.concat(ascii(head), body);
    }

    public static byte[] ok(String text) {
        return response("200 OK", "Content-Type: text/plain\r\n", ascii(text));
    }

    /** A multipart/form-data body: a form field, then each (file name, content type, content) triple. */
    public static byte[] multipart(Object... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
                + "quarterly numbers\r\n"));
        for (int i = 0; i < files.length; i += 3) {
            out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file" + i / 3
                    + "\"; filename=\"" + files[i] + "\"\r\nContent-Type: " + files[i + 1] + "\r\n\r\n"));
            out.writeBytes((byte[]) files[i + 2]);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("--" + BOUNDARY + "--\r\n"));
        return out.toByteArray();
    }

    public static final Object[] MULTIPART_FILES = {"backup.zip", "application/zip", ZIP, "db.tar.gz",
        "application/gzip", TAR_GZ, "readme.txt", "text/plain", TEXT};

    /** Chunked transfer coding of {@code body} in chunks of {@code size}, with an extension and trailers. */
    public static byte[] chunked(byte[] body, int size, String trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += size) {
            int n = Math.min(size, body.length - off);
            out.writeBytes(ascii(Integer.toHexString(n) + (off == 0 ? ";ext=1" : "") + "\r\n"));
            out.write(body, off, n);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n" + trailers + "\r\n"));
        return out.toByteArray();
    }

    /** {@code data=<base64 of SMALL_GZ, url-encoded>&user=...}: base64's + / = escaped as a browser would. */
    public static byte[] formWithBase64() {
        String b64 = Base64.getEncoder().encodeToString(SMALL_GZ);
        String enc = b64.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
        return ascii("user=analyst+one&data=" + enc + "&submit=Send");
    }

    public static byte[] jsonWithBase64() {
        return ("{\"host\":\"ws-17\",\"blob\":\"" + Base64.getEncoder().encodeToString(GZ) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** deflate(gzip(ZIP)): Content-Encoding "gzip, deflate" (gzip applied first). */
    public static byte[] gzipThenDeflate() {
        return zlib(GZ_ZIP);
    }
}
