#!/bin/sh
# Regenerates the binary test fixtures that can't be written by hand.
# Run from anywhere; outputs are deterministic (gzip -n: no name, no timestamp;
# Python's random with a fixed seed). Re-running overwrites the outputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
in="$here/inputs"
bad="$here/bad"

# --- inputs/: gzip variants of the plain fixtures (same events, so same alerts) ---
gzip -kn -f "$in/records.json"                        # -> inputs/records.json.gz
gzip -kn -f "$in/lines.jsonl"                         # -> inputs/lines.jsonl.gz (gzip'd JSON lines)
gzip -cn "$in/records.json" > "$in/gzip-no-ext.json"  # gzip content behind a .json name

# --- bad/: broken binary inputs ---
# A valid gzip stream cut in half: inflating it hits end-of-input mid-stream.
n=$(gzip -cn "$in/pretty.json" | wc -c)
gzip -cn "$in/pretty.json" | head -c $((n / 2)) > "$bad/truncated.json.gz"

# Gzip magic (1f 8b) followed by text that is not a gzip header/deflate stream
# (third byte 'N' is not compression method 8).
printf '\037\213NOT-A-REAL-GZIP-STREAM: the magic bytes are right, everything after them is wrong.\n' > "$bad/bad-magic.gz"

# 2048 pseudo-random bytes, fixed seed.
python3 -c '
import random, sys
random.seed(1)
sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(2048)))
' > "$bad/garbage.bin"
