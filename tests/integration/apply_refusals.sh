# apply_refusals.sh - every refusal of airlock-apply against PostgreSQL 15, each
# with its own exit code, a precise message and a ledger entry: untrusted key,
# too few signatures, tampered bundle, expired, wrong position, rollback
# (sequence), another applier holding the lock, a foreign half-applied tx=off
# revision, drift; plus a failing statement located as file:line:col, and a
# tx=off revision resumed by a later bundle after its hashes are checked.
. "$2/tests/apply_lib.sh" "$1" "$2"
"$MK" keygen "$T/k2" || exit 1

plan() { # plan FILE SEQ FROM TO [extra header lines...] then revisions on stdin
    local f=$1 seq=$2 from=$3 to=$4
    shift 4
    { printf 'project shop\nsequence %s\nfrom %s\nto %s\n' "$seq" "$from" "$to"
      for h in "$@"; do echo "$h"; done
      cat; } >"$f"
}
R1='revision r1 parents=- tx=on
CREATE TABLE t (id int PRIMARY KEY);'
R2='revision r2 parents=r1 tx=on
ALTER TABLE t ADD COLUMN a text;'
R3='revision r3 parents=r2 tx=on
ALTER TABLE t ADD COLUMN b text;'
echo "$R1
$R2" | plan "$T/a.plan" 5 base r2
mkbundle "$T/a.plan" "$T/a.airlock"
DB=$(pg_createdb refusals)
A=(--trust "$T/k1.pub" --db "$DB" --skip-drift-check)
nothing_sent() {
    [ "$(sql "$DB" "SELECT count(*) FROM pg_namespace WHERE nspname = 'airlock'")" = 0 ] ||
        fail "$1: something reached the database"
}

# --- signatures: untrusted key, too few signers (4); nothing reaches the database
mkbundle "$T/a.plan" "$T/a-k2.airlock" --key "$T/k2.key"
expect_rc 4 "$APPLY" "$T/a-k2.airlock" "${A[@]}"
grep -q 'no signature by a trusted key' "$T/err" || fail "untrusted: $(cat "$T/err")"
grep -q 'nothing was sent to the database' "$T/err" || fail "untrusted: does not say nothing was sent"
expect_rc 4 "$APPLY" "$T/a.airlock" "${A[@]}" --trust "$T/k2.pub" --threshold 2
grep -q '1 of 2 required signatures' "$T/err" || fail "threshold: $(cat "$T/err")"
nothing_sent "signatures"
mkbundle "$T/a.plan" "$T/a-both.airlock" --key "$T/k1.key" --key "$T/k2.key"
expect_rc 0 "$APPLY" verify "$T/a-both.airlock" --trust "$T/k1.pub" --trust "$T/k2.pub" --threshold 2

# --- tampering: one statement changed inside the archive (3)
mkdir "$T/x" && (cd "$T/x" && zstd -dc "$T/a.airlock" >a.tar) || fail "cannot unpack"
python3 - "$T/x/a.tar" <<'PY' || fail "cannot tamper"
import sys
p = sys.argv[1]; b = open(p, 'rb').read()
assert b.count(b'ADD COLUMN a text') == 1
open(p, 'wb').write(b.replace(b'ADD COLUMN a text', b'DROP COLUMN id   '))
PY
zstd -q -19 "$T/x/a.tar" -o "$T/tampered.airlock" || fail "cannot repack"
expect_rc 3 "$APPLY" "$T/tampered.airlock" "${A[@]}"
grep -q 'revisions/000002-r2/up.sql' "$T/err" || fail "tampered: entry not named: $(cat "$T/err")"
nothing_sent "tampered"

# --- expired (5)
echo "$R1" | plan "$T/old.plan" 5 base r1 "created -7200" "expires -3600"
mkbundle "$T/old.plan" "$T/old.airlock"
expect_rc 5 "$APPLY" "$T/old.airlock" "${A[@]}"
grep -q 'expired' "$T/err" || fail "expired: $(cat "$T/err")"
nothing_sent "expired"

