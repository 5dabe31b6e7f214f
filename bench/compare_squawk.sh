#!/usr/bin/env bash
# compare_squawk.sh - runs squawk (npm squawk-cli) and `airlock lint` over the
# same migration chains and prints where they disagree, rule by rule, using
# the squawk names each airlock rule answers for (`airlock rules --json`).
#
#   bash bench/compare_squawk.sh [--airlock PATH] [--all] [DIR...]
#
# DIR: chain directories (a directory of *.sql revisions), or directories
# searched for them (default: testdata/rules/*/{fail,pass}). A squawk finding
# matches an airlock finding of a mapped rule in the same file whose line lies
# within the statement squawk points at. Printed per chain: "squawk only"
# (airlock silent) and "airlock only" (squawk silent); squawk rules airlock has
# no counterpart for (prefer-robust-stmts, ...) are counted but listed only
# with --all. squawk is installed into a temporary directory when it is not
# on PATH (npm install squawk-cli). Exit status: 0 (a report, not a test).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
airlock=${AIRLOCK:-$here/build/airlock}
show_all=0
dirs=()
while [ $# -gt 0 ]; do
    case $1 in
        --airlock) airlock=$2; shift 2 ;;
        --all) show_all=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) dirs+=("$1"); shift ;;
    esac
done
[ -x "$airlock" ] || { echo "compare_squawk: no airlock binary at $airlock (build first, or --airlock PATH)" >&2; exit 2; }

