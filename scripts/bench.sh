#!/usr/bin/env bash
# End-to-end benchmark, in CPU seconds (user + system, /usr/bin/time): dealgraph beside
#   - the building-block floor (examples/floor.rs: read the JSONL, decode JSON, NFKC, one
#     dictionary scan, one cue scan; nothing else), measured in the same run, and
#   - the Python peer (jieba + pyahocorasick + networkx, ../shared/bench/peer.py),
# from paired, interleaved runs (dealgraph, floor, peer, dealgraph, floor, peer, …, so that a
# change in the machine's load hits all of them alike), with the bundled dictionary and with
# the 267k company names; then wall time on all cores and peak RSS at 1x and 4x the corpus.
# CPU time is what the load of a shared machine changes least; wall time is reported too.
#
# Reads ../shared (beside the project checkout):
#   ../shared/corpus/techcrunch_zh.jsonl.xz                     28,622 articles, 77 MB
#   ../shared/external/company_names/company_short_names.txt.xz 267,398 names
#   ../shared/bench/peer.py                                      the Python peer
# and unpacks them into bench-data/ (git-ignored). The peer's packages are installed into
# .venv-bench/ (git-ignored) on first use.
#
# usage: scripts/bench.sh [--runs N] [--peer-runs N] [--no-peer] [--no-4x] [--dict bundled|267k]
#   --runs N       paired rounds per dictionary (dealgraph -j1 and the floor), and runs of the
#                  all-core and 4x rows; medians are reported (default 3)
#   --peer-runs N  how many of the rounds also run peer.py (default 1: it takes minutes)
#   --no-peer      skip peer.py
#   --no-4x        skip the 4x corpus (peak RSS must stay flat as the corpus grows)
#   --dict D       only the bundled or only the 267k dictionary (default both)
set -euo pipefail

cd "$(dirname "$0")/.."
runs=3
peer_runs=1
peer=1
four=1
dicts="bundled 267k"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --peer-runs) peer_runs="$2"; shift 2 ;;
        --no-peer) peer=0; shift ;;
        --no-4x) four=0; shift ;;
        --dict) dicts="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ "$peer" = 1 ] || peer_runs=0

shared=../shared
corpus_xz=$shared/corpus/techcrunch_zh.jsonl.xz
names_xz=$shared/external/company_names/company_short_names.txt.xz
peer_py=$shared/bench/peer.py
for f in "$corpus_xz" "$names_xz" "$peer_py"; do
    if [ ! -f "$f" ]; then
        echo "error: $f is missing: this benchmark reads the shared material in ../shared" >&2
        echo "       (corpus, company names and peer.py; see ../shared/README.md)" >&2
        exit 2
    fi
done
for tool in xz python3 /usr/bin/time; do
    command -v "$tool" > /dev/null || {
        echo "error: $tool is needed (apt-get install xz-utils python3 time)" >&2
        exit 2
    }
done

mkdir -p bench-data
corpus=bench-data/corpus.jsonl
names=bench-data/company_short_names.txt
[ -s "$corpus" ] || xz -dc "$corpus_xz" > "$corpus"
[ -s "$names" ] || xz -dc "$names_xz" > "$names"
# 4x the corpus: four copies under distinct ids (`copyK/ID`), so that the graph holds four times
# the documents and deal statements (copies under the same id would be counted once).
if [ "$four" = 1 ] && [ ! -s bench-data/corpus4x-ids.jsonl ]; then
    python3 - "$corpus" > bench-data/corpus4x-ids.jsonl.tmp <<'EOF'
import json, sys
for k in range(4):
    # Lines end at "\n" only (a JSON string may hold U+2028, which splitlines() would cut at).
    with open(sys.argv[1], encoding="utf-8", newline="\n") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                doc["id"] = f"copy{k}/{doc['id']}"
                print(json.dumps(doc, ensure_ascii=False))
EOF
    mv bench-data/corpus4x-ids.jsonl.tmp bench-data/corpus4x-ids.jsonl
fi
# The bundled dictionary as the peer reads it: alias<TAB>canonical name, one per line.
python3 - > bench-data/bundled_aliases.txt <<'EOF'
import json
for line in open("data/entities.jsonl", encoding="utf-8"):
    if line.strip():
        e = json.loads(line)
        for a in dict.fromkeys([e["name"], *e.get("aliases", [])]):
            print(f"{a}\t{e['name']}")
EOF

cargo build --release --quiet --bin dealgraph --example floor
target_dir=${CARGO_TARGET_DIR:-target}
bin=$target_dir/release/dealgraph
floor=$target_dir/release/examples/floor
if [ "$peer" = 1 ] && [ ! -x .venv-bench/bin/python ]; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install --quiet jieba pyahocorasick networkx
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

mb() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }
cores=$(nproc)

