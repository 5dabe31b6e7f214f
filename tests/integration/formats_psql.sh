#!/usr/bin/env bash
# tests/integration/formats_psql.sh BUILD_DIR SOURCE_DIR
# Runs what airlock read from every testdata/formats/*/shop chain on a real
# PostgreSQL 15 (`airlock chain --sql`: each revision's statements as the tool
# would send them, in its transaction mode): every up part, then every down part
# in reverse, must succeed and leave no user object. For Alembic, the static
# reading of versions/*.py and the offline SQL Alembic prints for the same
# revisions (testdata/formats/alembic-sql/shop) must give the same schema
# (pg_dump --schema-only) after the upgrade, and after the downgrade.
set -euo pipefail
BUILD=$1 SRC=$2
AIRLOCK=$BUILD/airlock
. "$SRC/tests/pg.sh"
pg_start
export PGOPTIONS="-c client_min_messages=warning"
WORK=$(mktemp -d /tmp/airlock-formats.XXXXXX)
trap 'pg_stop; rm -rf "$WORK"' EXIT
cd "$SRC"

fail() { echo "formats_psql: FAIL: $*" >&2; exit 1; }

psql_file() { # DB FILE
    psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >"$WORK/out" 2>"$WORK/err" || {
        cat "$WORK/err" >&2
        return 1
    }
}

dump() { # DB -> stdout, without migration tools' bookkeeping tables
    "$PG_BIN/pg_dump" --schema-only --no-owner --exclude-table=alembic_version -d "$1" |
        grep -Ev '^\\(un)?restrict |^--|^$'
}

user_objects() { # DB: count of objects outside the system schemas
    psql -X -At -d "$1" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND c.relname <> 'alembic_version'
        UNION ALL SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND t.typrelid = 0
          AND t.typelem = 0" | awk '{ s += $1 } END { print s + 0 }'
}

