#!/usr/bin/env bash
# Public-site benchmark (issue 3). On PEOPLE demo people (default 100,000) on SQLite:
#   habeas serve pinned to core 0, wrk pinned to core 1, on loopback, for
#   the first list page, a filtered list page and a person page,
#   "cached": the same URL again and again (served from the render cache / 304-free),
#   "cold": a different URL each request (other pages, dates, people: cache misses);
# requests per second and p50/p99 latency, and the server's peak memory (VmHWM).
# In the same run, Datasette (PyPI) serves the same people as a table (HTML and JSON)
# under the same load (facet suggestions off, as habeas computes none), and the ratio
# habeas/Datasette is printed. Person pages of non-public people answer 404 (non-2xx).
# Installs wrk (Debian package) and datasette (PyPI) if missing. Run: bench/web.sh [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-100000}"
SECONDS_EACH="${BENCH_SECONDS:-10}"
OUT="${BENCH_OUT:-bench-out/web}"
PORT=18181
DPORT=18182
mkdir -p "$OUT"
# The load generator and the peer come from Debian's packages and PyPI.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v datasette >/dev/null || pip install -q datasette
cargo build --release --quiet
BIN="$PWD/target/release/habeas"
DB="$OUT/web-$PEOPLE.db"
if [ ! -f "$DB" ]; then
    "$BIN" --db "$DB" --key-file "$OUT/web-$PEOPLE.key" demo --people "$PEOPLE" >/dev/null
fi

# The same public people as one Datasette table: one row per person and case.
"$BIN" --db "$DB" --key-file "$OUT/web-$PEOPLE.key" export --format csv -o "$OUT/people.csv" 2>/dev/null
python3 - "$OUT/people.csv" "$OUT/datasette.db" <<'PY'
import csv, sqlite3, sys, os
src, dst = sys.argv[1], sys.argv[2]
if os.path.exists(dst): os.remove(dst)
rows = list(csv.DictReader(open(src, newline='')))
cols = [c for c in rows[0].keys() if c != 'events']
c = sqlite3.connect(dst)
c.execute('CREATE TABLE people (%s)' % ', '.join('"%s" TEXT' % k for k in cols))
c.executemany('INSERT INTO people VALUES (%s)' % ','.join('?' * len(cols)), [[r[k] for k in cols] for r in rows])
for k in ('country', 'status', 'categories', 'name'):
    c.execute('CREATE INDEX people_%s ON people("%s")' % (k, k))
c.commit()
PY

cat > "$OUT/cold-list.lua" <<'LUA'
-- A different date and page on every request (180,000 combinations), so no request is
-- answered from the render cache.
local n = 0
request = function()
  n = n + 1
  local day = os.date("!%Y-%m-%d", 1388534400 + (n % 4500) * 86400)
  return wrk.format("GET", "/?as_of=" .. day .. "&page=" .. (1 + math.floor(n / 4500) % 40))
end
LUA
cat > "$OUT/cold-person.lua" <<'LUA'
local n = 0
request = function()
  n = n + 7919
  return wrk.format("GET", "/people/" .. (1 + n % PEOPLE))
end
LUA
sed -i "s/PEOPLE/$PEOPLE/" "$OUT/cold-person.lua"
cat > "$OUT/cold-row.lua" <<'LUA'
local n = 0
request = function()
  n = n + 7919
  return wrk.format("GET", "/datasette/people/" .. (1 + n % PEOPLE))
end
LUA
sed -i "s/PEOPLE/$PEOPLE/" "$OUT/cold-row.lua"

# Prints "rps p50 p99" for one wrk run.
load() {
    local url="$1" script="${2:-}"
    local args=(-t1 -c8 -d"${SECONDS_EACH}s" --latency)
    [ -n "$script" ] && args+=(-s "$script")
    taskset -c 1 wrk "${args[@]}" "$url" > "$OUT/wrk.txt"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
    errors=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.txt")
    echo "$rps $p50 $p99 ${errors:-0}"
}

