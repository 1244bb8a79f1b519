#!/usr/bin/env bash
# Drill: backups taken while eight clients write lose nothing acknowledged (issue 12,
# point 8). Three times during the load: note how many writes had answered 201, take
# `habeas backup`, restore it into a new database and verify it; every write
# acknowledged before the backup began must be in the restored copy. For comparison,
# a plain `cp` of the live .db file is taken the same way (it misses what is still in
# the write-ahead log). Run: drills/backup-under-load.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
PORT=18305
KEY="$OUT/drill.key"
choose_db "${1:-sqlite}"
echo "== backups under write load on ${1:-sqlite}"
hb init >/dev/null
make_token
trap 'stop_load; stop_server -KILL' EXIT
start_server
start_load 8
status=0
for round in 1 2 3; do
    sleep 2
    cp "$OUT/acked.txt" "$OUT/acked-before-$round.txt"
    hb backup -o "$OUT/round-$round.backup" >/dev/null
    if [ "${1:-sqlite}" = sqlite ]; then cp "$DB" "$OUT/round-$round-cp.db"; fi
    restored="$OUT/restored-$round.db"
    "$BIN" --db "$restored" --key-file "$KEY" restore "$OUT/round-$round.backup" >"$OUT/restore-$round.txt"
    "$BIN" --db "$restored" --key-file "$KEY" export --format ndjson --level internal -o "$OUT/restored-$round.ndjson" 2>/dev/null
    sed -E 's/^\{"id":([0-9]+),.*"names":\[\{"text":"([^"]*)".*/\1 \2/' "$OUT/restored-$round.ndjson" | sort >"$OUT/restored-$round.txt"
    lost=$(sort "$OUT/acked-before-$round.txt" | comm -23 - "$OUT/restored-$round.txt" | wc -l)
    line="round $round: $(wc -l <"$OUT/acked-before-$round.txt") acknowledged before the backup, $(wc -l <"$OUT/restored-$round.txt") in it, lost $lost; $(tail -1 "$OUT/restore-$round.txt" | cut -c1-60)"
    if [ "${1:-sqlite}" = sqlite ]; then
        cp_people=$("$BIN" --db "$OUT/round-$round-cp.db" --key-file "$KEY" export --format ndjson --level internal 2>/dev/null | wc -l)
        line="$line; plain cp of the .db holds $cp_people"
    fi
    echo "$line"
    [ "$lost" = 0 ] || status=1
done
stop_load
exit $status
