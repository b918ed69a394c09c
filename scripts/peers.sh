#!/usr/bin/env bash
# chirpdex beside its peers on one dump, in one run, on this machine: the parse-only baseline,
# chirpdex's own side, chirpdex ingest, Python flattening, tantivy-cli (without and with the
# originals stored), SQLite FTS5 fed by Python's sqlite3, and zstd -1 over the whole dump.
#
#   scripts/peers.sh [TWEETS]          # a dump of TWEETS generated tweets (default 200000)
#   scripts/peers.sh --dump FILE       # a JSON-lines dump of v1.1 tweets you have
#
# Needs cargo, python3 (standard library only) and zstd. Installs tantivy-cli with
# `cargo install` into target/peers (once; a few minutes). Every figure is a whole process
# timed by the shell (wall seconds, and user+system CPU seconds), on the same file.
set -euo pipefail

cd "$(dirname "$0")/.."
tweets=200000
dump=""
case "${1:-}" in
--dump) dump="$(realpath "$2")" ;;
"") ;;
*) tweets="$1" ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/chirpdex-peers.XXXXXX")"
export work
trap 'rm -rf "$work"' EXIT
peers="$PWD/target/peers"

cargo build --release --quiet
chirpdex="$PWD/target/release/chirpdex"
if [[ ! -x "$peers/bin/tantivy" ]]; then
  echo "installing tantivy-cli into $peers (once)..." >&2
  cargo install --quiet --locked tantivy-cli --root "$peers"
fi
tantivy="$peers/bin/tantivy"

if [[ -z "$dump" ]]; then
  dump="$work/dump.jsonl"
  "$chirpdex" gen --tweets "$tweets" --seed 1 >"$dump"
fi
export dump
bytes=$(stat -c %s "$dump")
lines=$(wc -l <"$dump")

rows="$work/rows.tsv"
: >"$rows"
# time_it NAME ORIGINALS SIZE_PATH COMMAND...: runs COMMAND, adds a row (SIZE_PATH is measured
# after it, - for none).
time_it() {
  local name="$1" originals="$2" size_path="$3"
  shift 3
  local t="$work/time"
  # Shell functions (flatten, fts5) run in a child bash that is given them.
  /usr/bin/time -f "%e %U %S" -o "$t" bash -c "$(declare -f flatten fts5 || true)
\"\$@\"" _ "$@" \
    >/dev/null 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    exit 1
  }
  local size=-
  [[ "$size_path" != - ]] && size=$(du -sb "$size_path" | cut -f1)
  read -r wall user sys <"$t"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$(awk "BEGIN { print $user + $sys }")" "$size" "$originals" >>"$rows"
}

# The baseline and chirpdex's own side, from chirpdex bench on the same file (in-process timers).
"$chirpdex" bench --dump "$dump" --dir "$work/bench" --format json >"$work/bench.json"
rm -rf "$work/bench"

time_it "chirpdex ingest" yes "$work/index" "$chirpdex" --index "$work/index" ingest "$dump"

# Python's standard library flattens each tweet to the fields a search needs; a second file
# keeps the original line beside them (for tantivy-cli with originals).
flatten() {
  python3 - "$dump" "$1" "$2" <<'PY'
import json, sys
src, out, keep = sys.argv[1], sys.argv[2], sys.argv[3] == "raw"
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for line in f:
        try:
            t = json.loads(line)
        except ValueError:
            continue
        rt = t.get("retweeted_status") or {}
        content = rt or t
        text = (content.get("extended_tweet") or {}).get("full_text") or content.get("full_text") or content.get("text") or ""
        ents = content.get("entities") or {}
        d = {
            "id": t.get("id_str") or str(t.get("id", "")),
            "created_at": t.get("created_at", ""),
            "user": (t.get("user") or {}).get("screen_name", ""),
            "text": text,
            "hashtags": " ".join(h.get("text", "") for h in ents.get("hashtags", [])),
            "mentions": " ".join(m.get("screen_name", "") for m in ents.get("user_mentions", [])),
        }
        if keep:
            d["raw"] = line.rstrip("\n")
        o.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
}
time_it "python flatten" no - flatten "$work/flat.jsonl" plain
flatten "$work/flat-raw.jsonl" raw

