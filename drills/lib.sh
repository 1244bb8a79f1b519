# Shared by the drills: build once, start and stop `habeas serve`, issue a token, and
# write people through the API from several clients at once, keeping every
# acknowledged id. Loopback only; every loop is bounded. Sourced, not run.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
OUT="${DRILL_OUT:-$ROOT/drill-out}/$(basename "$0" .sh)"
# A mount left by an interrupted run goes first.
awk -v o="$OUT/" 'index($2, o) == 1 {print $2}' /proc/mounts | xargs -r -n1 umount 2>/dev/null || true
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --release --quiet
BIN="$ROOT/target/release/habeas"
PASSWORD="correct horse battery staple"

# habeas with this drill's database and key: hb ARGS...
hb() { "$BIN" --db "$DB" --key-file "$KEY" "$@"; }

# Starts the server on $PORT in the background (extra flags pass through); sets SERVER.
start_server() {
    # Not through hb: $! must be the server itself, so kill -9 reaches it.
    "$BIN" --db "$DB" --key-file "$KEY" serve --addr "127.0.0.1:$PORT" "$@" \
        2>>"$OUT/serve.log" >/dev/null &
    SERVER=$!
    for _ in $(seq 1 150); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
        kill -0 "$SERVER" 2>/dev/null || break
        sleep 0.2
    done
    echo "the server did not start; see $OUT/serve.log" >&2
    return 1
}

stop_server() {
    kill "${1:--TERM}" "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}

# An editor account and its API token; sets TOKEN.
make_token() {
    echo "$PASSWORD" | hb user add --login drill --role editor >/dev/null
    TOKEN=$(hb user token drill | tail -1)
}

# One writer: POSTs $2 people named "Drill W$1 N" with a bio of $3 bytes; appends
# "id name" to acked.txt for each 201 and the status of every other answer to
# refused.txt. Connection failures count as refused (code 000).
writer() {
    local w=$1 count=$2 size=$3 bio i code body
    bio=$(head -c "$size" /dev/zero | tr '\0' 'x')
    for i in $(seq 1 "$count"); do
        body=$(curl -s -m 30 -o "$OUT/w$w.body" -w '%{http_code}' \
            -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            -d "{\"names\":[{\"text\":\"Drill W$w N$i\"}],\"bio\":{\"value\":\"$bio\"}}" \
            "http://127.0.0.1:$PORT/api/v1/people" || true)
        code=${body:-000}
        if [ "$code" = 201 ]; then
            echo "$(sed -E 's/.*"id":([0-9]+).*/\1/' "$OUT/w$w.body") Drill W$w N$i" >>"$OUT/acked.txt"
        else
            echo "$code $(head -c 200 "$OUT/w$w.body" 2>/dev/null | tr '\n' ' ')" >>"$OUT/refused.txt"
        fi
    done
}

# $1 writers of $2 people each, bios of $3 bytes, all at once.
write_load() {
    : >"$OUT/acked.txt"
    : >"$OUT/refused.txt"
    local pids=() w
    for w in $(seq 1 "$1"); do
        writer "$w" "$2" "$3" &
        pids+=($!)
    done
    wait "${pids[@]}"
}

# Checks every acknowledged person is in the database under its id, that no id was
# acknowledged twice, and that the audit chain verifies. Prints the counts; returns
# non-zero on any loss.
check_acked() {
    local listed lost=0 dup
    hb export --format ndjson --level internal -o "$OUT/after.ndjson"
    listed="$OUT/listed.txt"
    sed -E 's/^\{"id":([0-9]+),.*"names":\[\{"text":"([^"]*)".*/\1 \2/' "$OUT/after.ndjson" | sort >"$listed"
    while read -r line; do
        grep -qxF "$line" "$listed" || { lost=$((lost + 1)); echo "lost: $line" >&2; }
    done <"$OUT/acked.txt"
    dup=$(cut -d' ' -f1 "$OUT/acked.txt" | sort | uniq -d | wc -l)
    echo "acknowledged $(wc -l <"$OUT/acked.txt"), refused $(wc -l <"$OUT/refused.txt"), lost $lost, ids acknowledged twice $dup"
    echo "refusals by status: $(cut -d' ' -f1 "$OUT/refused.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
    hb audit verify
    [ "$lost" = 0 ] && [ "$dup" = 0 ]
}

# A fresh PostgreSQL database for this drill on the local server; sets DB to its URL.
# The server is the one in HABEAS_DRILL_PG_URL (default: the local test database).
fresh_pg_db() {
    local admin="${HABEAS_DRILL_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
    local name="habeas_drill_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')"
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
    DB="${admin%/*}/$name"
}

# Writes from $1 clients in the background until stopped; sets LOAD (pids).
start_load() {
    : >"$OUT/acked.txt"
    : >"$OUT/refused.txt"
    LOAD=()
    local w
    for w in $(seq 1 "$1"); do
        writer "$w-$RANDOM" "${2:-100000}" "${3:-200}" &
        LOAD+=($!)
    done
}

stop_load() {
    kill "${LOAD[@]}" 2>/dev/null || true
    wait "${LOAD[@]}" 2>/dev/null || true
}

# The drill's database from its first argument: a SQLite file (default) or a fresh
# PostgreSQL database; sets DB.
choose_db() {
    case "${1:-sqlite}" in
        sqlite) DB="$OUT/drill.db" ;;
        postgres) fresh_pg_db ;;
        *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
    esac
}
