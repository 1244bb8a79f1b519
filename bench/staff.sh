#!/usr/bin/env bash
# Staff login under load (issue 4): habeas serve pinned to core 0, wrk on core 1,
# loopback. Measures successful logins per second (each one an Argon2id verification
# and a new session), then the public list page alone and while a login flood runs,
# to show that hashing (two at a time, on blocking threads) does not starve the public
# site. Installs wrk if missing. Run: bench/staff.sh [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-10000}"
SECONDS_EACH="${BENCH_SECONDS:-10}"
OUT="${BENCH_OUT:-bench-out/staff}"
PORT=18183
rm -rf "$OUT" && mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet
BIN="$PWD/target/release/habeas"
DB="$OUT/staff.db"
H=(--db "$DB" --key-file "$OUT/staff.key")
"$BIN" "${H[@]}" demo --people "$PEOPLE" >/dev/null
echo "correct horse battery staple" | "$BIN" "${H[@]}" user add --login leyla --role editor >/dev/null

cat > "$OUT/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "login=leyla&password=correct+horse+battery+staple&csrf=benchtoken"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "habeas_login_csrf=benchtoken"
LUA

run() { taskset -c 1 wrk -t1 -c"$2" -d"${SECONDS_EACH}s" --latency ${3:+-s "$3"} "$1" > "$4"; }
line() {
    printf "%-44s %10s req/s  p50 %9s  p99 %9s  errors %s\n" "$1" \
        "$(awk '/Requests\/sec/ {print $2}' "$2")" "$(awk '$1 == "50%" {print $2}' "$2")" \
        "$(awk '$1 == "99%" {print $2}' "$2")" "$(awk '/Non-2xx/ {print $NF}' "$2" | head -1)"
}

taskset -c 0 "$BIN" "${H[@]}" serve --addr "127.0.0.1:$PORT" 2> "$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
U="http://127.0.0.1:$PORT"
echo "== $PEOPLE people, server on core 0, wrk on core 1, ${SECONDS_EACH}s each"
run "$U/login" 8 "$OUT/login.lua" "$OUT/login.txt"; line "logins (303 + session), 8 connections" "$OUT/login.txt"
run "$U/" 8 "" "$OUT/list.txt"; line "public list page alone" "$OUT/list.txt"
run "$U/login" 8 "$OUT/login.lua" "$OUT/flood.txt" & FLOOD=$!
run "$U/" 8 "" "$OUT/list-flood.txt"; wait $FLOOD
line "public list page during a login flood" "$OUT/list-flood.txt"
line "logins during that flood" "$OUT/flood.txt"

# Edits under load: the write API updating one person (each request one audited
# transaction; birth years alternate so every request really writes), then new
# people, then the public list while edits run (each edit makes the list rebuild in
# the background).
TOKEN=$("$BIN" "${H[@]}" user token leyla | tail -1)
cat > "$OUT/edit.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
n = 0
request = function()
  n = n + 1
  local body = '{"names":[{"text":"Leyla Məmmədova"}],"country":"AZ","birth_year":' .. (1950 + n % 50) .. '}'
  return wrk.format(nil, "/api/v1/people/1", nil, body)
end
LUA
cat > "$OUT/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"names":[{"text":"Tofiq Səfərov"}],"country":"AZ","arrest":{"date":"2026-01-10","charges":["206.3.2=Smuggling"]}}'
LUA
run "$U/api/v1/people/1" 8 "$OUT/edit.lua" "$OUT/edit.txt"; line "edits (PUT person, 200), 8 connections" "$OUT/edit.txt"
run "$U/api/v1/people" 8 "$OUT/create.lua" "$OUT/create.txt"; line "new people with an arrest (POST, 201)" "$OUT/create.txt"
run "$U/api/v1/people/1" 8 "$OUT/edit.lua" "$OUT/edit-flood.txt" & FLOOD=$!
run "$U/" 8 "" "$OUT/list-edit.txt"; wait $FLOOD
line "public list page during an edit flood" "$OUT/list-edit.txt"
line "edits during that flood" "$OUT/edit-flood.txt"
"$BIN" "${H[@]}" audit verify | tail -1
