#!/usr/bin/env bash
# Captures real HTTP traffic on the loopback interface: curl against a local Python server.
# Needs root (tcpdump), tcpdump, curl, python3 and editcap (Debian wireshark-common, to write
# pcapng, which tcpdump cannot). Writes:
#   pcaps/real/curl-http-lo.pcap     -i lo, Ethernet link type, nanosecond pcap
#   pcaps/real/curl-http-any.pcapng  -i any, Linux SLL2 link type, pcapng
# Content is deterministic (the server's /blob/N and the files made here); packet timing,
# ports and sequence numbers are not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
port=${PORT:-18080}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 "$here/upload_server.py" "$port" &
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/blob/1" && break; sleep 0.1; done
# 64 KiB upload body: the same generator as the server's blob, so tests can recompute it.
curl -s -o "$work/upload.bin" "http://127.0.0.1:$port/blob/65536"

capture() { # $1 = output file, rest = tcpdump options
  local file=$1; shift
  tcpdump -U -q -w "$file" --time-stamp-precision=nano "$@" "tcp port $port" 2>/dev/null &
  local pid=$!
  sleep 1
  # 1. download of 100000 bytes; 2. POST upload of 65536 bytes; 3. keep-alive: two GETs on one connection.
  curl -s -o /dev/null "http://127.0.0.1:$port/blob/100000"
  curl -s -o /dev/null -H 'Content-Type: application/octet-stream' --data-binary @"$work/upload.bin" \
    "http://127.0.0.1:$port/upload"
  curl -s -o /dev/null -o /dev/null "http://127.0.0.1:$port/blob/1000" "http://127.0.0.1:$port/blob/2000"
  sleep 1
  kill -INT "$pid"; wait "$pid" || true
}

capture "$out/curl-http-lo.pcap" -i lo
capture "$work/any.pcap" -i any -y LINUX_SLL2
editcap -F pcapng "$work/any.pcap" "$out/curl-http-any.pcapng"
chmod 644 "$out"/*
ls -l "$out"
