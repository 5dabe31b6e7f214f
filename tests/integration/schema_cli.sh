#!/usr/bin/env bash
# schema_cli.sh BUILD SRC - `airlock schema` and `airlock diff` as a user
# runs them: options before or after the directory; a statement that fails
# for an object no statement of the chain creates is a warning (the object
# predates the chain, as `airlock check` assumes) and exits 0; a statement
# that fails for a reason inside the chain is an error and exits 1.
set -u
A=$1/airlock
T=$(mktemp -d /tmp/airlock-schema-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$T/legacy"
printf 'ALTER TABLE legacy_orders ADD COLUMN note text;\nCREATE TABLE t (id int PRIMARY KEY);\n' >"$T/legacy/001_a.sql"
printf 'CREATE INDEX t_id ON t (id);\n' >"$T/legacy/002_b.sql"
"$A" schema "$T/legacy" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] || fail "predating object: exit $rc: $(cat "$T/err")"
grep -q '^warning\[simulation-error\]: relation "legacy_orders" does not exist' "$T/err" ||
    fail "no warning: $(cat "$T/err")"
grep -q 'assumed to exist before the chain' "$T/err" || fail "no note: $(cat "$T/err")"
grep -q '^table public.t$' "$T/out" || fail "schema text: $(cat "$T/out")"
"$A" check "$T/legacy" >/dev/null 2>&1 || fail "check disagrees with schema"

printf 'CREATE TABLE t (id int);\n' >"$T/legacy/003_c.sql"
"$A" schema "$T/legacy" >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] || fail "an error inside the chain: exit $rc"
grep -q '^error\[simulation-error\]: relation "t" already exists' "$T/err" || fail "no error: $(cat "$T/err")"

# options after the directory, as the usage lines show them
a=$("$A" schema --at 002 "$T/legacy" 2>/dev/null)
b=$("$A" schema "$T/legacy" --at 002 2>/dev/null)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "--at after the directory"
"$A" diff "$T/legacy" 001 002 --format native >"$T/out" 2>/dev/null; [ $? = 1 ] || fail "diff: expected exit 1 (differences)"
grep -q '^+   index t_id CREATE INDEX' "$T/out" || fail "diff output: $(cat "$T/out")"
echo "schema_cli: ok"
