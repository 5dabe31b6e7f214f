#!/usr/bin/env bash
# tests/fuzz/run_bundle.sh BUILD_DIR SOURCE_DIR - ctest's fuzz/bundle: makes
# the seeds (a one-revision bundle, a shop-sized bundle signed by two keys,
# their MANIFEST and .minisig entries and a public key), then runs the
# fuzz_bundle mutation driver over them.
set -euo pipefail
B=$(cd "$1" && pwd)
S=$(cd "$2" && pwd)
T=$(mktemp -d /tmp/airlock-fuzz-bundle.XXXXXX)
trap 'rm -rf "$T"' EXIT
MK=$B/bench/bench_mkbundle
"$MK" keygen "$T/k1" >/dev/null
"$MK" keygen "$T/k2" >/dev/null
cat >"$T/one.plan" <<'PLAN'
project fuzz
sequence 1
from base
to r1
revision r1 parents=- tx=on
CREATE TABLE t (id int PRIMARY KEY, v text);
PLAN
"$MK" build "$T/one.plan" -o "$T/one.airlock" --key "$T/k1.key"
export SOURCE_DATE_EPOCH=1795514400
"$B/airlock" keygen -o "$T/rel" --unencrypted >/dev/null
"$B/airlock" bundle "$S/testdata/shop" --from base --to head --key "$T/rel.key" -o "$T/shop.airlock" \
    --sequence 1 --expires 30d >/dev/null 2>&1
"$B/airlock" sign "$T/shop.airlock" --key "$T/k2.key" >/dev/null 2>&1 || true
mkdir "$T/x"
tar --zstd -xf "$T/one.airlock" -C "$T/x"
seeds=("$T/one.airlock" "$T/shop.airlock" "$T/rel.pub")
while IFS= read -r f; do seeds+=("$f"); done < <(find "$T/x" -type f \( -name MANIFEST -o -name '*.minisig' \))
exec "$B/tests/fuzz_bundle" "${seeds[@]}"
