#!/usr/bin/env bash
# Drill: kill -9 under write load loses no acknowledged write (issue 12).
# Eight clients write people through the API; every few seconds the server is killed
# with SIGKILL mid-write and started again on the same database, five times. Every
# person that answered 201 must be there afterwards under its id, no id twice, and the
# audit chain must verify. Run: drills/kill-under-load.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
PORT=18302
KEY="$OUT/drill.key"
choose_db "${1:-sqlite}"
echo "== kill -9 under write load on ${1:-sqlite}"
hb init >/dev/null
make_token
trap 'stop_load; stop_server -KILL' EXIT
start_server
start_load 8
for round in 1 2 3 4 5; do
    sleep 3
    stop_server -KILL
    echo "round $round: killed with $(wc -l <"$OUT/acked.txt") acknowledged so far"
    start_server
done
sleep 2
stop_load
stop_server -KILL
check_acked
