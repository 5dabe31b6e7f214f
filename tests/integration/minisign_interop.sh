# minisign_interop.sh - airlock's keys and signatures against the real
# minisign (Debian's package): an airlock signature verifies with
# `minisign -Vm MANIFEST -p NAME.pub -x MANIFEST.<KEYID>.minisig` after
# extraction; key pairs made by `minisign -G -W` (and an encrypted
# `minisign -G` one) sign bundles with airlock; a MANIFEST signed by
# `minisign -S` is accepted by `airlock verify`, detached or added with
# `airlock sign --signature`.
# usage: bash minisign_interop.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
B=$(cd "$1" && pwd)
S=$(cd "$2" && pwd)
A="$B/airlock"
if ! command -v minisign >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q minisign >/dev/null 2>&1 ||
        { echo "minisign_interop: minisign is not installed and cannot be"; exit 1; }
fi
T=$(mktemp -d /tmp/airlock-minisign.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
unset SOURCE_DATE_EPOCH AIRLOCK_PASSPHRASE_FILE
CHAIN="$S/testdata/shop"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { "$@" >log 2>&1 || { fail "$*"; sed 's/^/    /' log | head -5; }; sancheck "$@"; }
notok() { if "$@" >log 2>&1; then fail "accepted: $*"; fi; sancheck "$@"; }
sancheck() { if grep -q "Sanitizer" log; then fail "sanitizer report: $*"; grep -A5 Sanitizer log | head -20; fi; }
keyid() { sed -n '1s/^untrusted comment: minisign public key \([0-9A-F]\{16\}\)$/\1/p' "$1"; } # airlock's keys

# 1. An airlock signature verifies with the stock minisign after extraction.
ok "$A" keygen -o air --unencrypted
ok "$A" bundle --allow-findings "$CHAIN" --from base --to head --key air.key -o a.airlock --created 2026-11-24T10:00:00Z
mkdir x && tar --zstd -xf a.airlock -C x 2>/dev/null
ID=$(keyid air.pub)
[ -n "$ID" ] || fail "no key id in air.pub"
[ -f "x/MANIFEST.$ID.minisig" ] || fail "no MANIFEST.$ID.minisig in the bundle"
ok minisign -Vm x/MANIFEST -p air.pub -x "x/MANIFEST.$ID.minisig"
grep -q "project:shop" log || fail "minisign did not show airlock's trusted comment"
# ... and a changed MANIFEST is refused by minisign as well.
cp x/MANIFEST tampered && sed -i 's/^project shop$/project shoq/' tampered
notok minisign -Vm tampered -p air.pub -x "x/MANIFEST.$ID.minisig"

# 2. A key pair made by `minisign -G -W` signs bundles with airlock.
ok minisign -G -W -p ms.pub -s ms.key
ok "$A" bundle --allow-findings "$CHAIN" --from base --to head --key ms.key -o m.airlock --created 2026-11-24T10:00:00Z
ok "$A" verify m.airlock --trust ms.pub
mkdir y && tar --zstd -xf m.airlock -C y 2>/dev/null
# (minisign prints a key id without leading zeros; airlock names entries with all 16 digits)
ok minisign -Vm y/MANIFEST -p ms.pub -x y/MANIFEST.*.minisig
# An encrypted minisign key (scrypt), its passphrase given to airlock.
printf 'interop pass\ninterop pass\n' | minisign -G -p enc.pub -s enc.key >log 2>&1 || fail "minisign -G (encrypted)"
printf 'interop pass\n' >pass
AIRLOCK_PASSPHRASE_FILE=pass ok "$A" sign m.airlock --key enc.key -o m2.airlock
ok "$A" verify m2.airlock --trust ms.pub --trust enc.pub --threshold 2
# airlock's own key files work with minisign (secret key unencrypted here).
echo "some file" >f
ok minisign -Sm f -s air.key
ok minisign -Vm f -p air.pub

# 3. A MANIFEST signed by `minisign -S` is accepted by airlock verify.
ok minisign -Sm x/MANIFEST -s ms.key -t "release approved by ops"
ok "$A" verify a.airlock --trust air.pub --trust ms.pub --threshold 2 --signature x/MANIFEST.minisig
ok "$A" sign a.airlock --signature x/MANIFEST.minisig --pub ms.pub -o a2.airlock
ok "$A" verify a2.airlock --trust air.pub --trust ms.pub --threshold 2
ok "$A" inspect a2.airlock --trust ms.pub
grep -q "release approved by ops" log || fail "inspect does not show minisign's trusted comment"
# Its signature of another file is refused, detached or added.
ok minisign -Sm f -s ms.key -x wrong.minisig
notok "$A" verify a.airlock --trust ms.pub --signature wrong.minisig
notok "$A" sign a.airlock --signature wrong.minisig --pub ms.pub -o a3.airlock
[ ! -e a3.airlock ] || fail "a refused signature left a file"

if [ $fails -gt 0 ]; then
    echo "minisign_interop: $fails failure(s)"
    exit 1
fi
echo "minisign_interop: ok"