# --- wrong position (6): a bundle starting at r2 on an empty database
echo "$R3" | plan "$T/c.plan" 6 r2 r3
mkbundle "$T/c.plan" "$T/c.airlock"
expect_rc 6 "$APPLY" "$T/c.airlock" "${A[@]}"
grep -q 'target is at base, which is neither the bundle.s start (r2)' "$T/err" ||
    fail "position: $(cat "$T/err")"

# --- a failing statement: located, exit 1, recorded, nothing half applied
R2BAD='revision r2 parents=r1 tx=on
ALTER TABLE t ADD COLUMN a text;
ALTER TABLE t ADD COLUMN a int;'
echo "$R1
$R2BAD" | plan "$T/bad.plan" 4 base r2
mkbundle "$T/bad.plan" "$T/bad.airlock"
expect_rc 1 "$APPLY" "$T/bad.airlock" "${A[@]}"
grep -q '^revisions/000002-r2/up.sql:2:[0-9]*: error: revision r2 statement 2: column "a" of relation "t" already exists (SQLSTATE 42701)' "$T/err" ||
    fail "statement failure: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT count(*) FROM information_schema.columns WHERE table_name = 't'")" = 1 ] ||
    fail "failed tx=on revision left changes"
[ "$(history "$DB")" = "1|r1|t|1|1|applied|{r1}|
2|r2|t|2|0|failed||" ] || fail "history after failure: $(history "$DB")"

# --- rollback (7): sequence 5 applies, then sequence 4 is refused even from r1
sql "$DB" "SET client_min_messages = warning; DROP SCHEMA airlock CASCADE; DROP TABLE t"
expect_rc 0 "$APPLY" "$T/a.airlock" "${A[@]}"
echo "$R2" | plan "$T/old2.plan" 4 r1 r2
mkbundle "$T/old2.plan" "$T/old2.airlock"
expect_rc 7 "$APPLY" "$T/old2.airlock" "${A[@]}"
grep -q 'sequence 4 is not above the last applied sequence 5' "$T/err" || fail "sequence: $(cat "$T/err")"

# --- another applier holds the lock (9): waits, then gives up cleanly
key=$(printf '%d' 0x4149524c4f434b31)
PGAPPNAME=lock_holder psql -X -q -d "$DB" -c "SELECT pg_advisory_lock($key); SELECT pg_sleep(300)" \
    >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
    [ "$(sql "$DB" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] && break
    sleep 0.05
done
start=$(date +%s)
expect_rc 9 "$APPLY" "$T/c.airlock" "${A[@]}" --wait 1s
grep -q 'another applier holds the airlock lock (pid [0-9]* (lock_holder)' "$T/err" || fail "busy: $(cat "$T/err")"
grep -q 'gave up after' "$T/err" || fail "busy: no give-up message"
! grep -q "warning" "$T/err" || fail "busy: a warning (unlocking a lock never taken?): $(cat "$T/err")"
[ $(($(date +%s) - start)) -lt 15 ] || fail "busy: --wait 1s waited too long"
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lock_holder'" >/dev/null
wait $holder || true

# --- a tx=off revision fails half way, then: a foreign bundle is refused (11),
#     a changed statement is refused (11), the fixed bundle resumes it
OFF='revision r3 parents=r2 tx=off
CREATE TABLE log (v text);
INSERT INTO log VALUES (1);'
echo "$OFF
INSERT INTO missing VALUES (1);
INSERT INTO log VALUES (3);" | plan "$T/off.plan" 6 r2 r3
mkbundle "$T/off.plan" "$T/off.airlock"
expect_rc 1 "$APPLY" "$T/off.airlock" "${A[@]}"
grep -q '2 of 4 statements are applied and recorded' "$T/err" || fail "tx=off failure: $(cat "$T/err")"
echo "$R3" | plan "$T/other.plan" 7 r2 r3
mkbundle "$T/other.plan" "$T/other.airlock"
expect_rc 11 "$APPLY" status "$T/other.airlock" "${A[@]}"
grep -q 'apply would refuse: revision r3 is recorded with 2 statements done but has 1' "$T/out" ||
    fail "status of a foreign partial: $(cat "$T/out")"
echo 'revision r3x parents=r2 tx=on
SELECT 1;' | plan "$T/other2.plan" 7 r2 r3x
mkbundle "$T/other2.plan" "$T/other2.airlock"
expect_rc 11 "$APPLY" "$T/other2.airlock" "${A[@]}"
grep -q 'revision r3 (tx=off) is partially applied: 2 of 4 statements ran' "$T/err" ||
    fail "partial: $(cat "$T/err")"
echo 'revision r3 parents=r2 tx=off
CREATE TABLE log (v text, w text);
INSERT INTO log VALUES (1);
INSERT INTO log VALUES (2);
INSERT INTO log VALUES (3);' | plan "$T/changed.plan" 7 r2 r3
mkbundle "$T/changed.plan" "$T/changed.airlock"
expect_rc 11 "$APPLY" "$T/changed.airlock" "${A[@]}"
grep -q 'its statement 1 differs from the one that ran' "$T/err" || fail "hash check: $(cat "$T/err")"
echo "$OFF
INSERT INTO log VALUES (2);
INSERT INTO log VALUES (3);" | plan "$T/fixed.plan" 7 r2 r3
mkbundle "$T/fixed.plan" "$T/fixed.airlock"
expect_rc 0 "$APPLY" status "$T/fixed.airlock" "${A[@]}"
grep -q 'resumes at statement 3' "$T/out" || fail "status of a resume: $(cat "$T/out")"
expect_rc 0 "$APPLY" "$T/fixed.airlock" "${A[@]}"
grep -q 'resuming revision r3 at statement 3 of 4' "$T/err" || fail "resume: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT string_agg(v, ',' ORDER BY v) FROM log")" = "1,2,3" ] || fail "resume ran a statement twice"
[ "$(sql "$DB" "SELECT status, done, heads FROM airlock.history WHERE revision = 'r3'")" = "applied|4|{r3}" ] ||
    fail "resumed row: $(history "$DB")"

# --- cannot connect (10)
expect_rc 10 "$APPLY" "$T/c.airlock" --trust "$T/k1.pub" --db "host=127.0.0.1 port=1 connect_timeout=2"

# --- drift (8): the live schema differs from the bundle's expected text
DRIFT_DB=$(pg_createdb drift)
echo "$R1" | plan "$T/d1.plan" 1 base r1
mkbundle "$T/d1.plan" "$T/d1.airlock"
expect_rc 0 "$APPLY" "$T/d1.airlock" --trust "$T/k1.pub" --db "$DRIFT_DB" --skip-drift-check
"$BUILD/airlock" introspect --db "$DRIFT_DB" >"$T/r1.schema" || fail "introspect"
echo "revision r2 parents=r1 tx=on
ALTER TABLE t ADD COLUMN a text;" | plan "$T/d2.plan" 2 r1 r2 "schema-from r1.schema"
mkbundle "$T/d2.plan" "$T/d2.airlock"
sql "$DRIFT_DB" "ALTER TABLE t ADD COLUMN hotfix int"
expect_rc 8 "$APPLY" "$T/d2.airlock" --trust "$T/k1.pub" --db "$DRIFT_DB"
grep -q 'hotfix' "$T/out" || fail "drift diff does not show the change: $(cat "$T/out")"
grep -q 'drift: the live schema differs' "$T/err" || fail "drift: $(cat "$T/err")"
[ "$(sql "$DRIFT_DB" "SELECT count(*) FROM airlock.history")" = 1 ] || fail "drift refusal wrote history"
sql "$DRIFT_DB" "ALTER TABLE t DROP COLUMN hotfix"
expect_rc 0 "$APPLY" "$T/d2.airlock" --trust "$T/k1.pub" --db "$DRIFT_DB"

# --- every refusal is in the ledger with its exit code
expect_rc 0 "$APPLY" log
for code in 3 4 5 6 7 8 9 10 11; do
    grep -q "refused (exit $code)\|failed (exit $code)" "$T/out" || fail "ledger lacks exit $code"
done
echo "apply_refusals: ok"
