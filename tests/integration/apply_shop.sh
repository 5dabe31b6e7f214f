# apply_shop.sh - end to end: the example chain testdata/shop (branch, merge,
# functions, views, RLS, a tx=off revision with CREATE INDEX CONCURRENTLY) is
# bundled by `airlock bundle` from base to head, applied by airlock-apply to a
# real PostgreSQL 15, then a downgrade bundle (head -> base) takes the database
# back to empty, and the up bundle's successor applies again to the same schema.
# The drift check compares the live schema (introspection) with the bundle's
# expected text before each run; a hand-made hotfix is refused as drift.
. "$2/tests/apply_lib.sh" "$1" "$2"
AIRLOCK=$BUILD/airlock
expect_rc 0 "$AIRLOCK" keygen -o "$T/rel" --unencrypted
export SOURCE_DATE_EPOCH=1795514400
expect_rc 0 "$AIRLOCK" bundle "$SRC/testdata/shop" --from base --to head --key "$T/rel.key" \
    -o "$T/up.airlock" --sequence 1 --expires never
expect_rc 0 "$AIRLOCK" bundle "$SRC/testdata/shop" --from head --to base --key "$T/rel.key" \
    -o "$T/down.airlock" --sequence 2 --expires never
expect_rc 0 "$AIRLOCK" bundle "$SRC/testdata/shop" --from base --to head --key "$T/rel.key" \
    -o "$T/up3.airlock" --sequence 3 --expires never
nrev=$(ls "$SRC"/testdata/shop/*.sql | wc -l)

DB=$(pg_createdb shop)
A=(--trust "$T/rel.pub" --db "$DB")
expect_rc 0 "$APPLY" status "$T/up.airlock" "${A[@]}"
grep -q "^pending: $nrev revisions$" "$T/out" || fail "status: $(cat "$T/out")"
expect_rc 0 "$APPLY" "$T/up.airlock" "${A[@]}"
grep -q "applied $nrev revisions" "$T/err" || fail "up: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT count(*) FROM airlock.history WHERE status = 'applied'")" = "$nrev" ] ||
    fail "history: $(history "$DB")"
[ "$(sql "$DB" "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" = 0 ] || fail "INVALID index after up"
[ "$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")" -gt 5 ] ||
    fail "the shop schema is not there"
schema_up=$(schema_dump "$DB")

# drift: a hotfix made by hand is refused, shown as a diff, nothing executed
sql "$DB" "ALTER TABLE customers ADD COLUMN hotfix int"
expect_rc 8 "$APPLY" "$T/down.airlock" "${A[@]}"
grep -q '^+  column hotfix integer$' "$T/out" || fail "drift diff: $(cat "$T/out")"
grep -q 'drift: the live schema differs from the schema the bundle expects before its first revision' "$T/err" ||
    fail "drift message: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT count(*) FROM airlock.history")" = "$nrev" ] || fail "a refused bundle wrote history"
sql "$DB" "ALTER TABLE customers DROP COLUMN hotfix"
expect_rc 0 "$APPLY" "$T/down.airlock" "${A[@]}"
grep -q "applied $nrev revisions; target is at base" "$T/err" || fail "down: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")" = 0 ] ||
    fail "down left objects: $(sql "$DB" "SELECT string_agg(relname, ',') FROM pg_class WHERE relnamespace = 'public'::regnamespace")"
expect_rc 7 "$APPLY" "$T/up.airlock" "${A[@]}"
expect_rc 0 "$APPLY" "$T/up3.airlock" "${A[@]}"
[ "$(schema_dump "$DB")" = "$schema_up" ] || fail "up, down, up gives another schema"
echo "apply_shop: ok"
