#!/usr/bin/env bash
# Golden test over testdata/bad: `airlock check CASE` (text, then json) must print
# exactly testdata/bad/CASE.out, exit code included. Cases too large to commit are
# written by testdata/bad/CASE.gen.sh into the build tree first.
# AIRLOCK_UPDATE_GOLDEN=1 rewrites the .out files (review them before committing).
set -u
build=$1 src=$2
airlock=$build/airlock
gen=$build/gen-bad
rm -rf "$gen" && mkdir -p "$gen/testdata/bad"
for g in "$src"/testdata/bad/*.gen.sh; do
    name=$(basename "$g" .gen.sh)
    bash "$g" "$gen/testdata/bad/$name"
done
run_case() { # dir-with-testdata name
    local root=$1 name=$2 rc
    cd "$root" || exit 2
    "$airlock" check "testdata/bad/$name" --color never 2>&1
    rc=$?
    echo "exit: $rc"
    echo "--- json"
    "$airlock" check "testdata/bad/$name" --output json 2>&1
    echo "exit: $?"
}
pass=0 fail=0
for d in "$src"/testdata/bad/*/ "$gen"/testdata/bad/*/; do
    name=$(basename "$d")
    root=${d%/testdata/bad/*}
    golden="$src/testdata/bad/$name.out"
    got=$(run_case "$root" "$name")
    if [ "${AIRLOCK_UPDATE_GOLDEN:-}" = 1 ]; then
        printf '%s\n' "$got" > "$golden"
    fi
    if [ -f "$golden" ] && [ "$got" = "$(cat "$golden")" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: testdata/bad/$name"
        diff <(printf '%s\n' "$got") "$golden" | head -40
    fi
    case "$got" in *"exit: 0"*) echo "FAIL: testdata/bad/$name exited 0"; fail=$((fail + 1));; esac
done
echo "golden_bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
