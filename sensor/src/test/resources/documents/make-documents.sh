#!/bin/sh
# Regenerates the documents in this directory with the real tools, and the files that only look like them.
# Debian: apt-get install -y pandoc python3-docx python3-openpyxl groff imagemagick gzip (python3-docx and
# python3-openpyxl are imported by /usr/bin/python3, Debian's own interpreter).
# Documents (no archive upload unless alert.documents):
#   pandoc.docx, pandoc.pptx, pandoc.odt   pandoc from a short Markdown report
#   python-docx.docx                       python-docx: 40 paragraphs
#   openpyxl.xlsx                          openpyxl: a 300-row sheet ([Content_Types].xml is its last entry)
#   picture.docx                           python-docx with a 150 KB noise PNG: its zip outgrows the 64 KiB window,
#                                          so only the entries before the picture are listed
#   groff.pdf                              groff -ms -Tpdf: a PDF whose page content is a FlateDecode (zlib) stream
#   magick.png                             ImageMagick (libpng): a 120x90 plasma fractal, zlib in its IDAT chunk
# Archives that hold documents or pretend to be one (archive uploads):
#   reports.zip         python zipfile: the three pandoc documents as entries, as a script would collect them
#   docx-plus-loot.docx python-docx.docx with one more entry, loot/passwd.txt, appended by zipfile
#   ct-only.zip         zipfile: [Content_Types].xml and export.csv, no document part
#   python-docx.docx.gz gzip -9 -n of python-docx.docx
#   docx-then-gzip.bin  python-docx.docx, then a gzip of text: two files sent back to back in one stream
#   png-then-zip.png    magick.png with reports.zip appended (a PNG/zip polyglot, a known way to hide a zip)
#   pdf-header-zlib.bin "%PDF-1.4", a line, then a zlib stream with no stream keyword before it
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '# Quarterly report\n\nRevenue grew in every region.\n\n| region | growth |\n|---|---|\n| north | 7 |\n' > "$work/r.md"
for kind in docx pptx odt; do
  pandoc "$work/r.md" --metadata title=Report -o "pandoc.$kind"
done
/usr/bin/python3 - "$work" <<'PY'
import docx, openpyxl, random, struct, sys, zipfile, zlib
from docx.shared import Inches
work = sys.argv[1]
d = docx.Document()
d.add_heading("Quarterly report", 0)
for i in range(40):
    d.add_paragraph("Revenue for region %d grew by %d percent over the quarter; see the table." % (i, i * 7 % 23))
d.save("python-docx.docx")
wb = openpyxl.Workbook()
ws = wb.active
for r in range(1, 300):
    ws.append([r, "customer-%05d" % r, r * 37 % 1000, "confidential"])
wb.save("openpyxl.xlsx")
# a 250x200 RGB PNG of noise, which deflate cannot shrink
rnd = random.Random(7)
w, h = 250, 200
raw = b"".join(b"\0" + bytes(rnd.randrange(256) for _ in range(w * 3)) for _ in range(h))
def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(work + "/noise.png", "wb").write(png)
p = docx.Document()
p.add_paragraph("The chart:")
p.add_picture(work + "/noise.png", width=Inches(3))
p.add_paragraph("End of report.")
p.save("picture.docx")
with zipfile.ZipFile("reports.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("pandoc.docx", "pandoc.pptx", "pandoc.odt"):
        z.write(name, "collected/" + name)
open("docx-plus-loot.docx", "wb").write(open("python-docx.docx", "rb").read())
with zipfile.ZipFile("docx-plus-loot.docx", "a", zipfile.ZIP_DEFLATED) as z:
    z.writestr("loot/passwd.txt", "root:x:0:0:root:/root:/bin/bash\n" * 40)
with zipfile.ZipFile("ct-only.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    z.writestr("export.csv", "".join("%d,customer-%05d,%d\n" % (i, i, i * 37 % 1000) for i in range(400)))
PY
gzip -9 -n -c python-docx.docx > python-docx.docx.gz
{ cat python-docx.docx; seq 1 4000 | sed 's/$/,customer,confidential/' | gzip -9 -n; } > docx-then-gzip.bin
printf '.TL\nQuarterly report\n.PP\nRevenue grew in every region.\n' | groff -ms -Tpdf > groff.pdf
/usr/bin/convert -size 120x90 -seed 7 plasma:fractal -depth 8 -strip magick.png
cat magick.png reports.zip > png-then-zip.png
/usr/bin/python3 -c '
import zlib
text = "".join("%d,customer-%05d,%d\n" % (i, i, i * 37 % 1000) for i in range(2000)).encode()
open("pdf-header-zlib.bin", "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + zlib.compress(text, 9))
'
ls -l
