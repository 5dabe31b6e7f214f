# bundle_cli.sh - `airlock keygen/bundle/sign/verify/inspect` end to end on
# the example chain: keys and passphrases, reproducible bytes, k-of-n
# signing, down bundles, no output file on failure, and hostile bundles
# crafted with stock tar/zstd, each refused with its own exit code and message
# while nothing is written (cwd and TMPDIR stay empty).
# usage: bash bundle_cli.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
B=$(cd "$1" && pwd)
S=$(cd "$2" && pwd)
A="$B/airlock"
T=$(mktemp -d /tmp/airlock-bundle-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
mkdir keys work tmp log g
export TMPDIR="$T/tmp"
unset SOURCE_DATE_EPOCH AIRLOCK_PASSPHRASE_FILE
fails=0
CHAIN="$S/testdata/shop"
CREATED=2026-11-24T10:00:00Z

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run WANT_RC GREP_FRAGMENT CMD...: runs CMD, checks its exit code and that
# stdout+stderr contain the fragment.
run() {
    local want=$1 frag=$2
    shift 2
    set +e
    (cd "${RUN_DIR:-$T}" && "$@") >"$T/log/out" 2>"$T/log/err"
    local rc=$?
    set -e
    if grep -q "Sanitizer" "$T/log/err"; then
        fail "$* -> sanitizer report"
        grep -A5 "Sanitizer" "$T/log/err" | head -20
    elif [ "$rc" != "$want" ]; then
        fail "$* -> exit $rc, want $want"
        sed 's/^/    /' log/out log/err | head -5
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" log/out log/err; then
        fail "$* -> output lacks '$frag'"
        sed 's/^/    /' log/out log/err | head -5
    fi
}

# refuse WANT_RC FRAGMENT FILE: airlock verify refuses FILE and writes nothing.
refuse() {
    local want=$1 frag=$2 file=$3
    RUN_DIR="$T/work" run "$want" "$frag" "$A" verify "$file" --trust "$T/keys/k1.pub"
    if [ -n "$(find work tmp -mindepth 1)" ]; then
        fail "verify of $file left files behind: $(find work tmp -mindepth 1)"
        rm -rf work/* tmp/*
    fi
}

# --- keys ---------------------------------------------------------------------
run 0 "wrote keys/k1.key (unencrypted secret key)" "$A" keygen -o keys/k1 --unencrypted
run 0 "" "$A" keygen -o keys/k2 --unencrypted
run 0 "" "$A" keygen -o keys/k3 --unencrypted
[ "$(stat -c %a keys/k1.key)" = 600 ] || fail "secret key mode is $(stat -c %a keys/k1.key)"
[ "$(stat -c %a keys/k1.pub)" = 644 ] || fail "public key mode is $(stat -c %a keys/k1.pub)"
head -1 keys/k1.pub | grep -q '^untrusted comment: minisign public key [0-9A-F]\{16\}$' || fail "public key comment"
cp keys/k1.key log/k1.key.before
run 2 "already exists: not overwriting it" "$A" keygen -o keys/k1 --unencrypted
cmp -s keys/k1.key log/k1.key.before || fail "keygen overwrote a key"
# No terminal and no AIRLOCK_PASSPHRASE_FILE: a clear error, no files.
run 2 "no terminal" setsid "$A" keygen -o keys/nopass </dev/null
[ ! -e keys/nopass.key ] && [ ! -e keys/nopass.pub ] || fail "keygen without passphrase left files"
run 0 "" "$A" keygen --help

# --- bundle, verify, reproducibility ------------------------------------------
# A chain with error findings (lint rules): refused unless allowed.
mkdir rewrite
printf 'CREATE TABLE items (id bigint PRIMARY KEY, n integer NOT NULL);\n' >rewrite/001_items.sql
printf 'ALTER TABLE items ALTER COLUMN n TYPE bigint;\n' >rewrite/002_widen.sql
run 1 "error[changing-column-type]" "$A" bundle rewrite --from base --to head --key keys/k1.key -o strict.airlock
grep -q "fix them or pass --allow-findings" log/err || fail "no hint about --allow-findings"
[ ! -e strict.airlock ] || fail "a refused bundle left a file"
run 0 "wrote strict.airlock" "$A" bundle --allow-findings rewrite --from base --to head --key keys/k1.key \
    -o strict.airlock
# The example chain's only error finding is suppressed with a reviewed ignore: it bundles as it is.
run 0 "wrote shopclean.airlock" "$A" bundle "$CHAIN" --from base --to head --key keys/k1.key -o shopclean.airlock
# A chain with warnings only is bundled as it is.
mkdir clean
printf 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);\n-- airlock:down\nDROP TABLE accounts;\n' \
    >clean/001_accounts.sql
printf 'ALTER TABLE accounts ADD COLUMN note text;\n-- airlock:down\nALTER TABLE accounts DROP COLUMN note;\n' \
    >clean/002_note.sql
run 0 "wrote clean.airlock: project clean" "$A" bundle clean --from base --to head --key keys/k1.key \
    -o clean.airlock --created $CREATED
run 0 "2 revisions" "$A" verify clean.airlock --trust keys/k1.pub
run 0 "wrote shop.airlock" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o shop.airlock \
    --created $CREATED --expires 30d --sequence 12
run 0 "verified: project shop, sequence 12" "$A" verify shop.airlock --trust keys/k1.pub
run 0 "" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o again.airlock \
    --created $CREATED --expires 30d --sequence 12
cmp -s shop.airlock again.airlock || fail "same inputs gave different bytes"
SOURCE_DATE_EPOCH=1795514400 run 0 "" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key \
    -o sde.airlock --expires 30d --sequence 12
cmp -s shop.airlock sde.airlock || fail "SOURCE_DATE_EPOCH did not give the --created bytes"
run 0 "" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o later.airlock \
    --created 2026-11-24T10:00:01Z --expires 30d --sequence 12
cmp -s shop.airlock later.airlock && fail "a different --created gave the same bytes"
# The default sequence is the creation time.
run 0 "sequence 1795514400" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o seq.airlock \
    --created $CREATED

# Inspect, text and JSON.
run 0 "version-table  airlock" "$A" inspect shop.airlock
grep -q "expires        2026-12-24T10:00:00Z" log/out || fail "inspect shows no expiry"
grep -q "not checked (no --trust)" log/out || fail "inspect signer status"
run 0 '"project":"shop","sequence":12' "$A" inspect shop.airlock --output json --trust keys/k1.pub
grep -q '"verified":true' log/out || fail "inspect --trust did not verify the signer"
grep -q '"statements":' log/out || fail "inspect json has no statement counts"

# Sub-ranges and a downgrade.
FIRST=$(sed -n 's/^revision 1 \([^ ]*\) .*/\1/p' < <(tar --zstd -xOf shop.airlock MANIFEST))
[ -n "$FIRST" ] || fail "no first revision in MANIFEST"
run 0 "up from $FIRST to" "$A" bundle --allow-findings "$CHAIN" --from "$FIRST" --to head --key keys/k1.key -o part.airlock \
    --created $CREATED
run 0 "down from" "$A" bundle --allow-findings "$CHAIN" --from head --to "$FIRST" --key keys/k1.key -o down.airlock \
    --created $CREATED
run 0 "direction      down" "$A" inspect down.airlock
# The schema texts are the simulator's, as `airlock schema` prints them.
mkdir sx
tar --zstd --warning=no-timestamp -xf part.airlock -C sx
HEAD=$(sed -n 's/^to \(.*\)/\1/p' sx/MANIFEST)
"$A" schema "$CHAIN" >log/head.schema
"$A" schema --at "$FIRST" "$CHAIN" >log/first.schema
cmp -s sx/schema/_from.schema log/first.schema || fail "schema/_from.schema is not the schema at --from"
cmp -s "sx/schema/$HEAD.schema" log/head.schema || fail "schema after the last revision is not the head schema"
grep -q "^table public\." log/head.schema || fail "the head schema has no table"
rm -rf sx && mkdir sx
tar --zstd --warning=no-timestamp -xf down.airlock -C sx
cmp -s sx/schema/_from.schema log/head.schema || fail "a downgrade does not start from the head schema"
LAST=$(sed -n 's/^revision [0-9]* \([^ ]*\) .*/\1/p' sx/MANIFEST | tail -1)
NEXT=$(sed -n "s/^revision [0-9]* $LAST parents=\([^ ,]*\) .*/\1/p" sx/MANIFEST)
[ "$NEXT" = "$FIRST" ] || fail "the downgrade does not stop above $FIRST"
cmp -s "sx/schema/$LAST.schema" log/first.schema || fail "a downgrade does not end at the schema of --to"
rm -rf sx
run 2 "holds no revision" "$A" bundle --allow-findings "$CHAIN" --from head --to head --key keys/k1.key -o none.airlock
run 2 "unknown revision" "$A" bundle --allow-findings "$CHAIN" --from base --to nosuchrev --key keys/k1.key -o none.airlock
[ ! -e none.airlock ] || fail "a failed bundle left a file"

# No output at all on failure: bad key, bad chain, bad directory.
run 2 "cannot open" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/missing.key -o nokey.airlock
[ ! -e nokey.airlock ] || fail "bundle with a missing key left a file"
run 1 "error findings" "$A" bundle "$S/testdata/bad/syntax-middle" --from base --to head --key keys/k1.key \
    -o bad.airlock
[ ! -e bad.airlock ] || fail "bundle of a broken chain left a file"
run 2 "" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o nodir/x.airlock
[ -z "$(ls -A tmp)" ] || fail "bundle left temporary files"
ls | grep -q tmp[A-Za-z0-9] && fail "bundle left a temporary file next to the output"

# --- co-signing and thresholds --------------------------------------------------
run 0 "signature added" "$A" sign shop.airlock --key keys/k2.key -o two.airlock
run 0 "signed by 2 distinct trusted keys" "$A" verify two.airlock --trust keys/k1.pub --trust keys/k2.pub \
    --threshold 2
run 20 "1 of 2 required signatures" "$A" verify shop.airlock --trust keys/k1.pub --trust keys/k2.pub --threshold 2
run 20 "the same key was trusted twice and counts once" "$A" verify shop.airlock --trust keys/k1.pub \
    --trust keys/k1.pub --threshold 2
run 19 "no signature by a trusted key" "$A" verify shop.airlock --trust keys/k3.pub
run 2 "already signed" "$A" sign two.airlock --key keys/k2.key -o three.airlock
# The co-signature changed nothing but the new entry.
tar --zstd -tvf shop.airlock | sort >log/t1
tar --zstd -tvf two.airlock | sort >log/t2
[ "$(comm -13 log/t1 log/t2 | wc -l)" = 1 ] && [ "$(comm -23 log/t1 log/t2 | wc -l)" = 0 ] ||
    fail "sign changed more than one entry"

# Encrypted keys: passphrase from AIRLOCK_PASSPHRASE_FILE (scrypt at minisign's limits).
printf 'correct horse battery\n' >keys/pass
printf 'wrong horse\n' >keys/wrong
AIRLOCK_PASSPHRASE_FILE=keys/pass run 0 "encrypted secret key" "$A" keygen -o keys/enc
AIRLOCK_PASSPHRASE_FILE=keys/wrong run 2 "wrong passphrase" "$A" sign shop.airlock --key keys/enc.key -o enc.airlock
[ ! -e enc.airlock ] || fail "sign with a wrong passphrase left a file"
AIRLOCK_PASSPHRASE_FILE=keys/pass run 0 "signature added" "$A" sign shop.airlock --key keys/enc.key -o enc.airlock
run 0 "" "$A" verify enc.airlock --trust keys/enc.pub --trust keys/k1.pub --threshold 2

# --- hostile bundles --------------------------------------------------------------
tar --zstd -xf shop.airlock -C g 2>/dev/null
# pack DIR OUT [tar options]: a pax tar of DIR's entries, sorted, zstd-compressed.
pack() {
    local dir=$1 out=$2
    shift 2
    (cd "$dir" && find . -mindepth 1 ! -type d | sed 's|^\./||' | LC_ALL=C sort |
        tar --format=pax --owner=0 --group=0 --numeric-owner --no-recursion "$@" -cf - -T -) | zstd -q -o "$out"
}
fresh() { rm -rf h && cp -a g h; }

fresh && pack h plain.airlock
refuse 11 "not the canonical encoding" "$T/plain.airlock"
fresh && echo "DROP DATABASE prod;" >h/revisions/evil.sql && pack h extra.airlock
refuse 21 "entry 'revisions/evil.sql' is not listed in the manifest" "$T/extra.airlock"
fresh && rm h/revisions/000002-*/down.sql && pack h missing.airlock
refuse 22 "is listed in the manifest but missing from the archive" "$T/missing.airlock"
fresh && (cd h && find . -mindepth 1 ! -type d | sed 's|^\./||' | LC_ALL=C sort |
    tar --format=pax --no-recursion -cf ../dup.tar -T - && tar --format=pax -rf ../dup.tar MANIFEST) &&
    zstd -q -f dup.tar -o dup.airlock
refuse 14 "entry 'MANIFEST' appears more than once" "$T/dup.airlock"
fresh && ln -s /etc/passwd h/revisions/link.sql && pack h symlink.airlock
refuse 13 "entry 'revisions/link.sql' is a symbolic link" "$T/symlink.airlock"
fresh && ln h/MANIFEST h/revisions/hard.sql && pack h hardlink.airlock
refuse 13 "is a hard link" "$T/hardlink.airlock"
fresh && mkfifo h/revisions/fifo && pack h fifo.airlock
refuse 13 "entry 'revisions/fifo' is a FIFO" "$T/fifo.airlock"
if [ "$(id -u)" = 0 ]; then
    fresh && mknod h/revisions/null c 1 3 && pack h device.airlock
    refuse 13 "entry 'revisions/null' is a character device" "$T/device.airlock"
fi
fresh && (cd h && tar --format=pax -P -cf - MANIFEST "$T/g/MANIFEST") | zstd -q -o abs.airlock
refuse 12 "has an absolute path" "$T/abs.airlock"
fresh && (cd h && tar --format=pax -P -cf - MANIFEST ../g/MANIFEST) | zstd -q -o dotdot.airlock
refuse 12 "has a '..' component" "$T/dotdot.airlock"
fresh && truncate -s 10G h/schema/huge.schema && pack h huge.airlock --sparse
refuse 15 "declares 10737418240 bytes, over the limit" "$T/huge.airlock"
fresh && truncate -s 200M h/schema/bomb.schema && pack h bomb.airlock
[ "$(stat -c %s bomb.airlock)" -lt 209716 ] || fail "the bomb is not 1000:1 ($(stat -c %s bomb.airlock) bytes)"
refuse 16 "decompression bomb" "$T/bomb.airlock"
fresh && sed -i '4s/.*/created yesterday/' h/MANIFEST && pack h badline.airlock
refuse 17 "MANIFEST:4:9: expected a time" "$T/badline.airlock"
fresh && sed -i 's/^sequence 12$/sequence 13/' h/MANIFEST && pack h resigned.airlock
refuse 18 "does not verify" "$T/resigned.airlock"
fresh && f=$(ls h/revisions/000001-*/up.sql) && sed -i 's/CREATE/create/' "$f" && pack h content.airlock
refuse 23 "does not match the manifest" "$T/content.airlock"
head -c 5000 /dev/urandom >random.airlock
refuse 10 "not a zstd-compressed tar archive" "$T/random.airlock"
refuse 2 "cannot open" "$T/no-such.airlock"

run 0 "" "$A" bundle --allow-findings "$CHAIN" --from base --to head --key keys/k1.key -o old.airlock \
    --created 2000-01-01T00:00:00Z --expires 1d --sequence 3
refuse 24 "the bundle expired at 2000-01-02T00:00:00Z" "$T/old.airlock"
run 0 "2000-01-02T00:00:00Z (expired)" "$A" inspect old.airlock
RUN_DIR="$T/work" run 25 "bundle sequence 12 is not above 12" "$A" verify "$T/shop.airlock" \
    --trust "$T/keys/k1.pub" --min-sequence 12
RUN_DIR="$T/work" run 0 "" "$A" verify "$T/shop.airlock" --trust "$T/keys/k1.pub" --min-sequence 11

# Byte changes and truncations through the CLI (the unit test flips every byte).
size=$(stat -c %s shop.airlock)
for ((i = 0; i < size; i += 211)); do
    cp shop.airlock flip.airlock
    printf "$(printf '\\%03o' $(((0x$(xxd -s $i -l 1 -p shop.airlock) ^ 0x55))))" |
        dd of=flip.airlock bs=1 seek=$i conv=notrunc status=none
    set +e
    (cd work && "$A" verify "$T/flip.airlock" --trust "$T/keys/k1.pub" >/dev/null 2>&1)
    rc=$?
    set -e
    [ $rc -ge 10 ] && [ $rc -le 25 ] || fail "byte $i changed: exit $rc"
done
for ((k = 0; k < size; k += 512)); do
    head -c $k shop.airlock >cut.airlock
    set +e
    (cd work && "$A" verify "$T/cut.airlock" --trust "$T/keys/k1.pub" >/dev/null 2>&1)
    rc=$?
    set -e
    [ $rc -ge 10 ] && [ $rc -le 25 ] || fail "truncated at $k: exit $rc"
done
[ -z "$(find work tmp -mindepth 1)" ] || fail "verify left files: $(find work tmp -mindepth 1)"

if [ $fails -gt 0 ]; then
    echo "bundle_cli: $fails failure(s)"
    exit 1
fi
echo "bundle_cli: ok"
