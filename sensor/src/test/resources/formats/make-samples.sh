#!/bin/sh
# Regenerates the small format samples in this directory with the real tools.
# Debian: apt-get install -y zstd lz4 xz-utils bzip2 zip p7zip-full ncompress arj gcab cpio binutils python3
# (lcab is not in Debian 12; gcab writes the .cab). There is no free RAR writer: the two .rar samples are
# built byte by byte from the RAR 4.x / 5.x format documents by the Python code at the end.
# java.sz (framed snappy) is not made here: no Debian tool writes the snappy framing format (python3-snappy
# 0.5.3 fails on Python 3.11), so it is Commons Compress's FramedSnappyCompressorOutputStream applied to
# secret.txt (the content of cli.gz); SnappySampleTest checks that the file is exactly that output.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/docs"
python3 - "$work/docs" <<'PY'
import sys, os
words = "customer account invoice password salary export quarterly report confidential the of and to".split()
text = "\n".join(" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(12)) for i in range(150)) + "\n"
open(os.path.join(sys.argv[1], "secret.txt"), "w").write(text)
open(os.path.join(sys.argv[1], "notes.txt"), "w").write("meeting notes\n" * 20)
PY
touch -d '2026-01-02 03:04:05 UTC' "$work/docs/secret.txt" "$work/docs/notes.txt"
src="$work/docs/secret.txt"

gzip -9 -n -c "$src" > cli.gz
bzip2 -9 -c "$src" > cli.bz2
xz -6 -c "$src" > cli.xz
xz --format=lzma -c "$src" > cli.lzma
zstd -q -19 -c "$src" > cli.zst
lz4 -q -9 -c "$src" > cli.lz4
compress -c "$src" > cli.Z
(cd "$work/docs" && zip -q -X -9 "$work/cli.zip" secret.txt notes.txt) && cp "$work/cli.zip" cli.zip
(cd "$work/docs" && zip -q -X -P hunter2 "$work/cli-enc.zip" secret.txt) && cp "$work/cli-enc.zip" cli-enc.zip
(cd "$work/docs" && 7z a -bd -bso0 -mx=9 "$work/cli.7z" secret.txt notes.txt) && cp "$work/cli.7z" cli.7z
(cd "$work/docs" && tar --format=ustar --owner=0 --group=0 -cf "$work/cli.tar" secret.txt notes.txt) && cp "$work/cli.tar" cli.tar
(cd "$work/docs" && tar --format=v7 --owner=0 --group=0 -cf "$work/cli-v7.tar" notes.txt) && cp "$work/cli-v7.tar" cli-v7.tar
(cd "$work/docs" && printf 'secret.txt\nnotes.txt\n' | cpio --quiet -o -H newc > "$work/cli.cpio") && cp "$work/cli.cpio" cli-newc.cpio
(cd "$work/docs" && printf 'notes.txt\n' | cpio --quiet -o -H bin > "$work/cli-bin.cpio") && cp "$work/cli-bin.cpio" cli-bin.cpio
(cd "$work/docs" && ar rcD "$work/cli.a" secret.txt notes.txt 2>/dev/null) && cp "$work/cli.a" cli.a
(cd "$work/docs" && gcab -c -z "$work/cli.cab" secret.txt notes.txt) && cp "$work/cli.cab" cli.cab
(cd "$work/docs" && arj a -i -y "$work/cli.arj" secret.txt notes.txt > /dev/null) && cp "$work/cli.arj" cli.arj

# Python's standard library, as used by the Atomic Red Team T1560.002 tests
python3 - "$src" <<'PY'
import sys, gzip, bz2, zlib, zipfile, tarfile, lzma, io, os, struct
data = open(sys.argv[1], "rb").read()
open("py.zlib", "wb").write(zlib.compress(data))
with gzip.GzipFile("py.gz", "wb", mtime=1767322000) as f:
    f.write(data)
open("py.bz2", "wb").write(bz2.compress(data))
open("py.xz", "wb").write(lzma.compress(data))
# py-chunks.xz: long enough for three LZMA2 chunks (a capture picked up mid-stream sees an inner chunk's header)
import random
r = random.Random(2026)
syl = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qu", "an", "er", "ix", "ol", "um"]
vocab = ["".join(r.choice(syl) for _ in range(r.randint(1, 4))) for _ in range(3000)]
lines = [" ".join(r.choice(vocab) for _ in range(r.randint(6, 16))) for _ in range(60000)]
open("py-chunks.xz", "wb").write(lzma.compress(("\n".join(lines) + "\n").encode()[:520000]))
with zipfile.ZipFile("py.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("secret.txt", (2026, 1, 2, 3, 4, 6)), data, zipfile.ZIP_DEFLATED)
def tarinfo(name, n):
    ti = tarfile.TarInfo(name); ti.size = n; ti.mtime = 1767322000; return ti
for mode, out in (("w:gz", "py.tar.gz"), ("w:bz2", "py.tar.bz2")):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:
        t.addfile(tarinfo("secret.txt", len(data)), io.BytesIO(data))
    b = buf.getvalue()
    if out.endswith(".gz"):  # tarfile writes the current time into the gzip header: pin it
        b = b[:4] + struct.pack("<I", 1767322000) + b[8:]
    open(out, "wb").write(b)

# RAR: no free writer exists. Built from the format documents: stored (method 0x30 / 0) single files.
crc = zlib.crc32
payload = b"top secret payload\n"
def rar4():
    out = b"Rar!\x1a\x07\x00"
    main = struct.pack("<BHH", 0x73, 0x0000, 13) + b"\0" * 6
    out += struct.pack("<H", crc(main) & 0xFFFF) + main
    name = b"secret.txt"
    body = struct.pack("<BHH", 0x74, 0x8000, 32 + len(name))  # LONG_BLOCK: data follows
    body += struct.pack("<IIBIIBBHI", len(payload), len(payload), 2, crc(payload), 0x5C220000, 29, 0x30,
                        len(name), 0x20)
    body += name
    out += struct.pack("<H", crc(body) & 0xFFFF) + body + payload
    end = struct.pack("<BHH", 0x7B, 0x4000, 7)
    out += struct.pack("<H", crc(end) & 0xFFFF) + end
    return out
def vint(n):
    b = bytearray()
    while True:
        x = n & 0x7F; n >>= 7
        b.append(x | (0x80 if n else 0))
        if not n: return bytes(b)
def hdr5(body):
    h = vint(len(body)) + body
    return struct.pack("<I", crc(h)) + h
def rar5():
    out = b"Rar!\x1a\x07\x01\x00"
    out += hdr5(vint(1) + vint(0) + vint(0))                      # main archive header, no flags
    name = b"secret.txt"
    fbody = vint(2) + vint(0x02) + vint(len(payload))             # file header, data area present
    fbody += vint(0x04) + vint(len(payload)) + vint(0o644)       # file flags: CRC32 present; size; attrs
    fbody += struct.pack("<I", crc(payload)) + vint(0) + vint(1) + vint(len(name)) + name  # crc, method 0 (store), host unix
    out += hdr5(fbody) + payload
    out += hdr5(vint(5) + vint(0) + vint(0))                      # end of archive
    return out
open("hand-v4.rar", "wb").write(rar4())
open("hand-v5.rar", "wb").write(rar5())
PY
ls -l
