#!/usr/bin/env bash
# Whole-pipeline benchmark: the figures of BENCHMARKS.md, printed as Markdown.
#
#   scripts/bench.sh [DOCS] [WORK]        DOCS defaults to 100000, WORK to /tmp/jiuzhu-bench
#
# Environment: SEED (7), SUBSET (3000 files for the naive pipeline), NAIVE (its script),
# BIG (10 × DOCS; 0 skips the large run) and BIG_ROSTER (BIG rows): the large run extracts
# BIG documents (peak memory against DOCS) and screens them with rosters padded to
# BIG_ROSTER rows (jiuzhu synth --roster-rows).
#
# It builds the release binary and the floor example (examples/floor.rs), writes a synthetic
# corpus with `jiuzhu synth`, and times, with /usr/bin/time (wall seconds, peak RSS):
#   - jiuzhu extract on one thread and on all cores;
#   - the floor (read + decode + one Aho-Corasick pass over every dictionary phrase) likewise;
#   - the naive Python pipeline of ../shared/peers (jieba + regular expressions) against
#     jiuzhu on the same subset of .txt/.html files (the only formats it reads), one core each;
#   - extraction peak memory on a tenth of the corpus against the whole one (flat memory);
#   - jiuzhu screen on the whole corpus with its rosters;
#   - extract and screen of the large corpus, with screen's own time per stage.
# Per-stage figures (normalise, split, section, extract) are criterion's: cargo bench.
# Machines are shared and noisy: compare the ratios of one run, not figures across runs.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${1:-100000}
WORK=${2:-/tmp/jiuzhu-bench}
SEED=${SEED:-7}
SUBSET=${SUBSET:-3000}
NAIVE=${NAIVE:-../shared/peers/naive_pipeline.py}
BIG=${BIG:-$((DOCS * 10))}
BIG_ROSTER=${BIG_ROSTER:-$BIG}
CORES=$(nproc)

command -v /usr/bin/time >/dev/null || { echo "bench.sh needs GNU time (apt install time)" >&2; exit 2; }
cargo build --release --quiet
cargo build --release --quiet --example floor
BIN=target/release/jiuzhu
FLOOR=target/release/examples/floor

mkdir -p "$WORK"
# measure NAME CMD...: runs CMD (output to $WORK/NAME.out/.err), sets WALL (s) and RSS (MB).
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
    read -r WALL KB <"$WORK/$name.time"
    RSS=$(awk -v k="$KB" 'BEGIN { printf "%.0f", k / 1024 }')
}
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
row() { echo "| $1 | $2 s | $3 MB | $4 |"; }

corpus() { # corpus N DIR [ROWS]: N documents (rosters padded to ROWS) in DIR, reused when present
    if [ ! -f "$2/jiuzhu.toml" ]; then
        rm -rf "$2"
        measure "synth-$1" "$BIN" synth --docs "$1" --seed "$SEED" --roster-rows "${3:-0}" --out "$2"
        echo "synth of $1 documents: $WALL s" >&2
    fi
}
# roster_rows DIR: the roster rows of a synthetic corpus, from its README.txt.
roster_rows() { awk '/^Roster rows:/ { on = 1; next } on && /^  rosters\// { n += $2; next } { on = 0 } END { print n }' "$1/README.txt"; }
C="$WORK/c$DOCS"
corpus "$DOCS" "$C"
BYTES=$(du -sb "$C/docs" | cut -f1)
echo "## $DOCS synthetic documents, $(rate "$BYTES" 1) MB, $CORES cores, $(date -u +%F)"
echo
echo "| run | wall | peak RSS | rate |"
echo "|---|---|---|---|"

# Unmeasured: bring the documents into the page cache, so that the first run timed does not
# pay for the disk alone.
warm() { "$FLOOR" "$1" --threads "$CORES" --no-scan >/dev/null 2>&1; }
warm "$C/docs"
rm -rf "$WORK/ex1" "$WORK/exn"
measure extract-1 "$BIN" extract "$C/docs" --threads 1 --out "$WORK/ex1"
E1=$WALL
row "jiuzhu extract, 1 thread" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
measure extract-n "$BIN" extract "$C/docs" --threads "$CORES" --out "$WORK/exn"
EN=$WALL
row "jiuzhu extract, $CORES threads" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
measure floor-1 "$FLOOR" "$C/docs" --threads 1
F1=$WALL
row "floor (decode + Aho-Corasick), 1 thread" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
measure floor-n "$FLOOR" "$C/docs" --threads "$CORES"
row "floor, $CORES threads" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
measure read-1 "$FLOOR" "$C/docs" --threads 1 --no-scan
row "read and decode only, 1 thread" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
rm -rf "$WORK/screen"
measure screen "$BIN" screen "$C/docs" --config "$C/jiuzhu.toml" --out "$WORK/screen" --today 2026-12-06
SCREEN_TIMES=$(grep -a 'time:' "$WORK/screen.err" | tail -1 || true)
row "jiuzhu screen ($CORES threads, rosters of $(roster_rows "$C") rows)" "$WALL" "$RSS" "$(rate "$BYTES" "$WALL") MB/s"
rm -rf "$WORK/screen-records"
measure screen-records "$BIN" screen --records "$WORK/exn" --config "$C/jiuzhu.toml" --out "$WORK/screen-records" --today 2026-12-06
row "jiuzhu screen --records (the extract above)" "$WALL" "$RSS" "$DOCS records"

