#!/usr/bin/env bash
# Drill: a seized disk reveals no restricted record (issue 12, point 1). Restricted
# records are written through the CLI with a marker in every text field (including
# fields whose own level is public), one record is made restricted after it was
# written in clear, the server writes a while under load; then the database file and
# its write-ahead log (SQLite), or a pg_dump (PostgreSQL), are searched for the
# markers. Expected: 0 found, while the key file opens every one of them.
# Run: drills/seized-disk.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"
KEY="$OUT/drill.key"
choose_db "${1:-sqlite}"
M=zqseized
hb init >/dev/null
hb demo --people 200 >/dev/null
p=$(hb person add --name "Zqseized Person" --level restricted --bio "$M-bio" --bio-level public \
    --note "$M-note" --affiliation "$M-affiliation" --contact "$M-contact")
c=$(hb case add --person "$p" --arrested 2024-03-01 --place "$M-place" --court "$M-court" \
    --facility "$M-facility" --charge "9ZQSEIZED=$M-charge" --pace a --pace-reasoning "$M-reasoning" \
    --pace-assessor "$M-assessor")
hb event add --case "$c" --kind transferred --date 2024-04-01 --facility "$M-event-facility" \
    --details "$M-details" >/dev/null
q=$(hb person add --name "Leyla Məmmədova")
rc=$(hb case add --person "$q" --arrested 2024-03-01 --level restricted --place "$M-rc-place")
hb event add --case "$rc" --kind hearing --date 2024-05-01 --details "$M-rc-details" >/dev/null
# Written in clear as internal, then made restricted.
l=$(hb person add --name "Zqseized Later" --level internal --bio "$M-later-bio")
lc=$(hb case add --person "$l" --arrested 2024-03-01 --level internal --place "$M-later-place")
hb event add --case "$lc" --kind hearing --date 2024-05-01 --level internal --details "$M-later-details" >/dev/null
PORT=18306
make_token
trap 'stop_server -KILL' EXIT
start_server
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"names\":[{\"text\":\"Zqseized Later\"}],\"bio\":{\"value\":\"$M-later-bio\"},\"level\":\"restricted\"}" \
    "http://127.0.0.1:$PORT/api/v1/people/$l"
# The server is still running: its write-ahead log is searched as it stands.
shown=$(hb person show "$p"; hb person show "$l")
opened=$(grep -o "$M-[a-z-]*" <<<"$shown" | sort -u | wc -l)
if [ "${1:-sqlite}" = sqlite ]; then
    files=("$DB" "$DB-wal")
else
    pg_dump --no-owner "$DB" >"$OUT/dump.sql"
    files=("$OUT/dump.sql")
fi
found=0
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    n=$({ grep -aoi "$M" "$f" || true; } | wc -l)
    echo "$(basename "$f"): $(stat -c %s "$f") bytes, $n marker(s)"
    found=$((found + n))
done
stop_server -KILL
echo "markers found on disk: $found; distinct markers the key file opens: $opened"
[ "$found" = 0 ] && [ "$opened" -ge 8 ]
