#!/usr/bin/env bash
# tests/integration/formats_ids.sh BUILD_DIR SOURCE_DIR
# Identifiers airlock computes the way other tools do, checked against values
# computed here independently with coreutils:
#  - Sqitch change ids: SHA-1 (sha1sum) of "change <len>\0<info>", the info
#    block built from testdata/formats/sqitch/shop/sqitch.plan by awk;
#  - Flyway checksums: CRC-32 of the script without CR/LF, taken from a gzip
#    trailer, as a signed 32-bit integer.
set -euo pipefail
BUILD=$1 SRC=$2
AIRLOCK=$BUILD/airlock
cd "$SRC"
export LC_ALL=C
fail=0

# --- Sqitch: "data: change NAME ID ..." lines of the dump, in plan order
plan=testdata/formats/sqitch/shop/sqitch.plan
mapfile -t got < <("$AIRLOCK" chain testdata/formats/sqitch/shop --format sqitch --color never |
    awk '/^  data: change /{ print $4 }')
project=$(sed -n 's/^%project=//p' "$plan")
uri=$(sed -n 's/^%uri=//p' "$plan")
parent=
i=0
# change lines only (not pragmas, tags, blanks); the fixture has no escaped notes
while IFS= read -r line; do
    name=${line%% *}
    rest=${line#* }
    deps=
    if [[ $rest == \[* ]]; then
        deps=${rest%%]*}
        deps=${deps#[}
        rest=${rest#*] }
    fi
    date=${rest%% *}
    rest=${rest#* }
    planner=${rest%% #*}
    note=${rest#*# }
    info="project $project"
    [ -n "$uri" ] && info+=$'\n'"uri $uri"
    info+=$'\n'"change $name"
    [ -n "$parent" ] && info+=$'\n'"parent $parent"
    info+=$'\n'"planner $planner"$'\n'"date $date"
    req= con=
    for dep in $deps; do
        if [[ $dep == !* ]]; then con+=$'\n'"  - ${dep#!}"; else req+=$'\n'"  + $dep"; fi
    done
    [ -n "$req" ] && info+=$'\n'"requires$req"
    [ -n "$con" ] && info+=$'\n'"conflicts$con"
    [ -n "$note" ] && info+=$'\n\n'"$note"
    id=$({ printf 'change %d\0' "${#info}"; printf '%s' "$info"; } | sha1sum | cut -c1-40)
    if [ "${got[$i]:-}" != "$id" ]; then
        echo "FAIL: sqitch change $name: airlock ${got[$i]:-none}, sha1sum $id"
        fail=1
    fi
    parent=$id
    i=$((i + 1))
done < <(grep -Ev '^(%|@|#|$)' "$plan")
[ "$i" -eq "${#got[@]}" ] || { echo "FAIL: $i changes planned, airlock read ${#got[@]}"; fail=1; }
echo "formats_ids: $i Sqitch change ids checked"

# --- Flyway checksums
n=0
while read -r path sum; do
    crc=$(tr -d '\r\n' <"$path" | gzip -c | tail -c 8 | head -c 4 | od -An -t d4 | tr -d ' ')
    if [ "$crc" != "$sum" ]; then
        echo "FAIL: flyway checksum of $path: airlock $sum, crc32 $crc"
        fail=1
    fi
    n=$((n + 1))
done < <("$AIRLOCK" chain testdata/formats/flyway/shop --format flyway --color never |
    awk '/^  data: checksum=/{ split($2, c, "="); sum = c[2] } /^  file: /{ sub(/:1:1$/, "", $2); print $2, sum }')
[ "$n" -ge 12 ] || { echo "FAIL: only $n Flyway checksums found"; fail=1; }
echo "formats_ids: $n Flyway checksums checked"
exit $fail
