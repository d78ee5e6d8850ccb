#!/usr/bin/env bash
# End-to-end benchmark: dealgraph (1 thread and all threads; bundled and 267k-name
# dictionaries) beside the Python peer (jieba + pyahocorasick + networkx) on the same corpus,
# with wall time, MB/s of input and peak RSS, printed as the Markdown table of PERFORMANCE.md.
#
# Reads ../shared (beside the project checkout):
#   ../shared/corpus/techcrunch_zh.jsonl.xz                     28,622 articles, 77 MB
#   ../shared/external/company_names/company_short_names.txt.xz 267,398 names
#   ../shared/bench/peer.py                                      the Python peer
# and unpacks them into bench-data/ (git-ignored). The peer's packages are installed into
# .venv-bench/ (git-ignored) on first use.
#
# usage: scripts/bench.sh [--runs N] [--no-peer] [--no-4x]
#   --runs N   runs per dealgraph configuration, the median is reported (default 3)
#   --no-peer  skip peer.py (it takes a few minutes)
#   --no-4x    skip the 4x corpus (peak RSS must stay flat as the corpus grows)
set -euo pipefail

cd "$(dirname "$0")/.."
runs=3
peer=1
four=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --no-peer) peer=0; shift ;;
        --no-4x) four=0; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

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
if [ "$four" = 1 ] && [ ! -s bench-data/corpus4x.jsonl ]; then
    cat "$corpus" "$corpus" "$corpus" "$corpus" > bench-data/corpus4x.jsonl
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

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/dealgraph
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

mb() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }
cores=$(nproc)

# run INPUT ARGS...: one timed run; prints "seconds max_rss_kb cpu_seconds"
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

# median of the runs (by wall time): prints "seconds max_rss_kb cpu_seconds"
median() {
    local input="$1"; shift
    for _ in $(seq "$runs"); do run "$input" "$@"; done | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

row() { # tool, dictionary, threads, input, seconds, rss_kb, cpu_seconds
    local size; size=$(mb "$4")
    python3 -c "import sys; t,d,j,i,s,r,c,m=sys.argv[1:]; print(f'| {t} | {d} | {j} | {i} | {float(s):.2f} | {float(m)/float(s):.1f} | {float(c):.2f} | {float(m)/float(c):.1f} | {int(r)/1024:.0f} |')" \
        "$1" "$2" "$3" "$(basename "$4") ($(printf %.0f "$size") MB)" "$5" "$6" "$7" "$size"
}

echo "reading $corpus_xz, $names_xz and $peer_py"
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "dealgraph: $runs runs per row, median; time and peak RSS by /usr/bin/time"
echo
echo "| tool | dictionary | threads | input | wall s | MB/s | CPU s | MB per CPU s | peak RSS (MB) |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|"
declare -A secs
for dict in bundled 267k; do
    dict_args=()
    [ "$dict" = 267k ] && dict_args=(--dict "$names")
    for threads in 1 "$cores"; do
        read -r s r c < <(median /dev/null "$bin" build "$corpus" -o "$out/g" -q -j "$threads" "${dict_args[@]}")
        secs[$dict-$threads]=$s
        row dealgraph "$dict" "$threads" "$corpus" "$s" "$r" "$c"
    done
    if [ "$four" = 1 ]; then
        # 4x the corpus through standard input: the memory must not grow with the input.
        read -r s r c < <(median bench-data/corpus4x.jsonl "$bin" build - -o "$out/g" -q "${dict_args[@]}")
        row dealgraph "$dict" "$cores" bench-data/corpus4x.jsonl "$s" "$r" "$c"
    fi
done

if [ "$peer" = 1 ]; then
    if [ ! -x .venv-bench/bin/python ]; then
        python3 -m venv .venv-bench
        .venv-bench/bin/pip install --quiet jieba pyahocorasick networkx
    fi
    for dict in bundled 267k; do
        dict_file=bench-data/bundled_aliases.txt
        [ "$dict" = 267k ] && dict_file=$names
        read -r s r c < <(run /dev/null .venv-bench/bin/python "$peer_py" "$corpus" "$dict_file" "$out/peer")
        row "peer.py" "$dict" 1 "$corpus" "$s" "$r" "$c"
        python3 -c "import sys; p,a,b=map(float,sys.argv[1:]); print(f'ratio dealgraph/peer.py, $dict dictionary: {p/a:.0f}x on {$cores} threads, {p/b:.0f}x on 1 thread')" \
            "$s" "${secs[$dict-$cores]}" "${secs[$dict-1]}" >> "$out/ratios"
    done
    echo
    cat "$out/ratios"
fi
echo
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at end"
