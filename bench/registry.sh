#!/usr/bin/env bash
# Registry benchmark (issue 2): on PEOPLE demo people (default 100,000), time
#   load (habeas demo), list --as-of, export CSV, import of that CSV into an empty database,
# on SQLite and, when HABEAS_BENCH_PG_URL names a server, on PostgreSQL. Next to each
# load, a baseline from the same run: the exported rows inserted by a plain script
# (Python's sqlite3 / psql \copy) with no validation, audit or encryption.
# Peak memory (max RSS) is reported for each habeas command.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-100000}"
OUT="${BENCH_OUT:-bench-out}"
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --release --quiet
BIN="$PWD/target/release/habeas"
AS_OF=2025-01-01

# Runs a command, prints "label seconds maxrss_MiB".
timed() {
    local label="$1"; shift
    local start end rss
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$OUT/rss" "$@" > "$OUT/last.out" 2> "$OUT/last.err" || { cat "$OUT/last.err"; exit 1; }
    end=$(date +%s.%N)
    rss=$(( $(cat "$OUT/rss") / 1024 ))
    printf "%-34s %8.2f s  %6d MiB\n" "$label" "$(echo "$end - $start" | bc)" "$rss"
}

baseline_sqlite() {
    python3 - "$1" <<'PY'
import csv, sqlite3, sys, time, os
rows = list(csv.reader(open(sys.argv[1], newline='')))
db = sys.argv[1] + '.baseline.db'
if os.path.exists(db): os.remove(db)
c = sqlite3.connect(db)
c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=FULL')
c.execute('CREATE TABLE t (%s)' % ','.join('c%d TEXT' % i for i in range(len(rows[0]))))
t = time.time()
with c:
    c.executemany('INSERT INTO t VALUES (%s)' % ','.join('?' * len(rows[0])), rows[1:])
print('%.2f' % (time.time() - t))
PY
}

run() {
    local name="$1" db="$2" db2="$3"
    echo "== $name, $PEOPLE people"
    timed "$name: demo load" "$BIN" --db "$db" --key-file "$OUT/$name.key" demo --people "$PEOPLE"
    timed "$name: list --as-of $AS_OF" "$BIN" --db "$db" --key-file "$OUT/$name.key" list --as-of "$AS_OF" --format csv
    echo "   ($(( $(wc -l < "$OUT/last.out") - 1 )) cases held on $AS_OF)"
    timed "$name: export csv" "$BIN" --db "$db" --key-file "$OUT/$name.key" export --format csv -o "$OUT/$name.csv"
    timed "$name: import exported csv" "$BIN" --db "$db2" --key-file "$OUT/$name-2.key" import "$OUT/$name.csv"
    timed "$name: audit verify" "$BIN" --db "$db" --key-file "$OUT/$name.key" audit verify
}

run sqlite "$OUT/bench.db" "$OUT/bench2.db"
printf "%-34s %8s s\n" "baseline: plain sqlite3 insert" "$(baseline_sqlite "$OUT/sqlite.csv")"
echo "   (the same $(( $(wc -l < "$OUT/sqlite.csv") - 1 )) CSV rows into one table, no checks)"

if [ -n "${HABEAS_BENCH_PG_URL:-}" ]; then
    base="${HABEAS_BENCH_PG_URL%/*}"
    for d in habeas_bench habeas_bench2; do
        psql -q "$HABEAS_BENCH_PG_URL" -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d"
    done
    run postgres "$base/habeas_bench" "$base/habeas_bench2"
    cols=$(head -1 "$OUT/postgres.csv" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
    psql -q "$base/habeas_bench" -c "CREATE TABLE baseline ($cols)"
    start=$(date +%s.%N)
    psql -q "$base/habeas_bench" -c "\\copy baseline FROM '$OUT/postgres.csv' CSV HEADER"
    end=$(date +%s.%N)
    printf "%-34s %8.2f s\n" "baseline: psql \\copy" "$(echo "$end - $start" | bc)"
fi