# tantivy-cli: an index made from a schema written as its meta.json (`tantivy new` asks it
# interactively), then `tantivy index` reading the flattened documents.
new_index() {
  local dir="$1" raw="$2"
  mkdir -p "$dir"
  python3 - "$dir/meta.json" "$raw" <<'PY'
import json, sys
def text(name, tokenizer, record, stored=True):
    return {"name": name, "type": "text", "options": {"indexing": {"record": record,
            "fieldnorms": record != "basic", "tokenizer": tokenizer}, "stored": stored, "fast": False}}
fields = [text("id", "raw", "basic"), text("created_at", "raw", "basic"),
          text("user", "raw", "basic"), text("text", "default", "position"),
          text("hashtags", "default", "basic"), text("mentions", "default", "basic")]
if sys.argv[2] == "raw":
    fields.append({"name": "raw", "type": "text", "options": {"stored": True, "fast": False}})
json.dump({"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
           "segments": [], "schema": fields, "opstamp": 0}, open(sys.argv[1], "w"))
PY
}
new_index "$work/tantivy" plain
time_it "tantivy-cli (flattened)" no "$work/tantivy" "$tantivy" index -i "$work/tantivy" -f "$work/flat.jsonl"
new_index "$work/tantivy-raw" raw
time_it "tantivy-cli (flattened + original)" yes "$work/tantivy-raw" "$tantivy" index -i "$work/tantivy-raw" -f "$work/flat-raw.jsonl"

# SQLite FTS5 fed by Python's sqlite3, one transaction.
fts5() {
  python3 - "$work/flat.jsonl" "$work/fts5.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("create virtual table tweets using fts5(id unindexed, created_at unindexed, user, text, hashtags, mentions)")
with open(sys.argv[1], encoding="utf-8") as f, db:
    db.executemany("insert into tweets values (?, ?, ?, ?, ?, ?)",
                   ((d["id"], d["created_at"], d["user"], d["text"], d["hashtags"], d["mentions"])
                    for d in map(json.loads, f)))
db.close()
PY
}
time_it "sqlite fts5 (python)" no "$work/fts5.db" fts5

time_it "zstd -1, one thread" yes "$work/dump.zst" zstd -q -1 -T1 -f "$dump" -o "$work/dump.zst"

python3 - "$work/bench.json" "$rows" "$bytes" "$lines" "$(nproc)" <<'PY'
import json, sys
bench = json.load(open(sys.argv[1]))
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
dump, lines, cores = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
parse = bench["parse_seconds"]
print(f"dump: {lines} lines, {dump / 1e6:.0f} MB; {cores} cores\n")
print(f"| {'what':<36} | {'wall s':>7} | {'CPU s':>6} | {'× parse':>7} | {'tweets/s':>9} | {'size':>8} | {'% dump':>6} | originals |")
print(f"|{'-' * 38}|{'-' * 9}:|{'-' * 8}:|{'-' * 9}:|{'-' * 11}:|{'-' * 10}:|{'-' * 8}:|{'-' * 11}|")
def row(name, wall, cpu, size, originals):
    size_s = f"{int(size) / 1e6:.0f} MB" if size != "-" else "-"
    share = f"{100 * int(size) / dump:.1f}" if size != "-" else "-"
    cpu_s = f"{float(cpu):.2f}" if cpu != "-" else "-"
    print(f"| {name:<36} | {float(wall):>7.2f} | {cpu_s:>6} | {float(wall) / parse:>6.2f}x | {lines / float(wall):>9.0f} | {size_s:>8} | {share:>6} | {originals:<9} |")
row("parse only (serde, small struct)", parse, "-", "-", "no")
row("chirpdex documents, not indexed", bench["build_seconds"], "-", "-", "no")
for name, wall, cpu, size, originals in rows:
    row(name, wall, cpu, size, originals)
print(f"\nchirpdex bench on the same file, in-process: ingest {bench['ingest_seconds']:.2f} s, "
      f"{bench['ratio']:.2f}x the parse; index {100 * bench['index_share']:.1f}% of the dump.")
PY
