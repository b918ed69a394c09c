#!/usr/bin/env python3
"""Ten million tweets, as BENCHMARKS.md records them (Linux: it reads /proc).

`chirpdex gen --tweets N | chirpdex ingest -` (no 32 GB file needed), then whole processes of
search, stats and an export of everything. For each process: its wall time, its highest heap
(anonymous resident memory, RssAnon) and its highest resident memory (VmHWM, which also counts
the index files tantivy maps), polled every 2 ms.

    cargo build --release
    scripts/bench-10m.py [TWEETS] [DIR]     # defaults: 10000000, a temporary directory

Needs about 4 GB of disk for the index and half an hour on two cores. Python's standard
library only.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHIRPDEX = str(ROOT / "target" / "release" / "chirpdex")


def memory(pid: int) -> tuple[int, int]:
    """RssAnon and VmHWM of a process, in KiB (0 when it is gone)."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
        )
    except OSError:
        return 0, 0
    kib = lambda k: int(fields.get(k, "0 kB").split()[0])  # noqa: E731
    return kib("RssAnon"), kib("VmHWM")


def measure(name: str, args: list[str], stdin=None, stdout=subprocess.DEVNULL, ok=(0,)) -> float:
    start = time.perf_counter()
    p = subprocess.Popen(args, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    heap = hwm = 0
    while p.poll() is None:
        a, h = memory(p.pid)
        heap, hwm = max(heap, a), max(hwm, h)
        time.sleep(0.002)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    if p.returncode not in ok:
        sys.exit(f"{name}: exit {p.returncode}\n{err}")
    print(f"{name:<46} {wall:9.3f} s   heap {heap // 1024:6d} MB   VmHWM {hwm // 1024:6d} MB", flush=True)
    return wall


def main() -> None:
    tweets = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    work = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="chirpdex-10m."))
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    shutil.rmtree(index, ignore_errors=True)
    c = [CHIRPDEX, "--index", str(index)]

    gen = subprocess.Popen([CHIRPDEX, "gen", "--tweets", str(tweets), "--seed", "1"], stdout=subprocess.PIPE)
    measure(f"gen --tweets {tweets} | ingest -", c + ["ingest", "-"], stdin=gen.stdout)
    gen.stdout.close()
    gen.wait()
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    print(f"index: {size / 1e9:.2f} GB, {100 * size / (tweets * 3_200):.1f}% of a dump of about 3.2 KB a tweet")
    info = subprocess.run(c + ["info"], capture_output=True, text=True).stdout.splitlines()
    print("\n".join("  " + line for line in info[:3]))

    for q in ["pasocial", "#opendata", "comunicazione pubblica", '"dati aperti"', "comunic*", "@AgID_IT"]:
        # Twice: the first reads the index from disk if the page cache lost it.
        measure(f"search '{q}' (top 10), cold", c + ["search", q, "--limit", "10"], ok=(0, 1))
        measure(f"search '{q}' (top 10)", c + ["search", q, "--limit", "10"], ok=(0, 1))
    measure("search '#opendata' --count", c + ["search", "#opendata", "--count"], ok=(0, 1))
    measure("stats", c + ["stats"])
    measure("stats (again)", c + ["stats"])

    # Originals to a pipe that counts lines (32 GB need not be kept), then a CSV file.
    counter = subprocess.Popen(["wc", "-l"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    measure("export --format jsonl (everything)", c + ["export", "--format", "jsonl"], stdout=counter.stdin)
    counter.stdin.close()
    print(f"  {int(counter.stdout.read())} lines exported")
    out = work / "all.csv"
    measure("export --format csv (everything)", c + ["export", "--format", "csv", "--out", str(out)])
    print(f"  {out.stat().st_size / 1e9:.2f} GB of CSV")
    out.unlink()
    if os.environ.get("KEEP") is None and len(sys.argv) <= 2:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
