#!/usr/bin/env bash
# Drill: a full disk loses nothing acknowledged (issue 12, point 6).
# The database lives on a 20 MB tmpfs (mounted here when run as root; otherwise the
# file is capped with SQLite's max_page_count, which fails the same way). Eight
# clients write people with 64 KiB biographies through the API until the disk is
# full and well past it; then the server is killed (-9), restarted on the same file,
# and every person that answered 201 must be there, no id twice, the chain intact.
# Run: drills/disk-full.sh
source "$(dirname "$0")/lib.sh"
PORT=18301
MNT="$OUT/disk"
mkdir -p "$MNT"
LIMIT=()
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=20m tmpfs "$MNT" 2>/dev/null; then
    trap 'stop_server -KILL; umount "$MNT" 2>/dev/null || true' EXIT
    echo "== database on a 20 MB tmpfs"
else
    trap 'stop_server -KILL' EXIT
    LIMIT=(--sqlite-max-pages 5000)
    echo "== not root: database capped at 5000 pages (20 MB) with max_page_count"
fi
DB="$MNT/drill.db"
KEY="$OUT/drill.key"
hb "${LIMIT[@]}" init >/dev/null
make_token
start_server "${LIMIT[@]}"
write_load 8 50 65536
echo "disk after the load: $(du -sh "$MNT" | cut -f1)"
curl -s -o /dev/null -w "healthz while full: %{http_code}\n" "http://127.0.0.1:$PORT/healthz"
stop_server -KILL
if [ "${#LIMIT[@]}" = 0 ]; then
    # Room again, as after an operator frees space; the WAL is replayed on open.
    mount -o remount,size=200m "$MNT"
fi
check_acked
