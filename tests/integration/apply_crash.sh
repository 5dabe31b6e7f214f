# apply_crash.sh - crash recovery of airlock-apply against PostgreSQL 15. A
# bundle mixing tx=on and tx=off revisions (COPY, CREATE INDEX CONCURRENTLY,
# VACUUM, a BEGIN/COMMIT block of its own) is applied with the applier killed
# (SIGKILL, test hook AIRLOCK_APPLY_TEST_KILL_AFTER) at every statement
# boundary, then rerun: the schema (canonical text and pg_dump), data,
# airlock.history and the log of side effects must equal an uninterrupted
# run, with no statement run twice.
# Then kills at random moments, and a kill during CREATE INDEX CONCURRENTLY
# that leaves an INVALID index, which the rerun drops and builds again.
. "$2/tests/apply_lib.sh" "$1" "$2"

cat >"$T/crash.plan" <<'EOF'
project crash
sequence 1
from base
to r5
revision r1 parents=- tx=on
CREATE TABLE log (tag text NOT NULL);
CREATE TABLE items (id int PRIMARY KEY, name text);
INSERT INTO log VALUES ('r1.3');
revision r2 parents=r1 tx=off
INSERT INTO log VALUES ('r2.1');
CREATE INDEX CONCURRENTLY items_name ON items (name);
INSERT INTO log VALUES ('r2.3');
ALTER TABLE items ADD COLUMN qty int;
revision r3 parents=r2 tx=on
COPY items (id, name) FROM stdin;
1	a
2	b
\.
INSERT INTO log VALUES ('r3.2');
revision r4 parents=r3 tx=off
BEGIN;
INSERT INTO log VALUES ('r4.2');
UPDATE items SET qty = coalesce(qty, 0) + 1;
COMMIT;
VACUUM items;
INSERT INTO log VALUES ('r4.6');
revision r5 parents=r4 tx=on
CREATE VIEW v AS SELECT * FROM items;
INSERT INTO log VALUES ('r5.2');
EOF
mkbundle "$T/crash.plan" "$T/crash.airlock"
NSTMTS=17
A=(--trust "$T/k1.pub" --skip-drift-check --no-ledger)

state() { # everything that must equal the uninterrupted run
    "$BUILD/airlock" introspect --db "$1" || echo "introspect failed"
    schema_dump "$1"
    sql "$1" "SELECT string_agg(tag, ',' ORDER BY tag) FROM log"
    sql "$1" "SELECT string_agg(id || ':' || name || ':' || qty, ',' ORDER BY id) FROM items"
    sql "$1" "SELECT count(*) FROM pg_index WHERE NOT indisvalid"
    history "$1"
}

REF=$(pg_createdb crash_ref)
expect_rc 0 "$APPLY" "$T/crash.airlock" "${A[@]}" --db "$REF"
state "$REF" >"$T/ref.state"
grep -q '^r1.3,r2.1,r2.3,r3.2,r4.2,r4.6,r5.2$' "$T/ref.state" || fail "reference run: $(cat "$T/ref.state")"
grep -q '^1:a:1,2:b:1$' "$T/ref.state" || fail "reference data: $(cat "$T/ref.state")"

# --- a kill at every statement boundary, then a rerun
for k in $(seq 1 $NSTMTS); do
    DB=$(pg_createdb "crash_$k")
    # (in the background so that the shell does not report the kill)
    AIRLOCK_APPLY_TEST_KILL_AFTER=$k "$APPLY" "$T/crash.airlock" "${A[@]}" --db "$DB" >/dev/null 2>&1 &
    wait $!
    rc=$?
    [ $rc -eq 137 ] || fail "kill after $k statements: exit $rc, expected 137 (SIGKILL)"
    expect_rc 0 "$APPLY" "$T/crash.airlock" "${A[@]}" --db "$DB"
    state "$DB" >"$T/k.state"
    diff "$T/ref.state" "$T/k.state" >&2 || fail "kill after $k statements: state differs from the uninterrupted run"
done
echo "killed at each of $NSTMTS statement boundaries: all reruns equal the uninterrupted run"

