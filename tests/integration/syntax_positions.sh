#!/usr/bin/env bash
# A syntax error's line and column as airlock reports them must equal the ones
# PostgreSQL's own parser reports for the same text. Each testdata/positions file
# is sent to a real PostgreSQL 15 as one query string (so the server's error
# position counts from the file's first character); tests/helpers/pg_errpos turns
# the server's position into line and column, compared with
# `airlock lint FILE --output json`.
set -u
build=$1 src=$2
. "$src/tests/pg.sh"
pg_start || exit 1
pass=0 fail=0
for f in "$src"/testdata/positions/*.sql; do
    name=$(basename "$f")
    pg=$("$build/tests/pg_errpos" "$PG_CONNINFO" "$f") || {
        echo "FAIL $name: PostgreSQL reported no error position"; fail=$((fail + 1)); continue
    }
    pg_line=${pg%% *}; rest=${pg#* }; pg_col=${rest%% *}
    json=$("$build/airlock" lint "$f" --output json)
    al_line=$(printf '%s\n' "$json" | grep -m1 '"rule": "syntax-error"' | sed 's/.*"line": \([0-9]*\), "column": \([0-9]*\).*/\1/')
    al_col=$(printf '%s\n' "$json" | grep -m1 '"rule": "syntax-error"' | sed 's/.*"line": \([0-9]*\), "column": \([0-9]*\).*/\2/')
    if [ "$pg_line:$pg_col" = "$al_line:$al_col" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL $name: PostgreSQL $pg_line:$pg_col, airlock ${al_line:-?}:${al_col:-?}"
        fail=$((fail + 1))
    fi
done
echo "syntax_positions: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
