#!/usr/bin/env bash
# bench/bench_apply.sh - applier benchmark: a generated bundle of N small
# revisions (default 1000; each CREATE TABLE with a primary key + one INSERT,
# tx=on) applied by airlock-apply (with its ledger, every revision in its own
# transaction with its history row), compared in the same run, on identical
# fresh databases of one PostgreSQL 15, with `psql -1 -f` of the concatenated
# SQL, with the same SQL with BEGIN/COMMIT around each revision (psql -f), and
# with dbmate (npm package, installed into a temp dir when missing).
# Prints the median of ROUNDS rounds per tool and the ratios.
#   usage: bash bench/bench_apply.sh [BUILD_DIR] [N] [ROUNDS]
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
N=${2:-1000}
ROUNDS=${3:-5}
. "$SRC/tests/pg.sh"
pg_start
W=$(mktemp -d /tmp/airlock-bench.XXXXXX)
trap 'pg_stop; rm -rf "$W"' EXIT

DBMATE=$(command -v dbmate || true)
if [ -z "$DBMATE" ]; then
    (cd "$W" && npm install --no-audit --no-fund --prefix npm dbmate >/dev/null 2>&1) &&
        DBMATE=$W/npm/node_modules/.bin/dbmate || echo "bench_apply: dbmate unavailable (npm)" >&2
fi

# --- the workload, in each tool's layout
mkdir -p "$W/dbmate"
{
    printf 'project bench\nsequence 1\nfrom base\nto r%d\n' "$N"
    for i in $(seq 1 "$N"); do
        p=$([ "$i" = 1 ] && echo - || echo "r$((i - 1))")
        sql="CREATE TABLE bench_$i (id int PRIMARY KEY, v text NOT NULL);
INSERT INTO bench_$i VALUES (1, 'x');"
        printf 'revision r%d parents=%s tx=on\n%s\n' "$i" "$p" "$sql"
        printf '%s\n' "$sql" >>"$W/all.sql"
        printf 'BEGIN;\n%s\nCOMMIT;\n' "$sql" >>"$W/pertx.sql"
        printf -- '-- migrate:up\n%s\n\n-- migrate:down\nDROP TABLE bench_%d;\n' "$sql" "$i" \
            >"$W/dbmate/$(printf '%06d' "$i")_r$i.sql"
    done
} >"$W/bench.plan"
"$BUILD/bench/bench_mkbundle" keygen "$W/k" >/dev/null
"$BUILD/bench/bench_mkbundle" build "$W/bench.plan" -o "$W/bench.airlock" --key "$W/k.key"

now() { date +%s.%N; }
run_tool() { # TOOL DB -> seconds on stdout
    local tool=$1 db=$2 t0 t1
    t0=$(now)
    case $tool in
    psql) psql -X -q -1 -v ON_ERROR_STOP=1 -d "$db" -f "$W/all.sql" >/dev/null ;;
    psql-tx) psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$W/pertx.sql" >/dev/null ;;
    airlock) "$BUILD/airlock-apply" "$W/bench.airlock" --trust "$W/k.pub" \
        --db "host=127.0.0.1 port=$PGPORT user=postgres dbname=$db" --skip-drift-check \
        --ledger "$W/ledger.sqlite" >/dev/null 2>"$W/airlock.err" ;;
    dbmate) "$DBMATE" --url "postgres://postgres@127.0.0.1:$PGPORT/$db?sslmode=disable" \
        --migrations-dir "$W/dbmate" --no-dump-schema up >/dev/null ;;
    esac
    t1=$(now)
    [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM pg_class WHERE relname LIKE 'bench\_%' AND relkind = 'r'")" = "$N" ] ||
        { echo "bench_apply: $tool did not create $N tables" >&2; exit 1; }
    echo "$t1 - $t0" | bc -l
}

tools=(psql psql-tx airlock)
[ -n "$DBMATE" ] && tools+=(dbmate)
for r in $(seq 1 "$ROUNDS"); do
    # rotate the order so that no tool always runs first
    for k in $(seq 0 $((${#tools[@]} - 1))); do
        tool=${tools[$(((k + r) % ${#tools[@]}))]}
        db="b_${tool//-/_}_$r"
        psql -X -q -c "CHECKPOINT" >/dev/null
        psql -X -q -c "CREATE DATABASE $db" >/dev/null
        s=$(run_tool "$tool" "$db")
        echo "$s" >>"$W/$tool.times"
        printf 'round %d %-8s %.3f s\n' "$r" "$tool" "$s"
        psql -X -q -c "DROP DATABASE $db" >/dev/null
    done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
best() { sort -n "$1" | head -1; }
# Noise on a shared machine only ever adds time: the best round is the
# closest to each tool's own cost; the median shows the spread.
report() { # STAT-FUNCTION LABEL
    local f=$1 mp mt ma md
    mp=$($f "$W/psql.times") mt=$($f "$W/psql-tx.times") ma=$($f "$W/airlock.times")
    echo "--- $2 of $ROUNDS rounds: $N revisions (2 statements each), PostgreSQL $(psql -X -At -c 'SHOW server_version'), load $(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'psql -1 -f     %.3f s   (one transaction for everything)\n' "$mp"
    printf 'psql -f        %.3f s   %.2fx psql (BEGIN/COMMIT around each revision, as airlock-apply)\n' \
        "$mt" "$(echo "$mt / $mp" | bc -l)"
    printf 'airlock-apply  %.3f s   %.2fx psql (goal <= 1.15x), %.2fx psql with a transaction per revision\n' \
        "$ma" "$(echo "$ma / $mp" | bc -l)" "$(echo "$ma / $mt" | bc -l)"
    if [ -n "$DBMATE" ]; then
        md=$($f "$W/dbmate.times")
        printf 'dbmate         %.3f s   %.2fx psql; dbmate / airlock-apply = %.2f\n' "$md" \
            "$(echo "$md / $mp" | bc -l)" "$(echo "$md / $ma" | bc -l)"
    fi
}
report best "best"
report median "median"