# --- kills at random moments (slow statements widen the windows)
sed -e 's/^INSERT INTO log VALUES (\(.*\));$/INSERT INTO log SELECT \1 FROM pg_sleep(0.03);/' \
    "$T/crash.plan" >"$T/slow.plan"
mkbundle "$T/slow.plan" "$T/slow.airlock"
SREF=$(pg_createdb slow_ref)
expect_rc 0 "$APPLY" "$T/slow.airlock" "${A[@]}" --db "$SREF"
state "$SREF" >"$T/sref.state"
for i in $(seq 1 12); do
    DB=$(pg_createdb "random_$i")
    "$APPLY" "$T/slow.airlock" "${A[@]}" --db "$DB" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%02d' $((RANDOM % 35)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    expect_rc 0 "$APPLY" "$T/slow.airlock" "${A[@]}" --db "$DB"
    state "$DB" >"$T/r.state"
    diff "$T/sref.state" "$T/r.state" >&2 || fail "random kill $i: state differs"
done
echo "killed at 12 random moments: all reruns equal the uninterrupted run"

# --- a kill while CREATE INDEX CONCURRENTLY waits: INVALID index, dropped and rebuilt
DB=$(pg_createdb cic)
cat >"$T/cic1.plan" <<'EOF'
project cic
sequence 1
from base
to c1
revision c1 parents=- tx=on
CREATE TABLE big (id int, v text);
INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 2000) g;
EOF
cat >"$T/cic2.plan" <<'EOF'
project cic
sequence 2
from c1
to c2
revision c2 parents=c1 tx=off
CREATE INDEX CONCURRENTLY big_v ON big (v);
CREATE TABLE after_cic (x int);
EOF
mkbundle "$T/cic1.plan" "$T/cic1.airlock"
mkbundle "$T/cic2.plan" "$T/cic2.airlock"
expect_rc 0 "$APPLY" "$T/cic1.airlock" "${A[@]}" --db "$DB"
# An open snapshot makes the CIC wait in its last phase, with the index INVALID.
psql -X -q -d "$DB" -c "SET application_name = 'snapshot_holder'" \
    -c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SELECT count(*) FROM big" \
    -c "SELECT pg_sleep(60)" -c "COMMIT" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
    [ "$(sql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'snapshot_holder' AND backend_xmin IS NOT NULL")" = 1 ] && break
    sleep 0.05
done
"$APPLY" "$T/cic2.airlock" "${A[@]}" --db "$DB" --lock-timeout 0 >"$T/cic.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
    [ "$(sql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'")" = 1 ] && break
    sleep 0.05
done
[ "$(sql "$DB" "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('big_v') AND NOT indisvalid")" = 1 ] ||
    fail "no INVALID index while the CIC waits"
[ "$(sql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'")" = 1 ] ||
    fail "the CIC is not waiting: $(cat "$T/cic.out")"
kill -9 $pid
wait $pid 2>/dev/null
[ "$(sql "$DB" "SELECT started_stmt FROM airlock.history WHERE revision = 'c2'")" = 0 ] ||
    fail "the CIC was not marked as started"
# The rerun waits for the killed applier's backend, drops the INVALID index,
# retries the CIC on lock timeouts while the snapshot is open, then builds it.
( sleep 1.5; sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'snapshot_holder'" >/dev/null ) &
expect_rc 0 "$APPLY" "$T/cic2.airlock" "${A[@]}" --db "$DB" --lock-timeout 300ms
grep -q 'dropping INVALID index public.big_v left by an interrupted CREATE INDEX CONCURRENTLY' "$T/err" ||
    fail "no INVALID index repair: $(cat "$T/err")"
wait $holder
[ "$(sql "$DB" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_v'::regclass")" = t ] ||
    fail "big_v not valid after the rerun"
[ "$(sql "$DB" "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" = 0 ] || fail "INVALID index left"
[ "$(sql "$DB" "SELECT status, done, started_stmt IS NULL FROM airlock.history WHERE revision = 'c2'")" = "applied|2|t" ] ||
    fail "c2 history: $(history "$DB")"
echo "apply_crash: ok"
