#!/usr/bin/env python3
"""The servers of the demo capture, each on its own loopback alias:
  203.0.113.10:8080  an "exfiltration" HTTP server: POST/PUT bodies (Content-Length, chunked,
                     multipart) are read and acknowledged
  203.0.113.10:4444  a raw TCP sink: reads until the client closes
  198.51.100.20:8080 a benign web server: a gzip-encoded JSON report download, a form post
  198.51.100.20:8443 the same over TLS (certificate made by the caller with openssl)
Usage: demo_server.py CERT KEY"""
import gzip
import http.server
import socket
import socketserver
import ssl
import sys
import threading

REPORT = gzip.compress(b'{"quarter":"Q3","rows":[' + b",".join(
    b'{"region":"r%d","revenue":%d}' % (i, i * 1000) for i in range(400)) + b"]}", mtime=0)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def _reply(self, body, ctype="text/plain", encoding=None):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/reports/"):
            self._reply(REPORT, "application/json", "gzip")
        else:
            self._reply(b"<html><body>intranet</body></html>\n", "text/html")

    def do_POST(self):
        body = self._read_body()
        self._reply(b"received %d bytes\n" % len(body))

    do_PUT = do_POST

    def log_message(self, *args):
        pass


class Sink(socketserver.BaseRequestHandler):
    def handle(self):
        while self.request.recv(65536):
            pass


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


if __name__ == "__main__":
    cert, key = sys.argv[1], sys.argv[2]
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    serve(http.server.ThreadingHTTPServer(("203.0.113.10", 8080), Handler))
    serve(socketserver.ThreadingTCPServer(("203.0.113.10", 4444), Sink))
    serve(http.server.ThreadingHTTPServer(("198.51.100.20", 8080), Handler))
    tls = http.server.ThreadingHTTPServer(("198.51.100.20", 8443), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
    serve(tls)
    print("ready", flush=True)
    threading.Event().wait()
