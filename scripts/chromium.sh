# What the screenshot scripts share, sourced by them from the repository's root: Chromium
# (Debian's `chromium` package, installed when absent, as root), a scratch directory removed on
# exit, `chirpdex` on an index there holding corpus/$corpus with its programme, and `shoot PAGE
# PNG WIDTH,HEIGHT` to draw a page of that directory.

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium is not installed: sudo apt-get install -y chromium" >&2
        exit 2
    fi
    apt-get install -y chromium >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chirpdex() { cargo run --quiet -- --index "$work/index" "$@"; }
chirpdex ingest --quiet --event "corpus/$corpus/event.toml" "corpus/$corpus"

shoot() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --hide-scrollbars \
        --screenshot="$(realpath -m "$2")" --window-size="$3" \
        "file://$work/$1" 2>"$work/chromium.log" || {
        cat "$work/chromium.log" >&2
        exit 2
    }
}
