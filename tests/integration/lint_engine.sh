#!/usr/bin/env bash
# Golden tests of the lint engine and its outputs: each testdata/lint/CASE/
# with an 'args' file runs `airlock lint ARGS` from testdata/lint (or from the
# directory named in CASE/cwd) and must print exactly CASE/expected.out
# (stdout, stderr, exit code). Covers ignore comments (airlock and squawk),
# unused ignores, --since, .airlock.conf (discovery, precedence, errors) and
# every --output format. AIRLOCK_UPDATE_GOLDEN=1 rewrites the expected files.
set -u
build=$1 src=$2
airlock=$(cd "$build" && pwd)/airlock
cd "$src/testdata/lint" || exit 2
pass=0 fail=0
for d in */; do
    d=${d%/}
    [ -f "$d/args" ] || continue
    read -r -a args < "$d/args"
    dir=.
    [ -f "$d/cwd" ] && dir=$(cat "$d/cwd")
    got=$(cd "$dir" && "$airlock" lint "${args[@]}" 2>&1; echo "exit: $?")
    golden=$d/expected.out
    [ "${AIRLOCK_UPDATE_GOLDEN:-}" = 1 ] && printf '%s\n' "$got" > "$golden"
    if [ -f "$golden" ] && [ "$got" = "$(cat "$golden")" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: testdata/lint/$d"
        diff <(printf '%s\n' "$got") "$golden" | head -30
    fi
done
# sarif and json must at least be well-formed JSON
for f in output-sarif output-json output-gitlab; do
    if ! sed '$d' "$f/expected.out" | python3 -m json.tool >/dev/null 2>&1; then
        echo "FAIL: testdata/lint/$f/expected.out is not JSON"
        fail=$((fail + 1))
    fi
done
echo "lint_engine: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
