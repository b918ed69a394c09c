#!/usr/bin/env python3
"""A v1.1 dump from another generator than `chirpdex gen`, for benchmarks: N tweets shaped as
real ones, written with Python's standard library only.

Each tweet is one of the 25 real API v1.1 tweets of twitterdev/tweet_parser's test data
(../shared/real-dumps/tweet_parser/original_format_examples.json: user objects with Klout data,
places, extended tweets, quotes and retweets, escaped slashes), given a new id and time (snowflake
ids in time order), an author from a pool of 5,000, and a new text drawn from the words of the
Italian articles in ../shared/seeds/ with hashtags and mentions. Its entities keep the original's
shape. Deterministic for a seed.

    scripts/other-v1-dump.py 200000 > other.jsonl       # about 1.2 GB
"""

import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

TWEPOCH_MS = 1288834974657


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    examples = [
        json.loads(line)
        for line in (shared / "real-dumps/tweet_parser/original_format_examples.json").open()
        if line.strip()
    ]
    words = re.findall(r"[^\W\d_]{3,}", " ".join(p.read_text() for p in sorted((shared / "seeds").glob("*.txt"))))
    rng = random.Random(seed)
    users = [(str(10_000_000 + i), f"user{i}_{rng.choice(words)[:8].lower()}") for i in range(5000)]
    tags = [w.lower() for w in rng.sample(words, 200)]
    start = datetime(2015, 11, 17, 8, 0, tzinfo=timezone.utc)
    out = sys.stdout
    for i in range(n):
        t = json.loads(json.dumps(examples[i % len(examples)]))
        at = start + timedelta(milliseconds=i * 250 + rng.randrange(250))
        ms = int(at.timestamp() * 1000)
        tid = ((ms - TWEPOCH_MS) << 22) | rng.randrange(1 << 22)
        uid, handle = rng.choice(users)
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(8, 30)))
        text += f" #{rng.choice(tags)} @{rng.choice(users)[1]}"
        t["id"], t["id_str"] = tid, str(tid)
        t["created_at"] = at.strftime("%a %b %d %H:%M:%S +0000 %Y")
        t["timestamp_ms"] = str(ms)
        t["text"] = text[:280]
        if "extended_tweet" in t:
            t["extended_tweet"]["full_text"] = text
        user = t.setdefault("user", {})
        user["id"], user["id_str"], user["screen_name"] = int(uid), uid, handle
        user["name"] = handle.replace("_", " ").title()
        out.write(json.dumps(t, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
