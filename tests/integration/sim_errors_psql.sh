#!/usr/bin/env bash
# tests/integration/sim_errors_psql.sh BUILD_DIR SOURCE_DIR [CASES_DIR]
# Proves every case of testdata/sim-errors against PostgreSQL 15: each file runs alone
# on a fresh database; its setup statements must succeed and its final statement must
# fail with exactly the SQLSTATE named on its first line ('-- expect-sqlstate: XXXXX').
# Cases run a few at a time, each in its own database; prints 'N/N cases match'.
set -euo pipefail
SRC=$2
CASES=${3:-$SRC/testdata/sim-errors}
MIN=90
JOBS=${AIRLOCK_TEST_JOBS:-4}
. "$SRC/tests/pg.sh"
. "$SRC/tests/corpus.sh"

pg_start
WORK=$(mktemp -d /tmp/airlock-simerr.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
export PGOPTIONS="-c client_min_messages=warning"

# needs_fresh FILE: a case that manages transactions itself, or whose statements refuse
# (or behave differently in) a transaction block, runs on a database of its own.
needs_fresh() {
    [ "${AIRLOCK_SIMERR_FRESH:-0}" = 1 ] ||
        grep -Eiq '^[[:space:]]*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|END)[[:space:]]*;|CONCURRENTLY|^[[:space:]]*(VACUUM|REINDEX|CLUSTER|CREATE DATABASE|DROP DATABASE|ALTER SYSTEM)' "$1"
}

# run_case FILE WORKER_DB: writes "ok" or "FAIL: why" to $WORK/<case>.result.
# Most cases run inside BEGIN ... ROLLBACK on the worker's own empty database, which
# leaves it as empty as a fresh one (a case that wrongly succeeds is rolled back too);
# the others get a database created from template0 and dropped afterwards.
run_case() {
    local path=$1 wdb=$2 name db expect stmts first last err line code rc
    name=$(basename "$path" .sql)
    exec >"$WORK/$name.result" 2>&1
    expect=$(sed -n '1s/^-- expect-sqlstate: \([0-9A-Z]\{5\}\)[[:space:]]*$/\1/p' "$path")
    [ -n "$expect" ] || { echo "FAIL: first line is not '-- expect-sqlstate: XXXXX'"; return; }
    stmts=$(corpus_stmts "$path")
    [ -n "$stmts" ] || { echo "FAIL: no statement"; return; }
    first=$(tail -n1 <<<"$stmts" | cut -f1)
    last=$(tail -n1 <<<"$stmts" | cut -f2)
    rc=0
    if needs_fresh "$path"; then
        db="case_${name%%_*}"
        psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0" >/dev/null 2>"$WORK/$name.createdb" ||
            { echo "FAIL: cannot create database: $(cat "$WORK/$name.createdb")"; return; }
        psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -f "$path" >/dev/null 2>"$WORK/$name.err" || rc=$?
        psql -X -q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1 || true
    else
        printf "BEGIN;\n\\i '%s'\nROLLBACK;\n" "$path" |
            psql -X -q -d "$wdb" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose >/dev/null 2>"$WORK/$name.err" || rc=$?
    fi
    if [ "$rc" -eq 0 ]; then
        echo "FAIL: PostgreSQL accepted the final statement (want $expect)"
        return
    fi
    # psql:FILE:LINE: ERROR:  XXXXX: message   (the first error stops the script)
    err=$(grep -m1 '^psql:.*: ERROR:  ' "$WORK/$name.err" || true)
    line=$(sed -n 's/^psql:.*:\([0-9]\{1,\}\): ERROR:  .*/\1/p' <<<"$err")
    code=$(sed -n 's/^psql:.*: ERROR:  \([0-9A-Z]\{5\}\): .*/\1/p' <<<"$err")
    if [ -z "$err" ] || [ -z "$line" ] || [ -z "$code" ]; then
        echo "FAIL: no located ERROR with a SQLSTATE from psql (exit $rc): $(head -c 300 "$WORK/$name.err")"
    elif [ "$line" -lt "$first" ] || [ "$line" -gt "$last" ]; then
        echo "FAIL: setup failed at line $line (final statement is lines $first-$last): ${err#psql:*: }"
    elif [ "$code" != "$expect" ]; then
        echo "FAIL: got $code, want $expect: ${err#psql:*: ERROR:  }"
    else
        echo ok
    fi
}

mapfile -t files < <(ls "$CASES"/*.sql | sort -V)
total=${#files[@]}
[ "$total" -gt 0 ] || { echo "sim_errors_psql: no cases in $CASES" >&2; exit 1; }

# JOBS workers, each with its own empty database, take every JOBS-th case.
for ((k = 0; k < JOBS; k++)); do
    pg_createdb "worker_$k" >/dev/null
    (
        for ((i = k; i < total; i += JOBS)); do
            (run_case "${files[$i]}" "worker_$k")
        done
    ) &
done
wait

# The rolled-back cases must have left the worker databases empty.
for ((k = 0; k < JOBS; k++)); do
    left=$(psql -X -At -d "worker_$k" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")
    [ "$left" = 0 ] || { echo "sim_errors_psql: FAIL: worker_$k kept $left relations" >&2; exit 1; }
done

matched=0
for f in "${files[@]}"; do
    name=$(basename "$f" .sql)
    result=$(cat "$WORK/$name.result" 2>/dev/null || echo "FAIL: no result")
    if [ "$result" = ok ]; then
        matched=$((matched + 1))
    else
        echo "sim_errors_psql: $name: $result" >&2
    fi
done
echo "sim_errors_psql: $matched/$total cases match"
[ "$matched" -eq "$total" ] || exit 1
[ "$total" -ge "$MIN" ] || { echo "sim_errors_psql: FAIL: only $total cases, want >= $MIN" >&2; exit 1; }