squawk=$(command -v squawk || true)
if [ -z "$squawk" ]; then
    tmp=$(mktemp -d /tmp/airlock-squawk.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    echo "compare_squawk: installing squawk-cli into $tmp ..." >&2
    npm install --silent --no-audit --no-fund --prefix "$tmp" squawk-cli >/dev/null 2>&1 ||
        { echo "compare_squawk: npm install squawk-cli failed" >&2; exit 2; }
    squawk=$tmp/node_modules/.bin/squawk
fi

if [ ${#dirs[@]} -eq 0 ]; then
    for d in "$here"/testdata/rules/*/fail "$here"/testdata/rules/*/pass; do dirs+=("$d"); done
fi
# expand to chain directories (those holding *.sql files)
# (diesel and Sqitch keep each revision's SQL in sub-directories: a directory
# with diesel's */up.sql, migrations/*/up.sql or a sqitch.plan is one chain)
nested() {
    [ -f "$1/sqitch.plan" ] || compgen -G "$1/*/up.sql" >/dev/null || compgen -G "$1/migrations/*/up.sql" >/dev/null
}
chains=()
for d in "${dirs[@]}"; do
    if ! compgen -G "$d/*.sql" >/dev/null && nested "$d"; then chains+=("$d"); continue; fi
    while IFS= read -r c; do chains+=("$c"); done < <(find "$d" -name '*.sql' -printf '%h\n' | sort -u)
done

work=$(mktemp -d /tmp/airlock-compare.XXXXXX)
trap 'rm -rf "$work" ${tmp:-}' EXIT
"$airlock" rules --json > "$work/rules.json"
i=0
for c in "${chains[@]}"; do
    i=$((i + 1))
    printf '%s\n' "$c" > "$work/$i.dir"
    "$airlock" lint "$c" --no-config --no-sum --output json > "$work/$i.airlock" 2>/dev/null || true
    # squawk lints each file on its own; a revision runs in a transaction
    # unless it says otherwise (airlock:transaction off, dbmate
    # transaction:false, goose NO TRANSACTION, Flyway executeInTransaction, a
    # script of its own BEGIN where the tool does not wrap it),
    # so squawk is told so (--assume-in-transaction) file by file
    : > "$work/$i.squawk"
    "$airlock" chain "$c" > "$work/$i.chain" 2>/dev/null || true
    # statements airlock read (up and down parts), for findings per 1,000
    awk '/^  (up|down): .*\([0-9]+ statements?\)$/{sub(/.*\(/, ""); n += $1} END{print n + 0}' \
        "$work/$i.chain" > "$work/$i.stmts"
    fmt=$(awk '/^format /{print $2; exit}' "$work/$i.chain")
    while IFS=$'\t' read -r f ftx; do
        tx=(--assume-in-transaction)
        if [ -n "$ftx" ]; then
            [ "$ftx" = off ] && tx=()
        else
            grep -qiE -- '--[[:space:]]*(airlock:transaction[[:space:]]+off|migrate:up.*transaction:false|\+goose[[:space:]]+NO[[:space:]]+TRANSACTION)' "$f" && tx=()
            grep -qs 'executeInTransaction=false' "$f.conf" && tx=()
        fi
        # Sqitch, golang-migrate and alembic --sql output run a script with
        # its own BEGIN ... COMMIT as it stands: no tool transaction around
        # it for that BEGIN to nest in
        case $fmt in sqitch|golang-migrate|alembic-sql) ;; *) false ;; esac &&
            grep -qiE '^[[:space:]]*(BEGIN|START[[:space:]]+TRANSACTION)([[:space:]]+(ISOLATION|READ)[^;]*)?[[:space:]]*;' "$f" && tx=()
        "$squawk" --reporter json "${tx[@]}" "$f" >> "$work/$i.squawk" 2>/dev/null || true
        echo >> "$work/$i.squawk"
    done < <(if nested "$c"; then
                 # the files airlock read, with the revision's transaction mode
                 awk '/^  tx: /{tx=$2} /^  (up|down): /{f=$2; sub(/:[0-9]+:[0-9]+$/, "", f); if (f != "-" && !seen[f]++) print f "\t" tx}' "$work/$i.chain"
             else
                 find "$c" -maxdepth 1 -name '*.sql' | sort -V
             fi)
done

python3 - "$work" "$i" "$show_all" "$("$squawk" --version 2>/dev/null || echo squawk)" <<'PY'
import json, os, sys
work, n, show_all, sq_version = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
rules = json.load(open(os.path.join(work, "rules.json")))
by_squawk = {}
for r in rules:
    for s in r["squawk"]:
        by_squawk.setdefault(s, set()).add(r["id"])
mapped_airlock = {r["id"] for r in rules if r["squawk"]}
# rules both tools report once per file (or revision part), wherever in it
file_level = {"require-timeout-settings", "require-lock-timeout", "require-statement-timeout"}

def load(path):
    """A JSON array, or several (one per line group, as squawk ran per file)."""
    out = []
    try:
        dec = json.JSONDecoder()
        txt = open(path).read()
        i = 0
        while True:
            while i < len(txt) and txt[i].isspace():
                i += 1
            if i >= len(txt):
                break
            v, i = dec.raw_decode(txt, i)
            out.extend(v if isinstance(v, list) else [v])
    except (OSError, ValueError):
        pass
    return out

tot = {"agree": 0, "squawk_only": 0, "airlock_only": 0, "unmapped": 0, "airlock_extra": 0,
       "stmts": 0, "squawk": 0, "airlock": 0}
unmapped_names = {}
for k in range(1, n + 1):
    chain = open(os.path.join(work, "%d.dir" % k)).read().strip()
    al = [d for d in load(os.path.join(work, "%d.airlock" % k)) if d.get("file") and d.get("line")]
    sq = load(os.path.join(work, "%d.squawk" % k))
    try:
        tot["stmts"] += int(open(os.path.join(work, "%d.stmts" % k)).read().strip() or 0)
    except (OSError, ValueError):
        pass
    tot["squawk"] += len(sq)
    tot["airlock"] += len(al)
    matched = set()
    squawk_only = []
    for s in sq:
        name = s.get("rule_name", "")
        targets = by_squawk.get(name)
        if not targets:
            tot["unmapped"] += 1
            unmapped_names[name] = unmapped_names.get(name, 0) + 1
            continue
        f = os.path.realpath(s["file"])
        lo, hi = s["line"] + 1, s.get("line_end", s["line"]) + 1
        # one airlock finding may answer several squawk findings: squawk reports
        # some hazards under two names or at each occurrence, and timeouts at
        # every statement
        hit = None
        for j, a in enumerate(al):
            if a["rule"] not in targets:
                continue
            if os.path.realpath(a["file"]) == f and (name in file_level or lo <= a["line"] <= hi):
                hit = j
                break
        if hit is None:
            squawk_only.append(s)
        else:
            matched.add(hit)
            tot["agree"] += 1
    # a file-level squawk finding answers for every airlock finding of its rule in that file
    for s in sq:
        name = s.get("rule_name", "")
        if name in file_level:
            f = os.path.realpath(s["file"])
            for j, a in enumerate(al):
                if a["rule"] in by_squawk.get(name, ()) and os.path.realpath(a["file"]) == f:
                    matched.add(j)
    airlock_only = [a for j, a in enumerate(al) if j not in matched and a["rule"] in mapped_airlock]
    extra = [a for j, a in enumerate(al) if j not in matched and a["rule"] not in mapped_airlock]
    tot["squawk_only"] += len(squawk_only)
    tot["airlock_only"] += len(airlock_only)
    tot["airlock_extra"] += len(extra)
    if not squawk_only and not airlock_only and not (show_all and extra):
        continue
    print("== %s" % os.path.relpath(chain))
    for s in squawk_only:
        print("  squawk only  %s:%d  %s: %s" % (os.path.relpath(s["file"]), s["line"] + 1, s["rule_name"], s["message"]))
    for a in airlock_only:
        print("  airlock only %s:%d  %s: %s" % (os.path.relpath(a["file"]), a["line"], a["rule"], a["message"]))
    if show_all:
        for a in extra:
            print("  airlock rule without a squawk counterpart %s:%d  %s" % (os.path.relpath(a["file"]), a["line"], a["rule"]))
print()
print("%s vs airlock over %d chains:" % (sq_version, n))
print("  agree: %d  squawk only: %d  airlock only: %d" % (tot["agree"], tot["squawk_only"], tot["airlock_only"]))
print("  squawk findings of rules airlock does not map: %d (%s)" % (tot["unmapped"],
      ", ".join("%s %d" % kv for kv in sorted(unmapped_names.items())) or "-"))
print("  airlock findings of rules squawk does not have: %d" % tot["airlock_extra"])
if tot["stmts"]:
    print("  statements: %d; findings per 1,000 statements: squawk %.0f, airlock %.0f" % (tot["stmts"],
          1000.0 * tot["squawk"] / tot["stmts"], 1000.0 * tot["airlock"] / tot["stmts"]))
PY
