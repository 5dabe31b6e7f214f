# apply_copy.sh - COPY ... FROM STDIN data in a native revision: the reader keeps
# the data lines out of the statements (so they are neither parsed nor linted as
# SQL), `airlock bundle` carries them in the gap after the COPY statement, and
# airlock-apply sends them through libpq's copy protocol.
. "$2/tests/apply_lib.sh" "$1" "$2"
AIRLOCK=$BUILD/airlock
expect_rc 0 "$AIRLOCK" check "$SRC/testdata/copy"
expect_rc 0 "$AIRLOCK" chain "$SRC/testdata/copy"
grep -q ' COPY countries (code, name) FROM STDIN$' "$T/out" || fail "COPY statement: $(cat "$T/out")"
grep -q 'Netherlands' "$T/out" && fail "COPY data read as a statement: $(cat "$T/out")"
expect_rc 0 "$AIRLOCK" keygen -o "$T/rel" --unencrypted
expect_rc 0 "$AIRLOCK" bundle "$SRC/testdata/copy" --from base --to head --key "$T/rel.key" \
    -o "$T/up.airlock" --sequence 1 --expires never
DB=$(pg_createdb copytest)
expect_rc 0 "$APPLY" "$T/up.airlock" --trust "$T/rel.pub" --db "$DB"
[ "$(sql "$DB" "SELECT string_agg(code || '=' || name, '|' ORDER BY code) FROM countries")" = \
  "FR=France; with a semicolon|NL=Netherlands" ] || fail "rows: $(sql "$DB" "SELECT * FROM countries")"
[ "$(sql "$DB" "SELECT count(*) FROM pg_indexes WHERE indexname = 'countries_name_idx'")" = 1 ] ||
    fail "the statement after the COPY data did not run"
echo "apply_copy: ok"
