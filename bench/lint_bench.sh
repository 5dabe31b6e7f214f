#!/usr/bin/env bash
# lint_bench.sh - times `airlock lint` on a generated chain of N revisions
# (default 2000), each adding a table, altering an earlier one, indexing it
# and carrying a down part, so every stage (parse, simulation with up/down
# round trips, rules) scales with the chain. Prints revisions, statements,
# seconds and statements per second. Not run by ctest.
#   bash bench/lint_bench.sh [N] [BUILD_DIR]
set -euo pipefail
n=${1:-2000}
build=${2:-$(dirname "$0")/../build}
dir=$(mktemp -d /tmp/airlock-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
for ((i = 1; i <= n; i++)); do
    f=$(printf '%s/%05d_rev.sql' "$dir" "$i")
    {
        echo "CREATE TABLE t$i (id bigint PRIMARY KEY, a text, b integer NOT NULL DEFAULT 0, created_at timestamptz DEFAULT now());"
        if ((i > 1)); then
            j=$((i - 1))
            echo "SET lock_timeout = '2s';"
            echo "ALTER TABLE t$j ADD COLUMN c$i text;"
            echo "ALTER TABLE t$j ADD CONSTRAINT t${j}_b_check CHECK (b >= 0) NOT VALID;"
        fi
        echo "CREATE INDEX t${i}_a_idx ON t$i (a);"
        echo "INSERT INTO t$i (id, a) VALUES (1, 'x');"
        echo "-- airlock:down"
        if ((i > 1)); then
            echo "ALTER TABLE t$j DROP CONSTRAINT t${j}_b_check;"
            echo "ALTER TABLE t$j DROP COLUMN c$i;"
        fi
        echo "DROP TABLE t$i;"
    } > "$f"
done
stmts=$(grep -c ';' "$dir"/*.sql | awk -F: '{s += $2} END {print s}')
start=$(date +%s.%N)
"$build/airlock" lint "$dir" --no-config --no-sum --output gcc ${AIRLOCK_BENCH_ARGS:-} > "$dir.out" 2>&1 || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc)
printf 'revisions %d, statements %d, findings %d, %.2f s, %.0f statements/s\n' "$n" "$stmts" \
    "$(wc -l < "$dir.out")" "$secs" "$(echo "$stmts / $secs" | bc -l)"
rm -f "$dir.out"
