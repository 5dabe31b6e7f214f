# apply_updown.sh - airlock-apply against PostgreSQL 15: an up bundle (tx=on and
# tx=off revisions, COPY data, CREATE INDEX CONCURRENTLY), status, dry run,
# rerun (nothing to do), a downgrade bundle back to base and up again; the
# ledger and `log`; `airlock apply` runs the same code; airlock-apply never
# links libpg_query.
. "$2/tests/apply_lib.sh" "$1" "$2"

# --- the binary: no libpg_query, neither dynamically nor statically
ldd "$APPLY" | grep -qi pg_query && fail "airlock-apply is linked with libpg_query"
nm "$APPLY" 2>/dev/null | grep -qi 'pg_query' && fail "airlock-apply contains libpg_query symbols"
nm "$APPLY" | grep -q ' T main$' || fail "nm cannot read airlock-apply"
ldd "$APPLY" | grep -q libpq || fail "airlock-apply does not link libpq"
expect_rc 0 "$APPLY" --help
grep -q 'exit codes' "$T/out" || fail "--help lacks the exit codes"
expect_rc 0 "$BUILD/airlock" apply --help
cmp -s "$T/out" <("$APPLY" --help) || fail "airlock apply --help differs from airlock-apply --help"

cat >"$T/up.plan" <<'EOF'
project shop
sequence 1
from base
to r4
expires +3600
revision r1 parents=- tx=on
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
revision r2 parents=r1 tx=on
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, total numeric);
COPY customers (id, email) FROM stdin;
1	a@example.com
2	b@example.com
\.
INSERT INTO orders VALUES (10, 1, 9.5);
revision r3 parents=r2 tx=off
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id);
ANALYZE orders;
revision r4 parents=r3 tx=on
ALTER TABLE customers ADD COLUMN name text;
CREATE VIEW customer_emails AS SELECT id, email FROM customers;
EOF
sed -e 's/^sequence 1/sequence 3/' "$T/up.plan" >"$T/up3.plan"
cat >"$T/down.plan" <<'EOF'
project shop
sequence 2
direction down
from r4
to base
revision r4 parents=r3 tx=on
DROP VIEW customer_emails;
ALTER TABLE customers DROP COLUMN name;
revision r3 parents=r2 tx=off
DROP INDEX CONCURRENTLY orders_customer;
revision r2 parents=r1 tx=on
DROP TABLE orders;
DELETE FROM customers;
revision r1 parents=- tx=on
DROP TABLE customers;
EOF
mkbundle "$T/up.plan" "$T/up.airlock"
mkbundle "$T/up3.plan" "$T/up3.airlock"
mkbundle "$T/down.plan" "$T/down.airlock"
DB=$(pg_createdb shop)
# The password must never reach the ledger (trust auth ignores it).
CONN="$DB password=s3cr3t-pw"
A=(--trust "$T/k1.pub" --db "$CONN" --skip-drift-check)

# --- verify, status, dry run: nothing changes
expect_rc 0 "$APPLY" verify "$T/up.airlock" --trust "$T/k1.pub"
grep -q 'verified: project shop sequence 1' "$T/out" || fail "verify output: $(cat "$T/out")"
expect_rc 0 "$APPLY" status "$T/up.airlock" "${A[@]}"
grep -q '^target revision: base$' "$T/out" || fail "status: revision"
grep -q '^pending: 4 revisions$' "$T/out" || fail "status: pending"
grep -q 'apply would proceed' "$T/out" || fail "status: verdict"
expect_rc 0 "$APPLY" apply "$T/up.airlock" "${A[@]}" --dry-run
grep -q 'dry run: nothing was executed' "$T/out" || fail "dry run does not say so"
grep -q '4/4 apply r4 tx=on, 2 statements' "$T/out" || fail "dry run plan: $(cat "$T/out")"
[ "$(sql "$DB" "SELECT count(*) FROM pg_namespace WHERE nspname = 'airlock'")" = 0 ] ||
    fail "dry run created the airlock schema"
[ "$(sql "$DB" "SELECT to_regclass('customers') IS NULL")" = t ] || fail "dry run executed SQL"

# --- apply up
expect_rc 0 "$APPLY" "$T/up.airlock" "${A[@]}"
grep -q 'applied 4 revisions; target is at r4' "$T/err" || fail "apply summary: $(cat "$T/err")"
grep -q '^applied 3/4 r3 tx=off' "$T/err" || fail "plain progress lines missing"
[ "$(sql "$DB" "SELECT string_agg(email, ',' ORDER BY id) FROM customers")" = "a@example.com,b@example.com" ] ||
    fail "COPY data not loaded"
[ "$(sql "$DB" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer'::regclass")" = t ] ||
    fail "CIC index missing or invalid"
