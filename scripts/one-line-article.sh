#!/usr/bin/env bash
# Time in document size (issue 11): one-line articles of 2, 4, 8 and 16 MB (TechCrunch
# articles joined on one line) through a release build; the time per MB must stay flat
# (a 16 MB line took 56 s when a per-sentence scan went back to the line start).
#
# Reads ../shared/corpus/techcrunch_zh.jsonl.xz; writes bench-data/ (git-ignored).
# usage: scripts/one-line-article.sh
set -euo pipefail

cd "$(dirname "$0")/.."
corpus=../shared/corpus/techcrunch_zh.jsonl.xz
[ -f "$corpus" ] || { echo "needs $corpus" >&2; exit 1; }
cargo build --release --quiet
mkdir -p bench-data
# head closes the pipe early: xz then dies of SIGPIPE, which is expected here.
{ xz -dc "$corpus" || true; } | head -2000 | python3 -c '
import json, sys
texts = [json.loads(l).get("text", "") for l in sys.stdin]
big = (" ".join(t.replace("\n", " ") for t in texts) + " ") * 3
for mb in (2, 4, 8, 16):
    b = big.encode()[: mb << 20].decode("utf-8", "ignore")
    with open(f"bench-data/one-line-{mb}mb.jsonl", "w") as f:
        f.write(json.dumps({"id": f"one-line-{mb}mb", "text": b}, ensure_ascii=False) + "\n")
'
echo "| MB | seconds | s/MB |"
echo "|---|---|---|"
for mb in 2 4 8 16; do
  start=$(date +%s.%N)
  target/release/dealgraph build "bench-data/one-line-${mb}mb.jsonl" -o bench-data/out -q
  end=$(date +%s.%N)
  python3 -c "s = $end - $start; print(f'| $mb | {s:.2f} | {s / $mb:.2f} |')"
done
