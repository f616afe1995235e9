#!/usr/bin/env bash
# Benchmarks `sharescope scan` as a user runs it (the whole process, writing jsonl) on
# 1 GB of generated logs in two layouts, plain and gzipped: file sizes as S3 delivers
# them (median 2 MB, a few of 30-100 MB) and one single 1 GB file. Prints the median
# wall time, CPU time and peak RSS of each, then the window's figures (bench_gui), and
# appends everything to bench/history.jsonl.
set -euo pipefail
BUILD=${1:?build dir}
SIZE_MB=${BENCH_SIZE_MB:-1000}
RUNS=${BENCH_RUNS:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${BENCH_DATA:-$HERE/data}
commit=$(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo none)
record() {
    echo "$1"
    echo "{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$commit\",\"result\":$1}" >> "$HERE/history.jsonl"
}
for layout in deliveries single; do
    for kind in plain gzip; do
        out="$DATA/$layout-$kind-$SIZE_MB"
        if [ ! -f "$out/manifest.json" ]; then
            echo "bench: generating $SIZE_MB MB ($layout, $kind) in $out"
            flag=(); [ "$kind" = gzip ] && flag=(--gzip)
            python3 "$HERE/generate_logs.py" --out "$out" --size-mb "$SIZE_MB" --seed 1 --layout "$layout" "${flag[@]}"
        fi
        # Warm the page cache: the runs measure the scan, not the disk.
        find "$out/AWSLogs" -type f -exec cat {} + > /dev/null
        for mode in sentinel extended; do
            record "$(python3 "$HERE/process_bench.py" "$BUILD/bin/sharescope" "$out" --mode "$mode" --runs "$RUNS" \
                      --label "$layout-$kind-$SIZE_MB-$mode")"
        done
    done
done
# The window: a million alerts in the model, and the GUI thread's longest stall during a 1 GB scan.
line=$(QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$BUILD/bin/bench_gui" "$DATA/deliveries-plain-$SIZE_MB/AWSLogs" | tr '\n' ' ')
for l in $line; do
    record "$l"
done
echo "bench: history in bench/history.jsonl"
