#!/usr/bin/env bash
# Renders the event page (`recap --overview`, what `recap --all` writes as index.html) of a
# shipped corpus to PNG with headless Chromium, at a phone's width and a laptop's, so that a
# person can look at it without opening a browser. The tests do not need it.
#
#   scripts/screenshot-event.sh [CORPUS [WIDTH... ]]
#
# CORPUS is a directory of corpus/ with an event.toml: synthetic (the default: the generated
# #pasocial day, whose tweets have times, so the day's chart has bars and slots) or
# pasocial-2015 (the real page: copied tweets that give only their day and no counts). WIDTH is
# in CSS pixels (default: 390 and 1280); each picture is docs/event-CORPUS-WIDTH.png, the whole
# page (drawn in a tall window; the blank below it cut off, and the colours reduced to 64, with
# ImageMagick's `convert` when it is installed). Chromium is Debian's `chromium` package, installed when absent (as root).
set -euo pipefail

cd "$(dirname "$0")/.."
corpus=${1:-synthetic}
shift || true
widths=("$@")
if [ ${#widths[@]} -eq 0 ]; then
    widths=(390 1280)
fi
if [ ! -f "corpus/$corpus/event.toml" ]; then
    echo "no corpus/$corpus/event.toml" >&2
    exit 2
fi

source scripts/chromium.sh
chirpdex recap --overview --out "$work/index.html"

mkdir -p docs
for width in "${widths[@]}"; do
    out=docs/event-$corpus-$width.png
    shoot index.html "$out" "$width,9000"
    # The page's height: where its content ends (the trim box of ImageMagick), and a margin.
    if box=$(convert "$out" -format '%@' info: 2>/dev/null); then
        bottom=$(echo "$box" | sed -E 's/^[0-9]+x([0-9]+)\+[0-9]+\+([0-9]+)$/\1 \2/' |
            awk '{print $1 + $2 + 24}')
        # 64 colours without dithering: text stays sharp, the file a third of the size.
        convert "$out" -crop "${width}x${bottom}+0+0" +repage -strip -dither None -colors 64 \
            "PNG8:$out"
    else
        echo "ImageMagick's convert is absent: $out is left $width x 9000" >&2
    fi
    echo "$out"
done