[ "$(history "$DB")" = "1|r1|t|1|1|applied|{r1}|
2|r2|t|3|3|applied|{r2}|
3|r3|f|2|2|applied|{r3}|2
4|r4|t|2|2|applied|{r4}|" ] || fail "history after up: $(history "$DB")"
[ "$(sql "$DB" "SELECT count(DISTINCT bundle_sha256)::text || count(*) FILTER (WHERE signers <> '') FROM airlock.history")" = 14 ] ||
    fail "history lacks bundle sha256 or signers"
schema_up=$(schema_dump "$DB")

# --- rerun: nothing to do; status says so
expect_rc 0 "$APPLY" "$T/up.airlock" "${A[@]}"
grep -q 'nothing to do: the target is at r4 already' "$T/err" || fail "rerun: $(cat "$T/err")"
expect_rc 0 "$APPLY" status "$T/up.airlock" "${A[@]}"
grep -q 'apply would do nothing' "$T/out" || fail "status after apply"
[ "$(sql "$DB" "SELECT count(*) FROM airlock.history")" = 4 ] || fail "rerun wrote history"

# --- progress on a terminal: a redrawn line (script(1) gives a pty)
if command -v script >/dev/null; then
    DB2=$(pg_createdb shop_tty)
    script -qec "$APPLY $T/up.airlock --trust $T/k1.pub --db '$DB2' --skip-drift-check --no-ledger" \
        "$T/tty.log" >/dev/null || fail "apply on a tty failed"
    grep -q $'\r\033\[K\[1/4\] r1 tx=on' "$T/tty.log" || fail "no redrawn progress line on a tty"
fi

# --- down to base, then up again with a newer sequence
expect_rc 0 "$APPLY" "$T/down.airlock" "${A[@]}"
grep -q 'applied 4 revisions; target is at base' "$T/err" || fail "down: $(cat "$T/err")"
[ "$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")" = 0 ] ||
    fail "down left objects behind"
[ "$(sql "$DB" "SELECT string_agg(revision || ':' || direction || ':' || array_to_string(heads, ','), ' ' ORDER BY id) FROM airlock.history WHERE sequence = 2")" = "r4:down:r3 r3:down:r2 r2:down:r1 r1:down:" ] ||
    fail "down history: $(history "$DB")"
expect_rc 7 "$APPLY" "$T/up.airlock" "${A[@]}"
expect_rc 0 "$APPLY" "$T/up3.airlock" "${A[@]}"
[ "$(schema_dump "$DB")" = "$schema_up" ] || fail "up after down gives another schema"

# --- `airlock apply` is the same applier
DB3=$(pg_createdb shop_cli)
expect_rc 0 "$BUILD/airlock" apply "$T/up.airlock" --trust "$T/k1.pub" --db "$DB3" --skip-drift-check
[ "$(schema_dump "$DB3")" = "$schema_up" ] || fail "airlock apply gives another schema"

# --- a non-superuser whose revisions SET ROLE: bookkeeping still as the login role
sql postgres "CREATE ROLE deployer LOGIN; CREATE ROLE app_owner NOLOGIN; GRANT app_owner TO deployer"
sql postgres "CREATE DATABASE roles OWNER deployer"
RDB="host=127.0.0.1 port=$PGPORT user=deployer dbname=roles"
sql "$(echo "$RDB" | sed 's/user=deployer/user=postgres/')" "GRANT CREATE ON SCHEMA public TO app_owner"
cat >"$T/roles.plan" <<'EOF'
project roles
sequence 1
from base
to o2
revision o1 parents=- tx=on
SET ROLE app_owner;
CREATE TABLE owned (id int);
revision o2 parents=o1 tx=off
SET ROLE app_owner;
CREATE TABLE owned2 (id int);
CREATE INDEX CONCURRENTLY owned2_id ON owned2 (id);
EOF
mkbundle "$T/roles.plan" "$T/roles.airlock"
expect_rc 0 "$APPLY" "$T/roles.airlock" --trust "$T/k1.pub" --db "$RDB" --skip-drift-check
[ "$(sql "$RDB" "SELECT string_agg(tableowner, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")" = "app_owner,app_owner" ] ||
    fail "the revisions did not run as app_owner"
[ "$(sql "$RDB" "SELECT string_agg(applied_by || ':' || status, ',' ORDER BY id) FROM airlock.history")" = "deployer:applied,deployer:applied" ] ||
    fail "roles history: $(sql "$RDB" "SELECT * FROM airlock.history")"

# --- the ledger: every run, target identity, no password
expect_rc 0 "$APPLY" log --ledger "$AIRLOCK_LEDGER"
grep -q 'target database shop on 127.0.0.1' "$T/out" || fail "ledger lacks the target"
grep -q 'system_identifier [0-9]' "$T/out" || fail "ledger lacks system_identifier"
grep -q 'revision 3 r3 tx=off attempt 1: applied, 2/2 statements' "$T/out" || fail "ledger lacks revisions"
grep -q 'stmt 0 sha256:[0-9a-f]* ok' "$T/out" || fail "ledger lacks statements"
grep -q 'dry run' "$T/out" || fail "ledger lacks the dry run"
grep -q 'refused (exit 7)' "$T/out" || fail "ledger lacks the refusal"
grep -c 's3cr3t' "$AIRLOCK_LEDGER"* >/dev/null 2>&1 && fail "the password reached the ledger"
[ "$(sqlite3 "$AIRLOCK_LEDGER" 'PRAGMA journal_mode')" = wal ] || fail "ledger is not in WAL mode"
echo "apply_updown: ok"
