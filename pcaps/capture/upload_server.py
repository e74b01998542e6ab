#!/usr/bin/env python3
"""A tiny HTTP/1.1 server for loopback captures: GET /blob/N returns N deterministic bytes,
GET /gz/N the same gzip Content-Encoded, HEAD answers like GET without the body, POST and PUT
read the body (Content-Length or chunked) and answer with its length.
Usage: upload_server.py PORT [CERT KEY]   (with CERT and KEY it speaks HTTPS)"""
import gzip
import http.server
import ssl
import sys


def blob(n):
    # Deterministic, incompressible-looking content: a linear congruential byte sequence.
    out = bytearray(n)
    x = 12345
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    return bytes(out)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _get(self, send_body):
        n = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith(("/blob/", "/gz/")) else 0
        body = blob(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if self.path.startswith("/gz/"):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self):
        self._get(True)

    def do_HEAD(self):
        self._get(False)

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def do_POST(self):
        body = self._read_body()
        reply = ("received %d bytes\n" % len(body)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_PUT = do_POST

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()