# Flat memory: extraction of a tenth of the corpus against the whole.
T="$WORK/c$((DOCS / 10))"
corpus $((DOCS / 10)) "$T"
rm -rf "$WORK/ext"
measure extract-tenth "$BIN" extract "$T/docs" --threads "$CORES" --out "$WORK/ext"
row "jiuzhu extract, $((DOCS / 10)) documents, $CORES threads" "$WALL" "$RSS" "$(rate "$(du -sb "$T/docs" | cut -f1)" "$WALL") MB/s"

# The naive pipeline on the files it can read.
S="$WORK/subset"
rm -rf "$S" && mkdir -p "$S"
# (awk, not head: head's early exit would kill sort with SIGPIPE, and pipefail the script)
find "$C/docs" -type f \( -name '*.txt' -o -name '*.html' \) | sort | awk -v n="$SUBSET" 'NR <= n' | xargs cp -t "$S"
SB=$(du -sb "$S" | cut -f1)
# The naive pipeline needs jieba, from PyPI.
python3 -c "import jieba" 2>/dev/null ||
    python3 -m pip install --quiet jieba 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages jieba 2>/dev/null || true
if python3 -c "import jieba" 2>/dev/null && [ -f "$NAIVE" ]; then
    measure naive python3 "$NAIVE" "$S"
    NV=$WALL
    row "naive Python, $SUBSET .txt/.html files" "$WALL" "$RSS" "$(rate "$SB" "$WALL") MB/s"
    mkdir -p "$WORK/one" && cp "$(find "$S" -type f -print -quit)" "$WORK/one/"
    measure naive-start python3 "$NAIVE" "$WORK/one"
    NS=$WALL
    row "naive Python, one file (its start-up)" "$WALL" "$RSS" ""
else
    NV=""
    echo "| naive Python | skipped: pip install jieba, and $NAIVE | | |"
fi
rm -rf "$WORK/exs"
measure extract-subset "$BIN" extract "$S" --threads 1 --out "$WORK/exs"
JS=$WALL
row "jiuzhu extract, the same files, 1 thread" "$WALL" "$RSS" "$(rate "$SB" "$WALL") MB/s"
measure floor-subset "$FLOOR" "$S" --threads 1
FS=$WALL
row "floor, the same files, 1 thread" "$WALL" "$RSS" "$(rate "$SB" "$WALL") MB/s"

# The large run: extraction memory against DOCS, and screen with city-sized rosters.
BIG_TIMES=""
if [ "$BIG" -gt 0 ]; then
    L="$WORK/c$BIG"
    corpus "$BIG" "$L" "$BIG_ROSTER"
    LB=$(du -sb "$L/docs" | cut -f1)
    warm "$L/docs"
    rm -rf "$WORK/exl"
    measure extract-big "$BIN" extract "$L/docs" --threads "$CORES" --out "$WORK/exl"
    row "jiuzhu extract, $BIG documents ($(rate "$LB" 1) MB), $CORES threads" "$WALL" "$RSS" "$(rate "$LB" "$WALL") MB/s"
    rm -rf "$WORK/exl" "$WORK/screen-big"
    measure screen-big "$BIN" screen "$L/docs" --config "$L/jiuzhu.toml" --out "$WORK/screen-big" --today 2026-12-06
    BIG_TIMES=$(grep -a 'time:' "$WORK/screen-big.err" | tail -1 || true)
    row "jiuzhu screen, $BIG documents, rosters of $(roster_rows "$L") rows" "$WALL" "$RSS" "$(rate "$LB" "$WALL") MB/s"
fi

echo
echo "- jiuzhu screen's own account: $SCREEN_TIMES"
[ -z "$BIG_TIMES" ] || echo "- jiuzhu screen of $BIG documents, its own account: $BIG_TIMES"
echo "- jiuzhu / floor, 1 thread: $(ratio "$E1" "$F1")× the floor's time"
echo "- jiuzhu, $CORES threads against 1: $(ratio "$E1" "$EN")× faster"
if [ -n "$NV" ]; then
    echo "- jiuzhu against the naive pipeline, one core, same files: $(ratio "$NV" "$JS")× faster" \
        "($(awk -v n="$NV" -v s="$NS" -v j="$JS" 'BEGIN { printf "%.1f", (n - s) / j }')× without its start-up)"
    echo "- the floor against the naive pipeline, same files: $(ratio "$NV" "$FS")× faster" \
        "(what a pipeline doing no more than the floor could reach)"
fi
