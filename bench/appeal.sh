#!/usr/bin/env bash
# The appeal scenario of issue 14, timed as a user runs it: one appeal in, its
# proposal accepted, a draft campaign from it, the person published, the addresses
# the appeal does not give typed in and the campaign activated, letters out as a PDF.
# Prints each command with the machine's time for it, the number of commands, and
# the fields a person had to type (everything else came from the article).
# Run: bench/appeal.sh [APPEAL_FILE]   (default: tests/fixtures/appeals/appeal-en.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
APPEAL="${1:-tests/fixtures/appeals/appeal-en.txt}"
OUT="${BENCH_OUT:-$PWD/bench-out}/appeal"
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --release --quiet
BIN="$PWD/target/release/habeas"
export HABEAS_DB="$OUT/registry.db" HABEAS_KEY_FILE="$OUT/registry.key"
"$BIN" init >/dev/null

n=0
total=0
step() {
    n=$((n + 1))
    local start end ms
    start=$(date +%s%N)
    "$BIN" "$@" >"$OUT/step$n.out" 2>&1 || { cat "$OUT/step$n.out"; exit 1; }
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    total=$((total + ms))
    printf '%2d  %6d ms  habeas %s\n' "$n" "$ms" "$*"
}

step ingest "$APPEAL"
source_id=$(grep -oE 'stored as source [0-9]+' "$OUT/step1.out" | grep -oE '[0-9]+$' | head -1)
for p in $("$BIN" proposals list --json | grep -oE '"id": [0-9]+' | grep -oE '[0-9]+' | sort -u); do
    step proposals accept "$p"
done
step campaign draft --from-source "$source_id"
campaign=$(head -1 "$OUT/step$n.out")
sed -n '2,$p' "$OUT/step$n.out" | sed 's/^/        /'
for person in $("$BIN" campaign show "$campaign" --format json | python3 -c \
    'import json,sys; print(" ".join(str(p) for p in json.load(sys.stdin)["campaign"]["people"]))'); do
    step person publish "$person" --with-records
done
"$BIN" campaign show "$campaign" --format toml >"$OUT/ua.toml"
n=$((n + 1)); printf '%2d  %6s     habeas campaign show %s --format toml > ua.toml\n' "$n" "-" "$campaign"

# What the person types: each address the appeal left empty, and the status.
typed=$(grep -c '^address = ""$' "$OUT/ua.toml" || true)
sed -i 's/^address = ""$/address = "(typed by staff)"/; s/^status = "draft"$/status = "active"/' "$OUT/ua.toml"
typed=$((typed + 1))
step campaign update "$campaign" --file "$OUT/ua.toml"
step campaign letters "$campaign" --format pdf -o "$OUT/letters.pdf"
echo
echo "commands: $n   machine time: ${total} ms   fields typed by a person: $typed (addresses the appeal does not give, and the status)"
echo "letters: $(tail -1 "$OUT/step$n.out")"
