#!/usr/bin/env bash
# Drill: a login flood cannot lock the owner out (issue 12, point 11).
# 2,000 wrong passwords for the admin account from 127.0.0.1, eight at a time; while
# the flood runs, the admin logs in from 127.0.0.2 (another address on loopback) with
# the right password. Then the same behind a reverse proxy (--trusted-proxy
# 127.0.0.1), where the attacker and the owner differ only in X-Forwarded-For.
# Expected: the flood gets 429 after ten tries, the owner gets in each time.
# Run: drills/login-flood.sh
source "$(dirname "$0")/lib.sh"
PORT=18304
DB="$OUT/drill.db"
KEY="$OUT/drill.key"
hb init >/dev/null
echo "$PASSWORD" | hb user add --login admin --role admin >/dev/null
U="http://127.0.0.1:$PORT"

# One login: $1 password, then curl options; prints "status seconds".
login() {
    local pw=$1
    shift
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -m 30 "$@" \
        -b 'habeas_login_csrf=drill' \
        --data-urlencode 'login=admin' --data-urlencode "password=$pw" -d 'csrf=drill' \
        "$U/login"
}
export -f login
export U

flood_and_owner() {
    local label=$1 attacker=$2 owner=$3
    : >"$OUT/flood.txt"
    seq 1 2000 | xargs -P 8 -I{} bash -c "login 'wrong guess {}' $attacker" >>"$OUT/flood.txt" &
    local flood=$!
    sleep 1
    local owner_answer
    owner_answer=$(login "$PASSWORD" $owner)
    wait "$flood"
    echo "$label: flood $(cut -d' ' -f1 "$OUT/flood.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ';') owner during the flood: $owner_answer"
    [ "${owner_answer%% *}" = 303 ]
}

trap 'stop_server -KILL' EXIT
start_server
flood_and_owner "direct" "" "--interface 127.0.0.2"
stop_server
start_server --trusted-proxy 127.0.0.1
flood_and_owner "behind a proxy" "-H X-Forwarded-For:203.0.113.9" "-H X-Forwarded-For:198.51.100.4"
