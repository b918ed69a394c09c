#!/usr/bin/env bash
# Renders a speaker's recap of a shipped corpus to PNG with headless Chromium, as a phone (390 px
# wide) and a laptop (1280 px) show it, so that a person can look at the page without opening a
# browser. The tests do not need it.
#
#   scripts/screenshot-recap.sh [CORPUS [SPEAKER [OUT]]]
#
# CORPUS is a directory of corpus/ with an event.toml: synthetic (the default: the generated
# #pasocial day, whose tweets have times, so the chart has bars) or pasocial-2015 (the real page:
# its copied tweets give only their day, so the chart is empty). SPEAKER defaults to Marco Valente
# for synthetic and Alessandra Migliozzi for pasocial-2015. OUT defaults to docs/recap-CORPUS:
# OUT-390.png and OUT-1280.png are written, each the top of the page (HEIGHT_390, HEIGHT_1280
# pixels, from the environment; 2400 and 1800 by default), and the page itself is kept as
# OUT.html when KEEP_HTML=1.
# Chromium is Debian's `chromium` package, installed when absent (as root).
set -euo pipefail

cd "$(dirname "$0")/.."
corpus=${1:-synthetic}
case "$corpus" in
    synthetic) default_speaker="Marco Valente" ;;
    # One copied tweet: the whole page is shorter.
    pasocial-2015) default_speaker="Alessandra Migliozzi" HEIGHT_390=${HEIGHT_390:-2200} ;;
    *) default_speaker="" ;;
esac
speaker=${2:-$default_speaker}
out=${3:-docs/recap-$corpus}
out=${out%.png}
if [ ! -f "corpus/$corpus/event.toml" ]; then
    echo "no corpus/$corpus/event.toml" >&2
    exit 2
fi
if [ -z "$speaker" ]; then
    echo "name a speaker: $0 $corpus SPEAKER" >&2
    exit 2
fi

source scripts/chromium.sh
chirpdex recap "$speaker" --format html --out "$work/recap.html"

mkdir -p "$(dirname "$out")"
for size in "390,${HEIGHT_390:-2400}" "1280,${HEIGHT_1280:-1800}"; do
    png="$out-${size%,*}.png"
    shoot recap.html "$png" "$size"
    echo "$png"
done
if [ "${KEEP_HTML:-0}" = 1 ]; then
    cp "$work/recap.html" "$out.html"
    echo "$out.html"
fi
