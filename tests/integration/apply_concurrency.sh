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

# --- a short --wait: the others give up cleanly (exit 9) or find nothing to do
DB2=$(pg_createdb race2)
race "$DB2" 0.2s
applied=0 gaveup=0
for n in 1 2 3 4 5 6 7 8; do
    rc=$(cat "$T/rc.$n")
    case $rc in
    0) grep -q 'applied 3 revisions' "$T/err.$n" && applied=$((applied + 1)) ;;
    9) grep -q 'gave up after' "$T/err.$n" || fail "exit 9 without a message"; gaveup=$((gaveup + 1)) ;;
    *) cat "$T/err.$n" >&2; fail "applier $n exited $rc" ;;
    esac
done
[ $applied = 1 ] && [ $gaveup -ge 1 ] || fail "short wait: $applied applied, $gaveup gave up"
[ "$(history "$DB2" | wc -l)" = 3 ] || fail "history after the short-wait race: $(history "$DB2")"

# --- the shared ledger recorded all 16 runs
[ "$(sqlite3 "$AIRLOCK_LEDGER" "SELECT count(*) FROM run WHERE command = 'apply' AND exit_code IS NOT NULL")" = 16 ] ||
    fail "ledger runs: $(sqlite3 "$AIRLOCK_LEDGER" 'SELECT id, outcome, exit_code FROM run')"
echo "apply_concurrency: ok"
