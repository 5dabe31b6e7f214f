#!/usr/bin/env bash
# docs/rules.md is `airlock rules --markdown`: fails when a rule's summary or
# doc page changed without regenerating it (AIRLOCK_UPDATE_GOLDEN=1 rewrites it).
# Also checks that every rule's page has the four sections airlock explain
# promises, and that explain works for each id and for a squawk name.
set -u
build=$1 src=$2
airlock=$build/airlock
fail=0
if [ "${AIRLOCK_UPDATE_GOLDEN:-}" = 1 ]; then
    "$airlock" rules --markdown > "$src/docs/rules.md"
fi
if ! diff <("$airlock" rules --markdown) "$src/docs/rules.md" > /dev/null; then
    echo "FAIL: docs/rules.md is stale: run 'airlock rules --markdown > docs/rules.md'"
    fail=1
fi
for id in $("$airlock" rules --json | sed -n 's/^ *{"id": "\([^"]*\)".*/\1/p'); do
    page=$("$airlock" explain "$id") || { echo "FAIL: explain $id"; fail=1; continue; }
    for section in "## What" "## Why" "## Instead" "## Example"; do
        grep -q "^$section" <<<"$page" || { echo "FAIL: $id has no '$section' section"; fail=1; }
    done
done
"$airlock" explain ban-concurrent-index-creation-in-transaction | grep -q "^concurrently-in-transaction:" ||
    { echo "FAIL: explain of a squawk rule name"; fail=1; }
"$airlock" explain no-such-rule > /dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: explain of an unknown rule must exit 2"; fail=1; }
"$airlock" rules --help | grep -q "usage: airlock rules" || { echo "FAIL: rules --help"; fail=1; }
"$airlock" explain --help | grep -q "usage: airlock explain" || { echo "FAIL: explain --help"; fail=1; }
[ $fail -eq 0 ] && echo "rules_docs: ok"
exit $fail
