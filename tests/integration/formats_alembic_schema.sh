#!/usr/bin/env bash
# tests/integration/formats_alembic_schema.sh BUILD_DIR SOURCE_DIR
# The Alembic pair: the simulated schema text of testdata/formats/alembic/shop
# (versions/*.py read statically) must equal that of testdata/formats/alembic-sql/shop
# (the offline SQL Alembic prints for the same revisions), at every revision.
# (formats_psql.sh checks the same on a real PostgreSQL.) Needs `airlock schema`
# from the simulator; until it is built in, the test says so and passes.
set -euo pipefail
BUILD=$1 SRC=$2
AIRLOCK=$BUILD/airlock
cd "$SRC"
if ! "$AIRLOCK" schema --help >/dev/null 2>&1; then
    echo "formats_alembic_schema: skipped: this build has no 'airlock schema'"
    exit 0
fi
revs=$("$AIRLOCK" chain testdata/formats/alembic/shop --format alembic --color never |
    awk '/^revision /{ print $2 }')
n=0
for rev in $revs; do
    a=$("$AIRLOCK" schema --at "$rev" -f alembic testdata/formats/alembic/shop)
    # options after the directory too, as `airlock schema DIR [--at REV]` documents
    b=$("$AIRLOCK" schema testdata/formats/alembic-sql/shop --at "$rev" --format alembic-sql)
    if [ "$a" != "$b" ]; then
        echo "formats_alembic_schema: FAIL at $rev" >&2
        diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -40 >&2
        exit 1
    fi
    n=$((n + 1))
done
[ "$n" -ge 8 ] || { echo "formats_alembic_schema: only $n revisions" >&2; exit 1; }
echo "formats_alembic_schema: $n revisions, same schema text"
