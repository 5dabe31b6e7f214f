#!/usr/bin/env bash
# Golden test of every lint rule: testdata/rules/<id>/{fail,pass}/ are chains;
# `airlock lint CASE --rules none,<id> --output gcc --explain-locks` must print
# exactly testdata/rules/<id>/<kind>.out (exit code included), a fail case must
# report the rule and a pass case must not. Every registered rule must have
# both cases. AIRLOCK_UPDATE_GOLDEN=1 rewrites the .out files (review them).
set -u
build=$1 src=$2
airlock=$build/airlock
cd "$src" || exit 2
pass=0 fail=0
ids=$("$airlock" rules --json | sed -n 's/^ *{"id": "\([^"]*\)".*/\1/p')
[ -n "$ids" ] || { echo "no rules listed"; exit 1; }
for id in $ids; do
    for kind in fail pass; do
        case_dir=testdata/rules/$id/$kind
        golden=testdata/rules/$id/$kind.out
        if [ ! -d "$case_dir" ]; then
            echo "FAIL: $case_dir is missing"
            fail=$((fail + 1))
            continue
        fi
        got=$("$airlock" lint "$case_dir" --no-config --no-sum --rules "none,$id" --output gcc --explain-locks 2>&1)
        got="$got
exit: $?"
        [ "${AIRLOCK_UPDATE_GOLDEN:-}" = 1 ] && printf '%s\n' "$got" > "$golden"
        ok=1
        if [ ! -f "$golden" ] || [ "$got" != "$(cat "$golden")" ]; then
            echo "FAIL: $case_dir differs from $golden"
            diff <(printf '%s\n' "$got") "$golden" | head -20
            ok=0
        fi
        if [ "$kind" = fail ] && ! grep -q "\[$id\]" <<<"$got"; then
            echo "FAIL: $case_dir does not report $id"
            ok=0
        fi
        if [ "$kind" = pass ] && grep -q "\[$id\]" <<<"$got"; then
            echo "FAIL: $case_dir reports $id"
            ok=0
        fi
        if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
    done
done
echo "rules_golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