report() { printf "%-44s %10s req/s  p50 %9s  p99 %9s  non-2xx %s\n" "$1" $2 $3 $4 $5; }

wait_for() {
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "server at $1 did not start"; exit 1
}

echo "== habeas serve, $PEOPLE people (SQLite), server on core 0, wrk on core 1, ${SECONDS_EACH}s each"
start=$(date +%s.%N)
taskset -c 0 "$BIN" --db "$DB" --key-file "$OUT/web-$PEOPLE.key" serve --addr "127.0.0.1:$PORT" 2> "$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; kill ${DS:-0} 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$PORT/healthz"
printf "%-44s %10.1f s\n" "startup (list of $PEOPLE built)" "$(echo "$(date +%s.%N) - $start" | bc)"
H="http://127.0.0.1:$PORT"
r=$(load "$H/"); report "first list page, cached" $r; HL=$(echo $r | cut -d' ' -f1)
r=$(load "$H/?country=AZ&status=imprisoned&category=journalist"); report "filtered list page, cached" $r; HF=$(echo $r | cut -d' ' -f1)
r=$(load "$H/" "$OUT/cold-list.lua"); report "list pages, cold (other dates and pages)" $r; HC=$(echo $r | cut -d' ' -f1)
r=$(load "$H/people/500"); report "person page" $r; HP=$(echo $r | cut -d' ' -f1)
r=$(load "$H/" "$OUT/cold-person.lua"); report "person pages, cold (different people)" $r
r=$(load "$H/api/v1/people?country=AZ"); report "API list page" $r; HA=$(echo $r | cut -d' ' -f1)
printf "%-44s %10s MiB\n" "peak memory of serve (VmHWM)" "$(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 ))"
printf "%-44s %10s MiB\n" "memory of serve after the runs (VmRSS)" "$(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) / 1024 ))"
kill -TERM $SERVER; wait $SERVER || true

echo "== Datasette $(datasette --version | awk '{print $NF}'), same people as a table ($(( $(wc -l < "$OUT/people.csv") - 1 )) rows)"
taskset -c 0 datasette serve "$OUT/datasette.db" --port "$DPORT" --setting default_page_size 50 --setting suggest_facets off > "$OUT/datasette.log" 2>&1 &
DS=$!
D="http://127.0.0.1:$DPORT"
wait_for "$D/datasette/people.json"
r=$(load "$D/datasette/people"); report "table page (HTML)" $r; DL=$(echo $r | cut -d' ' -f1)
r=$(load "$D/datasette/people?country=AZ&status=imprisoned&categories__contains=journalist"); report "filtered table page (HTML)" $r; DF=$(echo $r | cut -d' ' -f1)
r=$(load "$D/datasette/people/500"); report "row page (HTML)" $r; DP=$(echo $r | cut -d' ' -f1)
r=$(load "$D/datasette/people.json?country=AZ"); report "table JSON" $r; DA=$(echo $r | cut -d' ' -f1)
printf "%-44s %10s MiB\n" "peak memory of datasette (VmHWM)" "$(( $(awk '/VmHWM/ {print $2}' /proc/$DS/status) / 1024 ))"
kill $DS; wait $DS 2>/dev/null || true

echo "== ratio habeas / Datasette (requests per second)"
printf "%-44s %10.1f x\n" "list page (cached) vs table page" "$(echo "$HL / $DL" | bc -l)"
printf "%-44s %10.1f x\n" "list pages (cold) vs table page" "$(echo "$HC / $DL" | bc -l)"
printf "%-44s %10.1f x\n" "filtered list vs filtered table" "$(echo "$HF / $DF" | bc -l)"
printf "%-44s %10.1f x\n" "person page vs row page" "$(echo "$HP / $DP" | bc -l)"
printf "%-44s %10.1f x\n" "API list vs table JSON" "$(echo "$HA / $DA" | bc -l)"
