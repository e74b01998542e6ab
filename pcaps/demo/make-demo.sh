#!/usr/bin/env bash
# Re-creates the demo: pcaps/demo/demo.pcap and pcaps/demo/endpoint.log. Runs the four Atomic Red
# Team T1560.002 tests for real on this machine, uploads their artifacts from 10.1.0.5 to
# 203.0.113.10 over HTTP POST, raw TCP, multipart and chunked PUT, adds benign traffic to
# 198.51.100.20 (gzip-encoded download, form post, TLS), captures it all on the loopback interface,
# and writes the Sysmon for Linux events of the same run. The three addresses are added to lo for
# the run and removed after. Needs root, tcpdump, curl, openssl and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "make-demo.sh: run as root (it adds loopback addresses and captures)" >&2; exit 1; }
for t in tcpdump curl openssl python3 ip; do
  command -v $t >/dev/null || { echo "make-demo.sh: $t is missing (apt-get install -y tcpdump curl openssl)" >&2; exit 1; }
done
work=$(mktemp -d)
addrs="10.1.0.5 203.0.113.10 198.51.100.20"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  for a in $addrs; do ip addr del "$a/32" dev lo 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
for a in $addrs; do ip addr add "$a/32" dev lo; done
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=reports.example -keyout "$work/key.pem" \
  -out "$work/cert.pem" 2>/dev/null
python3 "$here/demo_server.py" "$work/cert.pem" "$work/key.pem" > "$work/server.out" &
for _ in $(seq 50); do grep -q ready "$work/server.out" 2>/dev/null && break; sleep 0.1; done
tcpdump -U -q -i lo -w "$work/demo.pcap" --time-stamp-precision=nano \
  'host 10.1.0.5 or host 203.0.113.10 or host 198.51.100.20' 2>/dev/null &
tcpdump_pid=$!
sleep 1
python3 "$here/make_demo.py" "$work/endpoint.log"
sleep 1
kill -INT $tcpdump_pid; wait $tcpdump_pid || true
cp "$work/demo.pcap" "$work/endpoint.log" "$here/"
chmod 644 "$here/demo.pcap" "$here/endpoint.log"
ls -l "$here/demo.pcap" "$here/endpoint.log"
