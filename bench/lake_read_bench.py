#!/usr/bin/python3
"""Reading what a data lake returns costs what reading CloudTrail costs, per byte
(issue 10): the same N candidate events (the test fixtures' sharing events, repeated
with fresh eventIDs) as a CloudTrail delivery file and as Athena UNLOAD JSON lines,
both gzip; `sharescope scan` times each file as a whole process (median of 5).
Usage: bench/lake_read_bench.py BUILD_DIR [N]"""
import gzip, json, os, statistics, subprocess, sys, tempfile, time, uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lake"))
import lake_formats  # noqa: E402

build = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")
_, events = lake_formats.load_events(data)
sharing = [e for e in events if e.get("eventID") and not e["eventID"].startswith("0e0000")]
out = []
for i in range(n):
    e = dict(sharing[i % len(sharing)])
    e["eventID"] = str(uuid.UUID(int=i))
    out.append(e)
tmp = tempfile.mkdtemp(prefix="sharescope-lake-bench-")
ct = os.path.join(tmp, "cloudtrail.json.gz")
un = os.path.join(tmp, "unload.json.gz")
with gzip.open(ct, "wt", encoding="utf-8") as f:
    json.dump({"Records": out}, f, separators=(",", ":"))
with gzip.open(un, "wt", encoding="utf-8") as f:
    for e in out:
        f.write(json.dumps(lake_formats.to_athena_row(e), separators=(",", ":")) + "\n")
for name, path in (("CloudTrail", ct), ("Athena UNLOAD", un)):
    raw = len(gzip.open(path).read())
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([os.path.join(build, "bin", "sharescope"), "scan", "--quiet", "--format", "jsonl", "--output",
                        os.path.join(tmp, "alerts.jsonl"), path], check=True)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print("%-14s %d events, %.1f MB inflated: %.3f s median, %.0f MB/s" % (name, n, raw / 1e6, med, raw / 1e6 / med))
