#!/usr/bin/env bash
# tests/integration/sim_corpus_psql.sh BUILD_DIR SOURCE_DIR [CORPUS_DIR]
# Proves that every statement of the simulator corpus (testdata/sim, a linear native
# chain) is accepted by PostgreSQL 15: each file in order, in one transaction unless it
# says '-- airlock:transaction off', with ON_ERROR_STOP. Counts the statements with the
# splitter in tests/corpus.sh, checks the count against what the server logged, and
# requires at least 300.
set -euo pipefail
SRC=$2
CORPUS=${3:-$SRC/testdata/sim}
MIN=300
. "$SRC/tests/pg.sh"
. "$SRC/tests/corpus.sh"

pg_start
pg_createdb sim >/dev/null
WORK=$(mktemp -d /tmp/airlock-sim.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
export PGDATABASE=sim
LOG=$PG_TMP/data/server.log

fail() { echo "sim_corpus_psql: FAIL: $*" >&2; exit 1; }
logged() { grep -c 'LOG:  statement: ' "$LOG" || true; }

corpus_order "$CORPUS" >"$WORK/order" || fail "cannot order $CORPUS"
total=0 files=0
while IFS=$'\t' read -r file id tx; do
    n=$(corpus_stmts "$CORPUS/$file" | wc -l)
    [ "$n" -gt 0 ] || fail "$file has no statement"
    single=-1 extra=2 # psql -1 sends BEGIN and COMMIT around the file
    [ "$tx" = off ] && single= extra=0
    before=$(logged)
    # log_statement=all in this session only: the server log then has one
    # "statement:" line per statement psql sent, which checks the splitter.
    if ! PGOPTIONS="-c client_min_messages=warning -c log_statement=all" \
        psql -X -q -v ON_ERROR_STOP=1 $single -f "$CORPUS/$file" >"$WORK/out" 2>"$WORK/err"; then
        cat "$WORK/err" >&2
        fail "$file: PostgreSQL rejected a statement (above)"
    fi
    if [ -s "$WORK/err" ]; then
        cat "$WORK/err" >&2
        fail "$file: warnings (above)"
    fi
    sent=$(($(logged) - before - extra))
    [ "$sent" -eq "$n" ] || fail "$file: the splitter counts $n statements, psql sent $sent"
    total=$((total + n)) files=$((files + 1))
done <"$WORK/order"

echo "sim_corpus_psql: $total statements in $files files accepted by PostgreSQL $(psql -XAtc 'SHOW server_version')"
[ "$total" -ge "$MIN" ] || fail "only $total statements, want >= $MIN"
