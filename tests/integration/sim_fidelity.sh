#!/usr/bin/env bash
# tests/integration/sim_fidelity.sh BUILD_DIR SOURCE_DIR
# The simulator's acceptance test: PostgreSQL 15 must agree with it.
#  1. Schema fidelity: every chain (testdata/shop, testdata/sim, testdata/sim-fidelity/*)
#     is applied to a fresh database of a real PostgreSQL 15 (each up part with psql,
#     in one transaction unless the revision says 'transaction off'); then
#     `airlock introspect` of that database must equal `airlock schema` of the chain
#     byte for byte. Prints per chain the objects (blocks) that match.
#  2. Error fidelity: for every case of testdata/sim-errors (setup statements and one
#     final statement PostgreSQL rejects, the SQLSTATE on its first line - proven by
#     sim_errors_psql.sh) and of testdata/sim-data-errors (the simulator's own cases,
#     mostly errors caused by rows the chain inserted - proven against PostgreSQL
#     here), the simulator's predicted SQLSTATE of the final
#     statement must equal PostgreSQL's. Prints the match rates; fails below
#     MIN_ERROR_RATE %.
#  3. Round trip: for the shop chain, every revision's down part restores the schema
#     its up part started from, and head -> base -> head gives the same schema
#     (`airlock schema --roundtrip` reports none).
set -euo pipefail
BUILD=$1
SRC=$2
AIRLOCK=$BUILD/airlock
MIN_ERROR_RATE=${MIN_ERROR_RATE:-85}
. "$SRC/tests/pg.sh"
. "$SRC/tests/corpus.sh"

pg_start
WORK=$(mktemp -d /tmp/airlock-fidelity.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
fail=0

# block_count FILE: number of top-level objects in a schema text
block_count() { grep -c '^[^ ]' "$1" || true; }

# blocks FILE: one line per object (block), members joined, for set comparison
blocks() { awk '/^[^ ]/ { if (b != "") print b; b = $0; next } { b = b "\x1f" $0 } END { if (b != "") print b }' "$1" | sort; }

check_chain() {
    local name=$1 dir=$2 db conn
    db="fid_$(echo "$name" | tr -c 'a-z0-9\n' '_')"
    conn=$(pg_createdb "$db")
    corpus_order "$dir" >"$WORK/order"
    while IFS=$'\t' read -r file id tx; do
        corpus_part up "$dir/$file" >"$WORK/part.sql"
        local single=-1
        [ "$tx" = off ] && single=
        if ! psql -X -q -v ON_ERROR_STOP=1 $single -d "$db" -f "$WORK/part.sql" >/dev/null 2>"$WORK/psql.err"; then
            echo "sim_fidelity: $name: PostgreSQL rejected $file:" >&2
            cat "$WORK/psql.err" >&2
            fail=1
            return
        fi
    done <"$WORK/order"
    "$AIRLOCK" introspect --db "$conn" >"$WORK/real.txt"
    local rc=0
    "$AIRLOCK" schema "$dir" >"$WORK/sim.txt" 2>"$WORK/sim.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "sim_fidelity: $name: airlock schema exited $rc:" >&2
        head -40 "$WORK/sim.err" >&2
        fail=1
    fi
    blocks "$WORK/real.txt" >"$WORK/real.blocks"
    blocks "$WORK/sim.txt" >"$WORK/sim.blocks"
    local total same
    total=$(wc -l <"$WORK/real.blocks")
    same=$(comm -12 "$WORK/real.blocks" "$WORK/sim.blocks" | wc -l)
    if cmp -s "$WORK/real.txt" "$WORK/sim.txt"; then
        echo "sim_fidelity: $name: $same/$total objects match, schema text identical ($(wc -l <"$WORK/real.txt") lines)"
    else
        echo "sim_fidelity: $name: $same/$total objects match; differences (< PostgreSQL, > simulator):"
        diff "$WORK/real.txt" "$WORK/sim.txt" | head -60 || true
        fail=1
    fi
}

check_chain shop "$SRC/testdata/shop"
check_chain sim "$SRC/testdata/sim"
for d in "$SRC"/testdata/sim-fidelity/*/; do
    check_chain "$(basename "$d")" "${d%/}"
done
stmts=0
for f in "$SRC"/testdata/sim/*.sql; do stmts=$((stmts + $(corpus_stmts "$f" | wc -l))); done
echo "sim_fidelity: testdata/sim has $stmts statements"

# 2. errors
# score_errors NAME DIR: the simulator's SQLSTATE of each case against the expected one
score_errors() {
    local name=$1 dir=$2 total=0 ok=0 rate
    "$BUILD/tests/sim_sqlstate" "$dir"/*.sql >"$WORK/errors.tsv"
    while IFS=$'\t' read -r file got rest; do
        want=$(sed -n '1s/^-- expect-sqlstate: \([0-9A-Z]\{5\}\).*/\1/p' "$file")
        total=$((total + 1))
        if [ "$got" = "$want" ]; then
            ok=$((ok + 1))
        else
            echo "  $(basename "$file"): PostgreSQL $want, simulator ${got}${rest:+ ($rest)}"
        fi
    done <"$WORK/errors.tsv"
    rate=$((ok * 100 / total))
    echo "sim_fidelity: $name: $ok/$total SQLSTATEs match ($rate%)"
    err_total=$((err_total + total))
    err_ok=$((err_ok + ok))
}

