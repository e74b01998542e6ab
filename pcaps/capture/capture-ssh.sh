#!/usr/bin/env bash
# Captures real SSH uploads on the loopback interface: OpenSSH's scp from 127.0.0.1 copies a file
# to an sshd of its own on 127.0.0.2 (keys made here). Needs root (tcpdump, port 22), tcpdump,
# openssh-server, openssh-client.
# Writes:
#   pcaps/real/ssh-scp-lo.pcap    -i lo, tcp port 22: one session with OpenSSH's default cipher
#                                 (chacha20-poly1305 on OpenSSH 9), handshake to teardown
#   pcaps/real/ssh-modes-lo.pcap  -i lo, tcp port 2222: two sessions whose packet lengths travel in
#                                 the clear, aes128-gcm@openssh.com, then aes128-ctr with
#                                 hmac-sha2-256-etm@openssh.com
#   pcaps/real/ssh-scp.txt        the file's size and SHA-256, and the ssh version, for the record
# Ports 22 and 2222 on 127.0.0.2 must be free. Ports, keys, timing and ciphertext differ from run
# to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f "$work/sshd.pid" ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

ssh-keygen -q -t ed25519 -N '' -f hostkey
ssh-keygen -q -t ed25519 -N '' -f userkey
cp userkey.pub authorized_keys
cat > sshd_config <<EOF
Port 22
Port 2222
ListenAddress 127.0.0.2
HostKey $work/hostkey
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $work/sshd.pid
Subsystem sftp internal-sftp
EOF
mkdir -p /run/sshd
/usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log"
sleep 0.5

# 2 MB of text, gzipped: what a script would stage before copying it out
python3 -c '
import gzip
text = b"".join(b"%06d,customer-%05d,account,%d.%02d,confidential\n" % (i, i % 9973, i * 37 % 100000, i % 100)
                for i in range(40000))
open("export.csv.gz", "wb").write(gzip.compress(text, mtime=0))
'

# copy PORT [ssh options...]: one scp upload to 127.0.0.2:PORT
copy() {
  local port=$1
  shift
  scp -P "$port" -o BindAddress=127.0.0.1 -i userkey -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o LogLevel=ERROR "$@" export.csv.gz root@127.0.0.2:"$work/copied.csv.gz"
  cmp export.csv.gz copied.csv.gz
  rm copied.csv.gz
}

# capture FILE FILTER COMMAND...: tcpdump on lo around the command
capture() {
  local file=$1 filter=$2
  shift 2
  tcpdump -i lo -w "$out/$file" -s 0 "$filter" 2>/dev/null &
  local dump=$!
  sleep 1
  "$@"
  sleep 1
  kill -INT "$dump"
  wait "$dump" || true
}

capture ssh-scp-lo.pcap 'tcp port 22' copy 22
both_modes() {
  copy 2222 -c aes128-gcm@openssh.com
  copy 2222 -c aes128-ctr -o MACs=hmac-sha2-256-etm@openssh.com
}
capture ssh-modes-lo.pcap 'tcp port 2222' both_modes
{
  echo "$(stat -c %s export.csv.gz) bytes, sha256 $(sha256sum export.csv.gz | cut -d' ' -f1)"
  ssh -V 2>&1
} > "$out/ssh-scp.txt"
echo "wrote $out/ssh-scp-lo.pcap, $out/ssh-modes-lo.pcap and $out/ssh-scp.txt"
