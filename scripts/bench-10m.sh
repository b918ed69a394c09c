#!/usr/bin/env bash
# Ten million tweets, as BENCHMARKS.md records them: `chirpdex gen | chirpdex ingest -` (no 32 GB
# file needed), then whole processes of search, stats and a streaming export of everything.
# Each process's highest heap (anonymous resident memory, `RssAnon`, polled every 50 ms) and
# highest resident memory (`VmHWM`, which also counts the index files tantivy maps) are shown.
#
#   scripts/bench-10m.sh [TWEETS] [DIR]     # defaults: 10000000, a temporary directory
#
# Needs about 4 GB of disk for the index and 30 minutes on two cores. Linux only (/proc).
set -euo pipefail

cd "$(dirname "$0")/.."
tweets="${1:-10000000}"
dir="${2:-$(mktemp -d "${TMPDIR:-/tmp}/chirpdex-10m.XXXXXX")}"
mkdir -p "$dir"
index="$dir/index"
cargo build --release --quiet
chirpdex="$PWD/target/release/chirpdex"

# measure NAME COMMAND...: runs COMMAND (its output thrown away), polls its memory, prints a line.
measure() {
  local name="$1"
  shift
  local start end heap=0 hwm=0 pid
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$dir/stderr" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    local s
    s=$(awk '/^RssAnon:/ { a = $2 } /^VmHWM:/ { h = $2 } END { print a + 0, h + 0 }' "/proc/$pid/status" 2>/dev/null || echo "0 0")
    read -r a h <<<"$s"
    ((a > heap)) && heap=$a
    ((h > hwm)) && hwm=$h
    sleep 0.05
  done
  wait "$pid" || { cat "$dir/stderr" >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%-44s %9.2f s   heap %6d MB   VmHWM %6d MB\n' "$name" "$(echo "$end - $start" | awk '{ print $1 - $3 }')" $((heap / 1024)) $((hwm / 1024))
}

ingest() { "$chirpdex" gen --tweets "$tweets" --seed 1 | "$chirpdex" --index "$index" ingest -; }
# The pipeline's memory is the ingest's: gen streams.
measure "gen --tweets $tweets | ingest -" ingest
echo "index: $(du -sb "$index" | cut -f1 | awk '{ printf "%.2f GB", $1 / 1e9 }')"
"$chirpdex" --index "$index" info | head -3

for q in pasocial '#opendata' 'from:anna_dataviz' '"dati aperti"' 'comunic*'; do
  measure "search '$q' (top 10)" "$chirpdex" --index "$index" search "$q" --limit 10
done
measure "search --count '#opendata'" "$chirpdex" --index "$index" search '#opendata' --count
measure "stats" "$chirpdex" --index "$index" stats
# Originals to standard output (about 3.2 KB a tweet: no need to keep 32 GB), then a CSV file
# whose rows are counted.
measure "export --format jsonl (everything, stdout)" "$chirpdex" --index "$index" export --format jsonl
measure "export --format csv (everything)" "$chirpdex" --index "$index" export --format csv --out "$dir/all.csv"
echo "exported: $(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$dir/all.csv") rows"
rm -f "$dir/all.csv"
