#!/usr/bin/env bash
# tests/integration/shop_psql.sh BUILD_DIR SOURCE_DIR [CHAIN_DIR]
# Replays the example chain (testdata/shop) on a real PostgreSQL 15 with psql alone:
# every up part in topological order, then every down part in reverse, checking after
# each down that pg_dump --schema-only shows exactly the schema from before that
# revision's up, that no user object is left at the end, and that the chain applies again.
set -euo pipefail
SRC=$2
CHAIN=${3:-$SRC/testdata/shop}
. "$SRC/tests/pg.sh"
. "$SRC/tests/corpus.sh"

pg_start
pg_createdb shop >/dev/null
export PGDATABASE=shop PGOPTIONS="-c client_min_messages=warning"
WORK=$(mktemp -d /tmp/airlock-shop.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT

fail() { echo "shop_psql: FAIL: $*" >&2; exit 1; }

# run_part up|down FILE TX: one part through psql, stopping at the first error and
# showing psql's message with the original file name (the part keeps its line numbers).
run_part() {
    local dir=$1 file=$2 tx=$3 single=-1
    [ "$tx" = off ] && single=
    corpus_part "$dir" "$CHAIN/$file" >"$WORK/part.sql"
    if ! psql -X -q -v ON_ERROR_STOP=1 $single -f "$WORK/part.sql" >"$WORK/out" 2>"$WORK/err"; then
        sed "s|$WORK/part.sql|$CHAIN/$file|g" "$WORK/err" >&2
        fail "$dir part of $file failed"
    fi
    if [ -s "$WORK/err" ]; then # warnings are findings too in a careful team's chain
        sed "s|$WORK/part.sql|$CHAIN/$file|g" "$WORK/err" >&2
        fail "$dir part of $file printed warnings"
    fi
}

# pg_dump 15.14+ brackets its output with \restrict KEY lines, KEY random per run.
dump() { "$PG_BIN/pg_dump" --schema-only --no-owner -d shop | grep -Ev '^\\(un)?restrict ' >"$1"; }

# The revisions and their order come from the directives alone.
corpus_order "$CHAIN" >"$WORK/order" || fail "cannot order $CHAIN"
mapfile -t order <"$WORK/order"
n=${#order[@]}
[ "$n" -gt 0 ] || fail "no revisions in $CHAIN"
echo "shop_psql: $n revisions: $(cut -f2 "$WORK/order" | tr "\n" " ")"

# Up: remember the schema after each revision (dump.0 = empty database).
dump "$WORK/dump.0"
for ((i = 0; i < n; i++)); do
    IFS=$'\t' read -r file id tx <<<"${order[$i]}"
    run_part up "$file" "$tx"
    dump "$WORK/dump.$((i + 1))"
    cmp -s "$WORK/dump.$i" "$WORK/dump.$((i + 1))" || changed=1
done
[ "${changed:-0}" = 1 ] || fail "the up parts changed nothing"

# Down, newest first: each down must give back exactly the schema before its up.
for ((i = n - 1; i >= 0; i--)); do
    IFS=$'\t' read -r file id tx <<<"${order[$i]}"
    run_part down "$file" "$tx"
    dump "$WORK/after"
    if ! diff -u "$WORK/dump.$i" "$WORK/after" >"$WORK/diff"; then
        cat "$WORK/diff" >&2
        fail "down part of $file ($id) does not revert its up part (diff above: before up -> after down)"
    fi
done

# Nothing user-made may remain: relations, functions, types, schemas, extensions,
# constraints, triggers, policies, collations, operators.
leftover=$(psql -X -At -v ON_ERROR_STOP=1 <<'SQL'
WITH sys AS (
    SELECT oid FROM pg_namespace
    WHERE nspname IN ('pg_catalog', 'information_schema', 'pg_toast')
       OR nspname LIKE 'pg\_temp\_%' OR nspname LIKE 'pg\_toast\_temp\_%'
)
SELECT 'relation ' || oid::regclass FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'function ' || oid::regprocedure FROM pg_proc WHERE pronamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'type ' || oid::regtype FROM pg_type WHERE typnamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'schema ' || nspname FROM pg_namespace
WHERE oid NOT IN (SELECT oid FROM sys) AND nspname <> 'public'
UNION ALL
SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL
SELECT 'constraint ' || conname FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'trigger ' || tgname FROM pg_trigger
UNION ALL
SELECT 'policy ' || polname FROM pg_policy
UNION ALL
SELECT 'collation ' || collname FROM pg_collation WHERE collnamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'operator ' || oprname FROM pg_operator WHERE oprnamespace NOT IN (SELECT oid FROM sys)
UNION ALL
SELECT 'event trigger ' || evtname FROM pg_event_trigger;
SQL
)
[ -z "$leftover" ] || fail "objects left after every down part: $leftover"

# Repeatable: the chain applies again on the emptied database, to the same schema.
for ((i = 0; i < n; i++)); do
    IFS=$'\t' read -r file id tx <<<"${order[$i]}"
    run_part up "$file" "$tx"
done
dump "$WORK/again"
diff -u "$WORK/dump.$n" "$WORK/again" >&2 || fail "the second up gives a different schema"

echo "shop_psql: ok: $n up, $n down (each reverts exactly), nothing left, up again identical"
