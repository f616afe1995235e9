#!/usr/bin/env bash
# Generates 1 GB of CloudTrail logs once (plain and gzipped), scans each with
# bench_scan, prints the figures and appends them to bench/history.jsonl.
set -euo pipefail
BUILD=${1:?build dir}
SIZE_MB=${BENCH_SIZE_MB:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${BENCH_DATA:-$HERE/data}
for kind in plain gzip; do
    out="$DATA/$kind-$SIZE_MB"
    if [ ! -f "$out/manifest.json" ]; then
        echo "bench: generating $SIZE_MB MB ($kind) in $out"
        flag=(); [ "$kind" = gzip ] && flag=(--gzip)
        python3 "$HERE/generate_logs.py" --out "$out" --size-mb "$SIZE_MB" --seed 1 "${flag[@]}"
    fi
    # Warm the page cache so that both runs measure the scan, not the disk.
    cat "$out"/AWSLogs/*/CloudTrail/*/*/*/*/* > /dev/null
    commit=$(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo none)
    for mode in sentinel extended; do
        line=$("$BUILD/bin/bench_scan" "$out" --mode "$mode" --label "$kind-$SIZE_MB-$mode")
        echo "$line"
        echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"result\":$line}" >> "$HERE/history.jsonl"
    done
done
# The window: a million alerts in the model, and the GUI thread's longest stall during a 1 GB scan.
line=$(QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$BUILD/bin/bench_gui" "$DATA/plain-$SIZE_MB/AWSLogs" | tr '\n' ' ')
echo "$line"
for l in $line; do
    echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"result\":$l}" >> "$HERE/history.jsonl"
done
echo "bench: history in bench/history.jsonl; previous runs:"
tail -n 6 "$HERE/history.jsonl"