# With the simulator built in, the simulated schema text of each chain must
# equal what PostgreSQL has after running it (diesel's diesel_manage_updated_at()
# creates its triggers with dynamic SQL, which no simulator sees: left out).
simulate=false
"$AIRLOCK" schema --help >/dev/null 2>&1 && "$AIRLOCK" introspect --help >/dev/null 2>&1 && simulate=true
n=0
for d in testdata/formats/*/shop; do
    fmt=$(basename "$(dirname "$d")")
    db=$(echo "$fmt" | tr - _)
    conn=$(pg_createdb "$db")
    "$AIRLOCK" chain "$d" --format "$fmt" --sql >"$WORK/$db.up.sql" 2>"$WORK/diag" ||
        { cat "$WORK/diag" >&2; fail "$d: airlock chain --sql"; }
    psql_file "$db" "$WORK/$db.up.sql" || fail "$fmt: the up SQL airlock read does not apply"
    dump "$db" >"$WORK/$db.schema"
    if $simulate && [ "$fmt" != diesel ]; then
        "$AIRLOCK" schema -f "$fmt" "$d" >"$WORK/$db.sim" 2>"$WORK/diag" || true
        "$AIRLOCK" introspect --db "$conn" >"$WORK/$db.live" || fail "$fmt: introspect"
        diff -u "$WORK/$db.live" "$WORK/$db.sim" >&2 ||
            fail "$fmt: the simulated schema differs from PostgreSQL's"
    fi
    "$AIRLOCK" chain "$d" --format "$fmt" --sql-down >"$WORK/$db.down.sql" 2>/dev/null || true
    if [ "$fmt" != flyway ]; then # Flyway's undo migrations cover only some versions
        psql_file "$db" "$WORK/$db.down.sql" || fail "$fmt: the down SQL airlock read does not apply"
        left=$(user_objects "$db")
        [ "$left" = 0 ] || fail "$fmt: $left user objects left after every down part"
    fi
    n=$((n + 1))
    echo "formats_psql: $fmt: up and down applied"
done

# Flyway chains with a configuration (flyway.conf / conf/flyway.toml next to
# the migrations, or --flyway-conf): the schemas Flyway creates and the
# search_path it sets are statements of the revisions, so both psql running
# `airlock chain --sql` and airlock-apply running a bundle must give the
# schema `airlock schema` simulates (the history table is left out of both).
if $simulate; then
    "$BUILD/airlock" keygen -o "$WORK/k" --unencrypted >/dev/null 2>&1 || fail "keygen"
    for d in testdata/formats/flyway/config-*/; do
        d=${d%/}
        name=$(basename "$d" | tr - _)
        for how in psql apply; do
            db="fw_${name}_$how"
            conn=$(pg_createdb "$db")
            if [ $how = psql ]; then
                "$AIRLOCK" chain "$d" --format flyway --sql >"$WORK/$db.sql" 2>"$WORK/diag" ||
                    { cat "$WORK/diag" >&2; fail "$d: airlock chain --sql"; }
                psql_file "$db" "$WORK/$db.sql" || fail "$d: the up SQL airlock read does not apply"
            else
                "$AIRLOCK" bundle "$d" -f flyway --from base --to head --key "$WORK/k.key" \
                    -o "$WORK/$db.airlock" --no-sum --created 0 >/dev/null 2>"$WORK/diag" ||
                    { cat "$WORK/diag" >&2; fail "$d: airlock bundle"; }
                "$BUILD/airlock-apply" "$WORK/$db.airlock" --trust "$WORK/k.pub" --db "$conn" \
                    --no-ledger >/dev/null 2>"$WORK/diag" ||
                    { cat "$WORK/diag" >&2; fail "$d: airlock-apply"; }
            fi
            "$AIRLOCK" schema -f flyway "$d" >"$WORK/$db.sim" 2>"$WORK/diag" ||
                { cat "$WORK/diag" >&2; fail "$d: airlock schema"; }
            "$AIRLOCK" introspect --db "$conn" >"$WORK/$db.live" || fail "$d: introspect"
            diff -u "$WORK/$db.live" "$WORK/$db.sim" >&2 ||
                fail "$d ($how): the simulated schema differs from PostgreSQL's"
            echo "formats_psql: $d applied with $how: schema as simulated"
        done
    done
    # --flyway-conf names the configuration instead of the files found with the chain
    conn=$(pg_createdb fw_override)
    printf 'flyway.defaultSchema=elsewhere\nflyway.placeholders.greeting=hi\nflyway.placeholders.retention=1 day\nflyway.placeholders.owner_role=postgres\nflyway.schemas=elsewhere,audit\n' \
        >"$WORK/other.conf"
    "$AIRLOCK" chain testdata/formats/flyway/config-conf --format flyway --flyway-conf "$WORK/other.conf" \
        --sql >"$WORK/override.sql" 2>"$WORK/diag" || { cat "$WORK/diag" >&2; fail "--flyway-conf"; }
    psql_file fw_override "$WORK/override.sql" || fail "--flyway-conf: the SQL does not apply"
    "$AIRLOCK" schema -f flyway --flyway-conf "$WORK/other.conf" testdata/formats/flyway/config-conf \
        >"$WORK/override.sim"
    "$AIRLOCK" introspect --db "$conn" >"$WORK/override.live"
    diff -u "$WORK/override.live" "$WORK/override.sim" >&2 || fail "--flyway-conf: schemas differ"
    grep -q '^table elsewhere.orders' "$WORK/override.sim" || fail "--flyway-conf: not in schema elsewhere"
fi

# Alembic: static reading vs the offline SQL of the same revisions
pg_createdb offline >/dev/null
psql_file offline testdata/formats/alembic-sql/shop/upgrade.sql || fail "alembic-sql upgrade.sql does not apply"
dump offline >"$WORK/offline.schema"
diff -u "$WORK/offline.schema" "$WORK/alembic.schema" >&2 ||
    fail "Alembic: the static reading and the offline SQL give different schemas"
# the offline upgrade, read back by airlock (bookkeeping left out), gives it too
pg_createdb offline2 >/dev/null
"$AIRLOCK" chain testdata/formats/alembic-sql/shop --format alembic-sql --sql >"$WORK/offline2.sql"
psql_file offline2 "$WORK/offline2.sql" || fail "alembic-sql as read by airlock does not apply"
dump offline2 | diff -u "$WORK/offline.schema" - >&2 ||
    fail "alembic-sql: airlock's reading differs from running the file"
psql_file offline testdata/formats/alembic-sql/shop/downgrade.sql || fail "alembic-sql downgrade.sql does not apply"
left=$(user_objects offline)
[ "$left" = 0 ] || fail "alembic-sql: $left user objects left after downgrade.sql"
echo "formats_psql: $n chains applied; Alembic static == offline SQL"
