#!/usr/bin/env bash
# Golden test over testdata/formats/FORMAT/CASE: `airlock chain CASE --format FORMAT`
# (the chain dump: ids, parents, transaction mode, every statement with its
# file:line:col and flags, then the diagnostics) must print exactly CASE.out,
# exit code included. Every 'shop' case must also be detected as its format by
# --format auto. AIRLOCK_UPDATE_GOLDEN=1 rewrites the .out files: review every
# change by hand - the goldens say what each tool itself would run.
set -u
build=$1 src=$2
airlock=$build/airlock
cd "$src" || exit 2
pass=0 fail=0
for d in testdata/formats/*/*/; do
    d=${d%/}
    fmt=$(basename "$(dirname "$d")") name=$(basename "$d")
    golden="$d.out"
    got=$("$airlock" chain "$d" --format "$fmt" --color never 2>&1; echo "exit: $?")
    if [ "${AIRLOCK_UPDATE_GOLDEN:-}" = 1 ]; then
        printf '%s\n' "$got" >"$golden"
    fi
    if [ -f "$golden" ] && [ "$got" = "$(cat "$golden")" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $d"
        diff <(printf '%s\n' "$got") "$golden" | head -40
    fi
    case "$name:$got" in
    bad-*"exit: 0") echo "FAIL: $d is a broken case but exited 0"; fail=$((fail + 1)) ;;
    shop:*"exit: 2") echo "FAIL: $d could not be read"; fail=$((fail + 1)) ;;
    esac
    if [ "$name" = shop ]; then
        auto=$("$airlock" chain "$d" -v --color never 2>&1 | grep -o 'read as [a-z-]*')
        if [ "$auto" = "read as $fmt" ]; then
            pass=$((pass + 1))
        else
            echo "FAIL: $d detected as '${auto#read as }', not $fmt"
            fail=$((fail + 1))
        fi
    fi
done
# an ambiguous directory names its candidates
amb=$(mktemp -d /tmp/airlock-amb.XXXXXX)
trap 'rm -rf "$amb"' EXIT
cp testdata/formats/golang-migrate/shop/000001_create_customers.up.sql "$amb/"
cp testdata/formats/goose/shop/00002_create_products.sql "$amb/"
out=$("$airlock" check "$amb" --color never 2>&1)
rc=$?
if [ $rc -eq 2 ] && printf '%s' "$out" | grep -q 'candidates: golang-migrate, goose'; then
    pass=$((pass + 1))
else
    echo "FAIL: ambiguous directory (exit $rc): $out"
    fail=$((fail + 1))
fi
echo "formats_golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
