# apply_concurrency.sh - 8 airlock-apply processes started at once on the same
# bundle (with a CREATE INDEX CONCURRENTLY revision) against PostgreSQL 15:
# exactly one applies, the others wait on the advisory lock (polling, so the
# CIC is not blocked by them) and then find nothing to do, or give up cleanly
# with a short --wait; nobody deadlocks; one shared ledger records all runs.
. "$2/tests/apply_lib.sh" "$1" "$2"

cat >"$T/race.plan" <<'EOF'
project race
sequence 1
from base
to q3
revision q1 parents=- tx=on
CREATE TABLE t (id int, v text);
INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;
SELECT pg_sleep(0.3);
revision q2 parents=q1 tx=off
CREATE INDEX CONCURRENTLY t_v ON t (v);
SELECT pg_sleep(0.3);
revision q3 parents=q2 tx=on
CREATE TABLE applied_once (x int);
INSERT INTO applied_once VALUES (1);
EOF
mkbundle "$T/race.plan" "$T/race.airlock"

race() { # race DB WAIT: 8 appliers at once; exit codes in $T/rc.N
    local db=$1 wait=$2
    local pids=()
    for n in 1 2 3 4 5 6 7 8; do
        ( "$APPLY" "$T/race.airlock" --trust "$T/k1.pub" --db "$db" --skip-drift-check --wait "$wait" \
            >"$T/out.$n" 2>"$T/err.$n"; echo $? >"$T/rc.$n" ) &
        pids+=($!)
    done
    # No deadlock: everyone is done well within the time the work takes.
    local deadline=$(($(date +%s) + 60))
    for p in "${pids[@]}"; do
        while kill -0 "$p" 2>/dev/null; do
            [ "$(date +%s)" -lt "$deadline" ] || fail "appliers still running after 60s (deadlock?)"
            sleep 0.1
        done
    done
    if grep -l -e 'Sanitizer' -e 'runtime error:' "$T"/err.*; then fail "sanitizer report"; fi
}

# --- everyone waits: one applies, seven find nothing to do
DB=$(pg_createdb race)
race "$DB" 60s
applied=0 idle=0
for n in 1 2 3 4 5 6 7 8; do
    [ "$(cat "$T/rc.$n")" = 0 ] || { cat "$T/err.$n" >&2; fail "applier $n exited $(cat "$T/rc.$n")"; }
    grep -q 'applied 3 revisions; target is at q3' "$T/err.$n" && applied=$((applied + 1))
    grep -q 'nothing to do: the target is at q3 already' "$T/err.$n" && idle=$((idle + 1))
done
[ $applied = 1 ] && [ $idle = 7 ] || fail "expected 1 applier to apply and 7 to find nothing: $applied applied, $idle idle"
[ "$(history "$DB")" = "1|q1|t|3|3|applied|{q1}|
2|q2|f|2|2|applied|{q2}|2
3|q3|t|2|2|applied|{q3}|" ] || fail "history: $(history "$DB")"
[ "$(sql "$DB" "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass")" = t ] ||
    fail "CIC index not valid"
grep -l 'another applier holds the airlock lock' "$T"/err.* >/dev/null || fail "nobody waited for the lock"

# --- a short --wait while another session holds the airlock lock: all 8 give up
#     cleanly (exit 9, a message, nothing written), then one run applies
DB2=$(pg_createdb race2)
key=$(printf '%d' 0x4149524c4f434b31)
# The holder keeps the lock until it is terminated below, however slowly the
# appliers start on a loaded machine.
PGAPPNAME=lock_holder psql -X -q -d "$DB2" -c "SELECT pg_advisory_lock($key)" -c "SELECT pg_sleep(300)" \
    >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
    [ "$(sql "$DB2" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] && break
    sleep 0.05
done
race "$DB2" 0.3s
for n in 1 2 3 4 5 6 7 8; do
    [ "$(cat "$T/rc.$n")" = 9 ] || { cat "$T/err.$n" >&2; fail "applier $n exited $(cat "$T/rc.$n"), expected 9"; }
    grep -q 'gave up after' "$T/err.$n" || fail "exit 9 without a message"
done
[ "$(sql "$DB2" "SELECT to_regclass('airlock.history') IS NULL AND to_regclass('t') IS NULL")" = t ] ||
    fail "an applier that gave up wrote to the database"
sql "$DB2" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lock_holder'" >/dev/null
wait $holder || true
expect_rc 0 "$APPLY" "$T/race.airlock" --trust "$T/k1.pub" --db "$DB2" --skip-drift-check
[ "$(history "$DB2" | wc -l)" = 3 ] || fail "history after the short-wait race: $(history "$DB2")"

# --- the lock's connection is terminated mid-run: the applier stops before the
#     next revision (exit 10) instead of going on unlocked; a rerun finishes
{
    printf 'project lost\nsequence 1\nfrom base\nto s6\n'
    for i in 1 2 3 4 5 6; do
        printf 'revision s%d parents=%s tx=on\nCREATE TABLE s%d (x int);\nSELECT pg_sleep(0.25);\n' \
            $i "$([ $i = 1 ] && echo - || echo s$((i - 1)))" $i
    done
} >"$T/lost.plan"
mkbundle "$T/lost.plan" "$T/lost.airlock"
DB3=$(pg_createdb lost)
"$APPLY" "$T/lost.airlock" --trust "$T/k1.pub" --db "$DB3" --skip-drift-check >"$T/lost.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do # until the first revision is in
    [ "$(sql "$DB3" "SELECT count(*) FROM pg_class WHERE relname = 'history' AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'airlock')")" = 1 ] &&
        [ "$(sql "$DB3" "SELECT count(*) FROM airlock.history")" -ge 1 ] && break
    sleep 0.05
done
sql "$DB3" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'airlock-apply-lock'" >/dev/null
wait $pid
rc=$?
[ $rc = 10 ] || fail "exit $rc after losing the lock: $(cat "$T/lost.out")"
grep -q 'lost the airlock lock' "$T/lost.out" || fail "no lost-lock message: $(cat "$T/lost.out")"
done_before=$(sql "$DB3" "SELECT count(*) FROM airlock.history WHERE status = 'applied'")
[ "$done_before" -ge 1 ] && [ "$done_before" -lt 6 ] || fail "lost lock: $done_before revisions applied"
expect_rc 0 "$APPLY" "$T/lost.airlock" --trust "$T/k1.pub" --db "$DB3" --skip-drift-check
[ "$(sql "$DB3" "SELECT string_agg(revision, ',' ORDER BY id) FROM airlock.history WHERE status = 'applied'")" = "s1,s2,s3,s4,s5,s6" ] ||
    fail "history after the lost lock: $(history "$DB3")"

# --- the shared ledger recorded every run: 8 + 8 + 1 + the two of the lost lock
[ "$(sqlite3 "$AIRLOCK_LEDGER" "SELECT count(*) FROM run WHERE command = 'apply' AND exit_code IS NOT NULL")" = 19 ] ||
    fail "ledger runs: $(sqlite3 "$AIRLOCK_LEDGER" 'SELECT id, outcome, exit_code FROM run')"
echo "apply_concurrency: ok"
