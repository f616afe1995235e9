#!/usr/bin/env python3
"""Times `sharescope scan` the way a user runs it: the whole process, writing jsonl to a
file, on a folder of logs. Runs it several times and prints one JSON line with the median
wall time, the median CPU time (user + system) and the median peak RSS of the process
(each run's own: GNU time's %M, else wait4's), and whether the alerts match the generator's manifest.

    process_bench.py SHARESCOPE DATA_DIR --mode sentinel --label deliveries-plain-sentinel [--runs 5]
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time


# The peak RSS a process reports includes the pages of the process it was forked from
# (Linux keeps the high-water mark across exec): a Python parent adds ~14 MB. GNU time is
# a small parent, so its %M is the scan's own; without it, wait4's figure is given.
GNU_TIME = "/usr/bin/time"


def run_once(cmd, tmp):
    err_path, rss_path = os.path.join(tmp, "stderr.txt"), os.path.join(tmp, "rss.txt")
    timed = [GNU_TIME, "-f", "%M", "-o", rss_path] + cmd if os.access(GNU_TIME, os.X_OK) else cmd
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(timed[0], timed, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(err_path, errors="replace") as f:
            sys.exit("process_bench: %s exited %d:\n%s" % (cmd[0], code, f.read()[-2000:]))
    rss_kib = usage.ru_maxrss  # KiB on Linux
    if timed is not cmd:
        with open(rss_path) as f:
            rss_kib = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, rss_kib / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sharescope")
    ap.add_argument("data")
    ap.add_argument("--mode", choices=["sentinel", "extended"], required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    manifest = json.load(open(os.path.join(a.data, "manifest.json")))
    disk = 0
    for root, _, files in os.walk(os.path.join(a.data, "AWSLogs")):
        for f in files:
            disk += os.path.getsize(os.path.join(root, f))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "alerts.jsonl")
        cmd = [a.sharescope, "scan", "--mode", a.mode, "--format", "jsonl", "--quiet", "--output", out,
               os.path.join(a.data, "AWSLogs")]
        runs = [run_once(cmd, tmp) for _ in range(a.runs)]
        with open(out) as f:
            alerts = sum(1 for _ in f)
    wall = statistics.median(r[0] for r in runs)
    json_mb = manifest["uncompressed_bytes"] / 1e6
    result = {
        "label": a.label, "files": manifest["files"], "largest_file_mb": round(manifest.get("largest_file_bytes", 0) / 1e6, 1),
        "json_mb": round(json_mb, 1), "disk_mb": round(disk / 1e6, 1), "alerts": alerts, "runs": a.runs,
        "wall_s": round(wall, 3), "cpu_s": round(statistics.median(r[1] for r in runs), 3),
        "peak_rss_mb": round(statistics.median(r[2] for r in runs), 1), "mb_per_s": round(json_mb / wall),
        "wall_min_s": round(min(r[0] for r in runs), 3), "wall_max_s": round(max(r[0] for r in runs), 3),
    }
    # The generator's expectations are rule 0236's alerts with nothing trusted.
    if a.mode == "sentinel":
        result["alerts_match"] = alerts == manifest["alerts"]
    print(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main()
