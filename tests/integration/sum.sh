#!/usr/bin/env bash
# airlock.sum: `airlock sum` writes it; check/lint then report a summed revision
# that changed, one that disappeared, and one inserted beneath released history,
# while a new revision after the last summed one is fine.
set -u
build=$1 src=$2
airlock=$build/airlock
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
fail=0
expect() { # description, command, expected exit, expected rule (or -)
    local out rc
    out=$(eval "$2" 2>&1); rc=$?
    if [ "$rc" != "$3" ] || { [ "$4" != - ] && ! grep -q "\"rule\": \"$4\"" <<<"$out"; }; then
        echo "FAIL: $1 (exit $rc, wanted $3 with ${4})"; printf '%s\n' "$out" | head -20; fail=1
    else
        echo "ok: $1"
    fi
}
cp -r "$src/testdata/shop" "$t/shop"
rm -f "$t/shop/airlock.sum"
expect "sum writes airlock.sum" "'$airlock' sum '$t/shop'" 0 -
[ "$(wc -l < "$t/shop/airlock.sum")" -eq 13 ] || { echo "FAIL: airlock.sum has $(wc -l < "$t/shop/airlock.sum") lines"; fail=1; }
tail -1 "$t/shop/airlock.sum" | grep -q '^chain sha256:[0-9a-f]\{64\}$' || { echo "FAIL: no chain line"; fail=1; }
# the chain line is the sha256 of the lines above it
want=$(head -n -1 "$t/shop/airlock.sum" | sha256sum | cut -d' ' -f1)
grep -q "^chain sha256:$want\$" "$t/shop/airlock.sum" || { echo "FAIL: chain hash"; fail=1; }
# each revision line is the sha256 of its file
id=$(sed -n 's/^-- airlock:revision //p' "$t/shop/003_orders.sql")
grep -q "^$id sha256:$(sha256sum < "$t/shop/003_orders.sql" | cut -d' ' -f1)\$" "$t/shop/airlock.sum" || { echo "FAIL: revision hash"; fail=1; }
expect "clean after sum" "'$airlock' check '$t/shop' --output json" 0 -
cp "$t/shop/003_orders.sql" "$t/orig.sql"
printf '\n-- a harmless-looking edit\n' >> "$t/shop/003_orders.sql"
expect "modified released revision" "'$airlock' check '$t/shop' --output json" 1 released-revision-modified
cp "$t/orig.sql" "$t/shop/003_orders.sql"
head=$(tail -2 "$t/shop/airlock.sum" | head -1 | cut -d' ' -f1)
printf -- '-- airlock:revision 0123456789ab\n-- airlock:parents %s\nCREATE TABLE audit_log (id bigint);\n-- airlock:down\nDROP TABLE audit_log;\n' "$head" > "$t/shop/013_audit.sql"
expect "new revision after the last summed one" "'$airlock' check '$t/shop' --output json" 0 -
rm "$t/shop/013_audit.sql"
mv "$t/shop/012_concurrent_indexes.sql" "$t/removed.sql"
expect "removed released revision" "'$airlock' check '$t/shop' --output json" 1 released-revision-removed
mv "$t/removed.sql" "$t/shop/012_concurrent_indexes.sql"
# insert a revision beneath released ones: a new base-side revision that 001 now descends from
mkdir "$t/lin" && for i in 1 2 3; do printf 'CREATE TABLE t%s (id bigint);\n' $i > "$t/lin/${i}0_t$i.sql"; done
expect "sum linear chain" "'$airlock' sum '$t/lin'" 0 -
printf 'CREATE TABLE t15 (id bigint);\n' > "$t/lin/15_t15.sql"
expect "inserted before released" "'$airlock' check '$t/lin' --output json" 1 revision-inserted-before-released
rm "$t/lin/15_t15.sql"
printf 'CREATE TABLE t4 (id bigint);\n' > "$t/lin/40_t4.sql"
expect "appended after released" "'$airlock' check '$t/lin' --output json" 0 -
sed -i 's/^10 /11 /' "$t/lin/airlock.sum"
expect "hand-edited sum file" "'$airlock' check '$t/lin' --output json" 2 invalid-sum-file
# sum refuses a broken chain and leaves no file behind
mkdir "$t/broken" && printf 'CREATE TABL x (id int);\n' > "$t/broken/1_x.sql"
expect "sum refuses errors" "'$airlock' sum '$t/broken'" 1 -
[ ! -e "$t/broken/airlock.sum" ] && ! ls "$t/broken" | grep -q tmp || { echo "FAIL: sum left a file"; fail=1; }
[ $fail -eq 0 ] && echo "sum: all passed"
exit $fail
