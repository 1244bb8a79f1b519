#!/usr/bin/env bash
# Drill: no marker reaches a reader above its level (issue 12, point 3). Markers are
# planted in every field at every level; every staff page is crawled for every planted
# record as every role (and as an editor without a second factor), and every staff
# form is posted with a valid CSRF token per role; then every public page, export and
# file is searched for any non-public marker. With HABEAS_TEST_PG_URL set, PostgreSQL
# too. Run: drills/canary-crawl.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test app -- --nocapture --test-threads 1 \
    authz::every_staff_page_obeys_the_readers_level canary:: seized:: \
    2>&1 | grep -oE 'crawl:.*|test result.*|FAILED.*|panicked.*'
