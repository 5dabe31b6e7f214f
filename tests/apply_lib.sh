# tests/apply_lib.sh - sourced by tests/integration/apply_*.sh: starts a
# private PostgreSQL (tests/pg.sh), makes a signing key, and gives helpers to
# build bundles from plan files (bench/bench_mkbundle) and check exit codes.
# Usage: . "$2/tests/apply_lib.sh" "$1" "$2"
set -u
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
APPLY=$BUILD/airlock-apply
MK=$BUILD/bench/bench_mkbundle
. "$SRC/tests/pg.sh"
T=$(mktemp -d /tmp/airlock-apply-test.XXXXXX)
chmod 755 "$T"
pg_start || exit 1
trap 'pg_stop; rm -rf "$T"' EXIT
export AIRLOCK_LEDGER=$T/ledger.sqlite
"$MK" keygen "$T/k1" || exit 1

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect_rc WANT CMD...: runs CMD, output in $T/out (stdout) and $T/err (stderr).
expect_rc() {
    local want=$1
    shift
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    # A sanitizer report fails the test whatever the exit code (ASan exits 1 too).
    if grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$T/err"; then
        cat "$T/err" >&2
        fail "sanitizer report: $*"
    fi
    if [ "$rc" -ne "$want" ]; then
        echo "--- stdout" >&2; cat "$T/out" >&2
        echo "--- stderr" >&2; cat "$T/err" >&2
        fail "expected exit $want, got $rc: $*"
    fi
}

# mkbundle PLAN OUT [--key K ...]: signed by k1 unless keys are given.
mkbundle() {
    local plan=$1 out=$2
    shift 2
    if [ $# -eq 0 ]; then set -- --key "$T/k1.key"; fi
    "$MK" build "$plan" -o "$out" "$@" || fail "cannot build $out from $plan"
}

# sql DB QUERY: one unaligned result.
sql() {
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# history DB: the applied history rows, without times and ids.
history() {
    sql "$1" "SELECT seq, revision, tx, statements, done, status, heads, array_length(done_sha256, 1) FROM airlock.history ORDER BY id"
}

# schema_dump DB: pg_dump's schema of public, without its per-run \restrict keys.
schema_dump() {
    pg_dump -s -n public -d "$1" | grep -v -e '^\\restrict' -e '^\\unrestrict' -e '^$'
}
