"""Fixed text for the files the capture scripts send: sha256 tokens give it some entropy, so the compressed
files are not all tiny, and the same arguments always give the same bytes."""
import hashlib


def csv(rows, tag):
    head = "id,customer,email,iban,amount,token\n"
    return (head + "".join("%06d,customer-%05d,c%05d@example.com,DE%020d,%d.%02d,%s\n"
                           % (i, i % 9973, i % 9973, i * 7919 % 10**20, i * 37 % 100000, i % 100,
                              hashlib.sha256(b"%s-%d" % (tag, i)).hexdigest()[:24]) for i in range(rows))).encode()


def prose(lines, tag):
    return "".join("Line %05d of the quarterly figures, confidential, ref %s.\n"
                   % (i, hashlib.sha256(b"%s-%d" % (tag, i)).hexdigest()[:16]) for i in range(lines)).encode()
