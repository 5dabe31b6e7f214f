# apply_formats.sh - end to end for every layout airlock reads: the shop chain
# of testdata/formats/<layout>/shop is bundled by `airlock bundle`, applied by
# airlock-apply to a fresh PostgreSQL 15 database, and then
#   - `airlock introspect` of the database equals `airlock schema` of the chain,
#   - `airlock-apply status` has nothing pending and a rerun has nothing to do,
#   - the target records the head where the layout's tool would (alembic_version
#     for Alembic chains, airlock.history otherwise).
# goose's shop chain ends in a Go migration: bundling it is refused with a
# located message, and the SQL revisions before it are bundled instead. The
# shop chains hold deliberate hazards, hence --allow-findings.
. "$2/tests/apply_lib.sh" "$1" "$2"
AIRLOCK=$BUILD/airlock
expect_rc 0 "$AIRLOCK" keygen -o "$T/rel" --unencrypted
export SOURCE_DATE_EPOCH=1795514400

n=0
for fmt in native alembic alembic-sql dbmate diesel flyway golang-migrate goose sqitch; do
    if [ $fmt = native ]; then dir=$SRC/testdata/shop; else dir=$SRC/testdata/formats/$fmt/shop; fi
    to=head
    if [ $fmt = goose ]; then
        expect_rc 2 "$AIRLOCK" bundle "$dir" -f goose --from base --to head --key "$T/rel.key" -o "$T/g.airlock"
        grep -q 'holds code airlock could not translate to SQL: it cannot be bundled' "$T/err" ||
            fail "goose: Go migration not refused: $(cat "$T/err")"
        [ ! -e "$T/g.airlock" ] || fail "goose: a refused bundle was written"
        to=$("$AIRLOCK" chain -f goose "$dir" | awk '$1 == "revision" { print $2 }' | sed -n 11p)
    fi
    expect_rc 0 "$AIRLOCK" bundle "$dir" -f $fmt --from base --to "$to" --key "$T/rel.key" \
        -o "$T/$fmt.airlock" --sequence 1 --expires never --allow-findings
    DB=$(pg_createdb "f_${fmt//-/_}")
    A=(--trust "$T/rel.pub" --db "$DB")
    expect_rc 0 "$APPLY" "$T/$fmt.airlock" "${A[@]}"
    grep -q 'applied [0-9]* revisions; target is at' "$T/err" || fail "$fmt: $(cat "$T/err")"
    head=$(sed -n 's/.*target is at \([^ ]*\)$/\1/p' "$T/err")

    expect_rc 0 "$AIRLOCK" schema -f $fmt "$dir" --at "$to"
    mv "$T/out" "$T/$fmt.sim"
    expect_rc 0 "$AIRLOCK" introspect --db "$DB"
    diff -u "$T/$fmt.sim" "$T/out" >&2 || fail "$fmt: the applied schema differs from airlock schema"

    expect_rc 0 "$APPLY" status "$T/$fmt.airlock" "${A[@]}"
    grep -q '^pending: 0 revisions$' "$T/out" || fail "$fmt: status: $(cat "$T/out")"
    expect_rc 0 "$APPLY" "$T/$fmt.airlock" "${A[@]}"
    grep -q 'nothing to do' "$T/err" || fail "$fmt: rerun: $(cat "$T/err")"

    if [ $fmt = alembic ] || [ $fmt = alembic-sql ]; then
        [ "$(sql "$DB" "SELECT version_num FROM alembic_version")" = "$head" ] ||
            fail "$fmt: alembic_version is not $head"
    else
        [ "$(sql "$DB" "SELECT revision FROM airlock.history WHERE status = 'applied' ORDER BY id DESC LIMIT 1")" = "$head" ] ||
            fail "$fmt: airlock.history does not end at $head: $(history "$DB")"
    fi
    echo "apply_formats: $fmt: $(grep -c '^[^ ]' "$T/$fmt.sim") objects, applied schema = airlock schema"
    n=$((n + 1))
done
[ $n = 9 ] || fail "only $n layouts"
echo "apply_formats: ok"