# run INPUT ARGS...: one timed run; prints "wall_seconds max_rss_kb cpu_seconds"
run() {
    local input="$1"; shift
    /usr/bin/time -f "%e %M %U %S" -o "$out/time" "$@" > /dev/null 2> "$out/stderr" < "$input" || {
        local rc=$?
        # dealgraph exits 1 when some inputs were skipped (the corpus has empty articles).
        if [ $rc -ne 1 ] || ! grep -q "^[0-9]" "$out/time"; then
            echo "error: $* failed:" >&2
            cat "$out/stderr" >&2
            exit 1
        fi
    }
    grep "^[0-9]" "$out/time" | tail -1 | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

# median FILE: the median line of "wall rss cpu" lines, by CPU time
median() { sort -k3 -n "$1" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
# median_of FILE: the median of one number per line
median_of() { sort -g "$1" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

row() { # tool, dictionary, threads, input, "wall rss cpu", runs
    local size; size=$(mb "$4")
    python3 -c "
import sys
t, d, j, i, m, n = sys.argv[1:7]
s, r, c = map(float, sys.argv[7].split())
m = float(m)
print(f'| {t} | {d} | {j} | {i} | {n} | {s:.2f} | {m / s:.1f} | {c:.2f} | {c * 1000 / m:.0f} | {r / 1024:.0f} |')" \
        "$1" "$2" "$3" "$(basename "$4") ($(printf %.0f "$size") MB)" "$size" "$6" "$5"
}

echo "reading $corpus_xz, $names_xz and $peer_py"
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "$runs paired rounds per dictionary (dealgraph -j1, floor$( [ "$peer_runs" -gt 0 ] && echo ", peer.py in the first $peer_runs")); medians; time and peak RSS by /usr/bin/time"
echo
echo "| tool | dictionary | threads | input | runs | wall s | MB/s | CPU s | ms CPU per MB | peak RSS (MiB) |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|"
for dict in $dicts; do
    dict_args=()
    floor_args=()
    peer_dict=bench-data/bundled_aliases.txt
    if [ "$dict" = 267k ]; then
        dict_args=(--dict "$names")
        floor_args=(--dict "$names")
        peer_dict=$names
    fi
    : > "$out/dg-$dict"; : > "$out/floor-$dict"; : > "$out/peer-$dict"
    : > "$out/ratio-floor-$dict"; : > "$out/ratio-peer-$dict"
    for round in $(seq "$runs"); do
        read -r s r c < <(run /dev/null "$bin" build "$corpus" -o "$out/g" -q -j 1 "${dict_args[@]}")
        echo "$s $r $c" >> "$out/dg-$dict"
        dg=$c
        read -r s r c < <(run /dev/null "$floor" "$corpus" "${floor_args[@]}")
        echo "$s $r $c" >> "$out/floor-$dict"
        python3 -c "import sys; print(float(sys.argv[1]) / float(sys.argv[2]))" "$dg" "$c" >> "$out/ratio-floor-$dict"
        if [ "$round" -le "$peer_runs" ]; then
            read -r s r c < <(run /dev/null .venv-bench/bin/python "$peer_py" "$corpus" "$peer_dict" "$out/peer")
            echo "$s $r $c" >> "$out/peer-$dict"
            python3 -c "import sys; print(float(sys.argv[1]) / float(sys.argv[2]))" "$c" "$dg" >> "$out/ratio-peer-$dict"
        fi
    done
    row dealgraph "$dict" 1 "$corpus" "$(median "$out/dg-$dict")" "$runs"
    row "floor" "$dict" 1 "$corpus" "$(median "$out/floor-$dict")" "$runs"
    if [ -s "$out/peer-$dict" ]; then
        row "peer.py" "$dict" 1 "$corpus" "$(median "$out/peer-$dict")" "$peer_runs"
    fi
    : > "$out/all"
    for _ in $(seq "$runs"); do
        run /dev/null "$bin" build "$corpus" -o "$out/g" -q -j "$cores" "${dict_args[@]}" >> "$out/all"
    done
    row dealgraph "$dict" "$cores" "$corpus" "$(median "$out/all")" "$runs"
    if [ "$four" = 1 ]; then
        # 4x the corpus through standard input: the memory must not grow with the input.
        : > "$out/four"
        for _ in $(seq "$runs"); do
            run bench-data/corpus4x-ids.jsonl "$bin" build - -o "$out/g" -q -j "$cores" "${dict_args[@]}" >> "$out/four"
        done
        row dealgraph "$dict" "$cores" bench-data/corpus4x-ids.jsonl "$(median "$out/four")" "$runs"
    fi
    {
        printf "%s dictionary: dealgraph / floor = %.2fx CPU (median of %s paired rounds)" \
            "$dict" "$(median_of "$out/ratio-floor-$dict")" "$runs"
        if [ -s "$out/ratio-peer-$dict" ]; then
            printf "; peer.py / dealgraph = %.1fx CPU (median of %s paired rounds)" \
                "$(median_of "$out/ratio-peer-$dict")" "$peer_runs"
        fi
        echo
    } >> "$out/ratios"
done
echo
cat "$out/ratios"
echo
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at end"
