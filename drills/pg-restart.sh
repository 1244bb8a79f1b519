#!/usr/bin/env bash
# Drill: PostgreSQL stops for 10 s and starts again under load (issue 12, point 9).
# Eight clients write people and a reader polls the public list, a person page and
# /healthz while the local cluster is stopped (pg_ctlcluster, as root) and started
# again. Expected: the list keeps answering 200 from memory, what needs the database
# answers 503 within a few seconds, /healthz says why, the server recovers with no
# restart, and no acknowledged write is lost. Run as root: drills/pg-restart.sh
source "$(dirname "$0")/lib.sh"
PORT=18303
KEY="$OUT/drill.key"
CLUSTER="$(ls /etc/postgresql)"
fresh_pg_db
hb init >/dev/null
hb person add --name 'Leyla Məmmədova' --country AZ >/dev/null
make_token
trap 'stop_load; stop_server -KILL; pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start 2>/dev/null || true' EXIT
start_server
start_load 8
reader() {
    local path
    for _ in $(seq 1 400); do
        for path in / /people/1 /healthz; do
            curl -s -m 60 -o /dev/null -w "$(date +%s.%N) $path %{http_code} %{time_total}\n" \
                "http://127.0.0.1:$PORT$path" >>"$OUT/reads.txt" || true
        done
        sleep 0.1
    done
}
: >"$OUT/reads.txt"
reader & READER=$!
sleep 3
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
DOWN=$(date +%s.%N)
curl -s "http://127.0.0.1:$PORT/healthz" | sed 's/^/healthz while down: /'
sleep 10
UP=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
BACK=$(date +%s.%N)
sleep 3
kill "$READER" 2>/dev/null || true
wait "$READER" 2>/dev/null || true
stop_load
awk -v d="$DOWN" -v u="$UP" '$1 >= d && $1 <= u {
        n[$2" "$3]++; if ($4 > m[$2]) m[$2] = $4 }
    END { for (k in n) printf "while down: %-20s %5d answers\n", k, n[k];
          for (p in m) printf "while down: slowest answer on %-10s %.2f s\n", p, m[p] }' \
    "$OUT/reads.txt" | sort
awk -v u="$UP" -v b="$BACK" 'BEGIN { printf "healthz ok again %.1f s after PostgreSQL was told to start\n", b - u }'
stop_server -KILL
check_acked
