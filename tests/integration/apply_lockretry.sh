# apply_lockretry.sh - lock timeouts against PostgreSQL 15: another session
# holds a lock that conflicts with a revision's ALTER TABLE; airlock-apply's
# SET LOCAL lock_timeout makes the attempt fail with 55P03, the whole revision
# is rolled back and retried with exponential backoff and jitter, and succeeds
# once the lock is released (tx=on and tx=off); with too few retries it gives
# up with exit 1, records the failure, and nothing of the revision remains.
. "$2/tests/apply_lib.sh" "$1" "$2"

printf 'project locks\nsequence 1\nfrom base\nto l1\nrevision l1 parents=- tx=on\nCREATE TABLE t (id int);\n' >"$T/l1.plan"
cat >"$T/l2.plan" <<'EOF'
project locks
sequence 2
from l1
to l3
revision l2 parents=l1 tx=on
CREATE TABLE side (x int);
ALTER TABLE t ADD COLUMN a int;
revision l3 parents=l2 tx=off
ALTER TABLE t ADD COLUMN b int;
EOF
mkbundle "$T/l1.plan" "$T/l1.airlock"
mkbundle "$T/l2.plan" "$T/l2.airlock"
DB=$(pg_createdb locks)
A=(--trust "$T/k1.pub" --db "$DB" --skip-drift-check)
expect_rc 0 "$APPLY" "$T/l1.airlock" "${A[@]}"

hold() { # hold SECONDS: ACCESS SHARE on t (a reader), conflicting with ALTER TABLE
    PGAPPNAME=lock_holder psql -X -q -d "$DB" -c "BEGIN" -c "SELECT count(*) FROM t" -c "SELECT pg_sleep($1)" -c "COMMIT" >/dev/null 2>&1 &
    holder=$!
    for _ in $(seq 1 50); do
        [ "$(sql "$DB" "SELECT count(*) FROM pg_locks WHERE relation = 't'::regclass AND mode = 'AccessShareLock' AND granted")" -ge 1 ] && return
        sleep 0.05
    done
    fail "the lock holder did not start"
}

# --- too few retries: gives up, exit 1, recorded, nothing left behind
#     (the reader holds on until it is terminated, however slow the machine)
hold 300
expect_rc 1 "$APPLY" "$T/l2.airlock" "${A[@]}" --lock-timeout 100ms --max-lock-retries 1
grep -q 'revision l2: canceling statement due to lock timeout; rolled back, retry 1 of 1' "$T/err" ||
    fail "no retry shown: $(cat "$T/err")"
grep -q 'statement 2: canceling statement due to lock timeout (SQLSTATE 55P03) (gave up after 1 retries)' "$T/err" ||
    fail "no give-up message: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT to_regclass('side') IS NULL")" = t ] || fail "a failed attempt left its first statement"
[ "$(sql "$DB" "SELECT status FROM airlock.history WHERE revision = 'l2'")" = failed ] ||
    fail "failure not recorded: $(history "$DB")"
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lock_holder'" >/dev/null
wait $holder || true

# --- enough retries: backoff until the holder lets go, then success (tx=on and tx=off)
hold 2.5
start=$(date +%s.%N)
expect_rc 0 "$APPLY" "$T/l2.airlock" "${A[@]}" --lock-timeout 150ms --max-lock-retries 20
end=$(date +%s.%N)
grep -c 'rolled back, retry [0-9]* of 20 in [0-9.]*s' "$T/err" >"$T/n" || fail "no retry: $(cat "$T/err")"
[ "$(cat "$T/n")" -ge 2 ] || fail "expected several retries: $(cat "$T/err")"
# exponential: the announced waits grow (jitter stays within [d/2, d])
waits=$(grep -o 'in [0-9.]*s$' "$T/err" | tr -d 'ins' | head -4 | tr '\n' ' ')
python3 - $waits <<'PY' || fail "backoff is not exponential: $waits"
import sys
w = [float(x) for x in sys.argv[1:]]
for i, x in enumerate(w):
    d = 0.1 * 2 ** i
    assert d / 2 - 1e-3 <= x <= d + 1e-3, (i, x, d)
PY
python3 -c "import sys; sys.exit(0 if $end - $start >= 2.0 else 1)" || fail "succeeded before the lock was released"
wait $holder
[ "$(sql "$DB" "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0")" = "id,a,b" ] ||
    fail "columns after the retries"
[ "$(sql "$DB" "SELECT string_agg(revision || ':' || status, ',' ORDER BY id) FROM airlock.history")" = "l1:applied,l2:failed,l2:applied,l3:applied" ] ||
    fail "history: $(history "$DB")"

# --- tx=off statement retried alone
printf 'project locks\nsequence 3\nfrom l3\nto l4\nrevision l4 parents=l3 tx=off\nCREATE TABLE side2 (x int);\nALTER TABLE t ADD COLUMN c int;\n' >"$T/l4.plan"
mkbundle "$T/l4.plan" "$T/l4.airlock"
hold 1.5
expect_rc 0 "$APPLY" "$T/l4.airlock" "${A[@]}" --lock-timeout 150ms
grep -q 'revision l4 statement 2: canceling statement due to lock timeout; retry 1 of 10 from statement 2' "$T/err" ||
    fail "tx=off retry: $(cat "$T/err")"
wait $holder
[ "$(sql "$DB" "SELECT done, status FROM airlock.history WHERE revision = 'l4'")" = "2|applied" ] || fail "l4"

# --- the ledger keeps each retry
expect_rc 0 "$APPLY" log
[ "$(grep -c ' retry: ' "$T/out")" -ge 4 ] || fail "ledger lacks the retries"
grep -q 'l2 tx=on attempt [0-9]*: retry' "$T/out" && grep -q 'l2 tx=on attempt [2-9][0-9]*: applied' "$T/out" || fail "ledger lacks the attempts"
echo "apply_lockretry: ok"
