#!/usr/bin/env bash
# Drill: every kind of tampering behind habeas's back is named by `audit verify`
# (issue 12, point 7): altered, removed and appended entries, a MAC stripped, and the
# access tables (a token planted or raised, an account added or raised, a password
# hash replaced, a second factor removed, the policy relaxed, a review decision
# changed or removed). Each kind runs on a fresh database; the table below is what
# verify said. With HABEAS_TEST_PG_URL set, PostgreSQL too.
# Run: drills/audit-tamper.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test app -- --nocapture --test-threads 1 \
    audit::every_kind_of_tamper_is_named audit::an_appended_entry_and_a_planted_token_are_refused \
    2>&1 | grep -oE 'tamper:.*|test result.*|FAILED.*|panicked.*'