# prove_cases DIR: PostgreSQL itself must reject each case's final statement with the
# SQLSTATE on its first line (testdata/sim-errors is proven by sim_errors_psql.sh)
prove_cases() {
    local dir=$1 f want got
    pg_createdb prove >/dev/null
    for f in "$dir"/*.sql; do
        want=$(sed -n '1s/^-- expect-sqlstate: \([0-9A-Z]\{5\}\).*/\1/p' "$f")
        got=$(printf "BEGIN;\n\\i '%s'\nROLLBACK;\n" "$f" |
            psql -X -q -d prove -v ON_ERROR_STOP=1 -v VERBOSITY=verbose 2>&1 >/dev/null |
            sed -n 's/^psql:.*: ERROR:  \([0-9A-Z]\{5\}\): .*/\1/p' | head -1) || true
        if [ "$got" != "$want" ]; then
            echo "sim_fidelity: FAIL: $(basename "$f"): PostgreSQL says ${got:-nothing}, the case expects $want" >&2
            fail=1
        fi
    done
}

err_total=0 err_ok=0
score_errors "error corpus (testdata/sim-errors)" "$SRC/testdata/sim-errors"
prove_cases "$SRC/testdata/sim-data-errors"
score_errors "data error corpus (testdata/sim-data-errors)" "$SRC/testdata/sim-data-errors"
rate=$((err_ok * 100 / err_total))
echo "sim_fidelity: error corpora together: $err_ok/$err_total SQLSTATEs match ($rate%)"
[ "$err_total" -ge 80 ] || { echo "sim_fidelity: FAIL: only $err_total error cases" >&2; fail=1; }
[ "$rate" -ge "$MIN_ERROR_RATE" ] || { echo "sim_fidelity: FAIL: error match rate below $MIN_ERROR_RATE%" >&2; fail=1; }

# 3. round trips
rt=0
"$AIRLOCK" schema --roundtrip "$SRC/testdata/shop" >/dev/null 2>"$WORK/rt.err" || rt=$?
if [ "$rt" -ne 0 ] || grep -q 'downgrade-not-reverting' "$WORK/rt.err"; then
    echo "sim_fidelity: FAIL: round trip of testdata/shop:" >&2
    head -40 "$WORK/rt.err" >&2
    fail=1
else
    echo "sim_fidelity: round trip: every down part of testdata/shop restores its schema; head -> base -> head is stable"
fi

[ "$fail" -eq 0 ] || { echo "sim_fidelity: FAIL" >&2; exit 1; }
echo "sim_fidelity: ok"
