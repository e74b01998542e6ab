#!/usr/bin/env bash
# Captures a real WinRM client's encrypted messages on the loopback interface: pywinrm (NTLM, with the message
# encryption WinRM uses over HTTP by default, MS-WSMV 2.2.9.1) from 127.0.0.1 sends a PowerShell command that
# carries 40 KB of CSV to a listener of its own on 127.0.0.2:5985. There is no Windows here, so the listener is a
# stand-in written below: it answers the NTLM handshake with a challenge message it builds (MS-NLMP 2.2.1.2)
# and then accepts the client's sealed requests (it cannot unseal them: it never learns the session key). What
# the capture is about is the client's side, which is the real library's.
# Needs root (tcpdump), tcpdump, python3-winrm (Debian's /usr/bin/python3 imports it).
# Writes:
#   pcaps/real/winrm-lo.pcap  -i lo, tcp port 5985: one connection, handshake to FIN: the NTLM negotiate and
#                             authenticate requests, then one POST whose body is multipart/encrypted with protocol
#                             application/HTTP-SPNEGO-session-encrypted: the WS-Management Command message that
#                             Session.run_ps sends (powershell -encodedcommand, the script in base64 UTF-16)
#   pcaps/real/winrm.txt      the pywinrm version and the command's length, for the record
# Port 5985 on 127.0.0.2 must be free. The session key, hence the ciphertext, differs from run to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

cat > listener.py <<'PY'
import base64, http.server, struct, sys, time

def challenge():
    """An NTLM CHALLENGE_MESSAGE: target name, flags, server challenge, target info (names, timestamp)."""
    def av(kind, value):
        return struct.pack("<HH", kind, len(value)) + value
    name = "PACKWATCH".encode("utf-16-le")
    stamp = struct.pack("<Q", int((time.time() + 11644473600) * 10**7))
    info = av(2, name) + av(1, "WINRM-LAB".encode("utf-16-le")) + av(7, stamp) + av(0, b"")
    flags = 0xE2898235  # unicode, request target, NTLM, always sign, extended session security, target info,
                        # version, 128-bit, key exchange, 56-bit, sign, seal
    head = 56
    return (b"NTLMSSP\0" + struct.pack("<I", 2) + struct.pack("<HHI", len(name), len(name), head)
            + struct.pack("<I", flags) + bytes(range(1, 9)) + bytes(8)
            + struct.pack("<HHI", len(info), len(info), head + len(name)) + bytes([10, 0, 0x61, 0x4A, 0, 0, 0, 15])
            + name + info)

class Listener(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        token = self.headers.get("Authorization", "")
        if not token and not self.headers.get("Content-Type", "").startswith("multipart/encrypted"):
            self.send_response(401)
            self.send_header("WWW-Authenticate", "Negotiate")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if token.startswith("Negotiate ") and base64.b64decode(token[10:])[8:12] == struct.pack("<I", 1):
            self.send_response(401)
            self.send_header("WWW-Authenticate", "Negotiate " + base64.b64encode(challenge()).decode())
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not body or self.headers.get("Content-Type", "").startswith("multipart/encrypted"):
            # the authenticate message, or a sealed request: accepted, answered with nothing to unseal
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(400)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.2", 5985), Listener).serve_forever()
PY

cat > client.py <<'PY'
import base64, sys, winrm
csv = "".join("%06d,customer-%05d,account,%d.%02d,confidential\n" % (i, i % 9973, i * 37 % 100000, i % 100)
              for i in range(800))
script = "Set-Content -Path C:\\Windows\\Temp\\export.csv -Value @'\n" + csv + "'@"
# what Session.run_ps sends, in the shell the stand-in would have opened
encoded = base64.b64encode(script.encode("utf-16-le")).decode()
protocol = winrm.Protocol("http://127.0.0.2:5985/wsman", transport="ntlm", username="lab\\operator",
                          password="Passw0rd!", message_encryption="always")
try:
    protocol.run_command("0B1C8F5E-4C1A-4A47-9E1B-3C2D5E6F7A8B", "powershell -encodedcommand " + encoded)
except Exception as e:  # the stand-in's empty answer is no WinRM response
    print("client stopped as expected:", type(e).__name__, file=sys.stderr)
print(len(script))
PY

# NTLM hashes the password with MD4, which OpenSSL 3 keeps in its legacy provider
cat > openssl.cnf <<'CNF'
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
legacy = legacy_sect
[default_sect]
activate = 1
[legacy_sect]
activate = 1
CNF

/usr/bin/python3 listener.py &
sleep 1
tcpdump -i lo -w "$out/winrm-lo.pcap" -s 0 'tcp port 5985' 2>/dev/null &
dump=$!
sleep 1
length=$(OPENSSL_CONF="$work/openssl.cnf" /usr/bin/python3 client.py)
sleep 1
kill -INT "$dump"
wait "$dump" || true
{
  echo "pywinrm $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("pywinrm"))'), command of $length characters"
} > "$out/winrm.txt"
echo "wrote $out/winrm-lo.pcap and $out/winrm.txt"
