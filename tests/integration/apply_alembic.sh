# apply_alembic.sh - alembic_version kept exactly as Alembic keeps it. A real
# Alembic project (Debian's python3-alembic) with a branch and a merge
# (a -> b, a -> c, m = merge(b, c), d) produces its offline SQL for upgrade
# base:d and downgrade d:base; the same graph is applied step by step with
# airlock-apply bundles (version-table alembic) and, after every step, the
# alembic_version rows must equal those the offline SQL leaves. Afterwards
# Alembic itself still works on the database (current, downgrade online).
. "$2/tests/apply_lib.sh" "$1" "$2"
PY=/usr/bin/python3
if ! $PY -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null; then
    bash "$SRC/scripts/install-deps.sh" >/dev/null 2>&1
    $PY -c 'import alembic, sqlalchemy, psycopg2' || fail "python3-alembic/python3-psycopg2 missing (scripts/install-deps.sh)"
fi

# --- the Alembic project
mkdir -p "$T/alembic/mig/versions"
cat >"$T/alembic/mig/env.py" <<'EOF'
from alembic import context
from sqlalchemy import engine_from_config, pool
config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
EOF
revision() { # ID DOWN_REVISION(python literal)
    cat >"$T/alembic/mig/versions/$1.py" <<EOF
from alembic import op
revision = '$1'
down_revision = $2
branch_labels = None
depends_on = None
def upgrade():
    op.execute("CREATE TABLE t_$1 (id int)")
def downgrade():
    op.execute("DROP TABLE t_$1")
EOF
}
revision rev_a None
revision rev_b "'rev_a'"
revision rev_c "'rev_a'"
revision rev_m "('rev_b', 'rev_c')"
revision rev_d "'rev_m'"
alembic_ini() { # DB -> path of an alembic.ini for it
    printf '[alembic]\nscript_location = %s\nsqlalchemy.url = postgresql://postgres@127.0.0.1:%s/%s\n' \
        "$T/alembic/mig" "$PGPORT" "$1" >"$T/alembic/$1.ini"
    echo "$T/alembic/$1.ini"
}
pg_createdb offline >/dev/null
INI=$(alembic_ini offline)
$PY -m alembic -c "$INI" upgrade base:rev_d --sql >"$T/up.sql" 2>/dev/null || fail "alembic upgrade --sql"
$PY -m alembic -c "$INI" downgrade rev_d:base --sql >"$T/down.sql" 2>/dev/null || fail "alembic downgrade --sql"
grep -q '^DELETE FROM alembic_version' "$T/up.sql" || fail "the offline SQL has no merge"

# Splits Alembic's offline SQL at its '-- Running' markers: one segment per
# revision (the first keeps the CREATE TABLE alembic_version), and a list of
# "direction revision parents" lines in Alembic's order.
$PY - "$T" <<'PY' || fail "cannot split the offline SQL"
import re, sys
t = sys.argv[1]
for name in ("up", "down"):
    text = open(f"{t}/{name}.sql").read()
    text = "\n".join(l for l in text.splitlines() if l not in ("BEGIN;", "COMMIT;"))
    parts = re.split(r"^-- Running (upgrade|downgrade) (.*) -> (.*)$", text, flags=re.M)
    head, rest = parts[0], parts[1:]
    steps = open(f"{t}/{name}.steps", "w")
    for i in range(0, len(rest), 4):
        kind, frm, to, body = rest[i:i + 4]
        n = i // 4 + 1
        open(f"{t}/{name}.{n}.sql", "w").write((head if n == 1 else "") + body)
        if kind == "upgrade":   # revision 'to', parents 'from'
            rev, parents = to.strip(), frm.strip().replace(" ", "")
        else:                   # undo revision 'from', its parents are 'to'
            rev, parents = frm.strip(), to.strip().replace(" ", "")
        steps.write(f"{rev} {parents or '-'}\n")
PY

rows() { # the alembic_version rows of DB, sorted; empty when the table is absent
    sql "$1" "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version" 2>/dev/null || true
}

# --- step by step: Alembic's offline SQL on one database, airlock-apply on another
ALE=$(pg_createdb by_alembic)
OURS=$(pg_createdb by_airlock)
seq=0 prev=base
for dir in up down; do
    n=0
    while read -r rev parents; do
        n=$((n + 1)) seq=$((seq + 1))
        psql -X -q -v ON_ERROR_STOP=1 -1 -d "$ALE" -f "$T/$dir.$n.sql" >/dev/null || fail "offline SQL $dir.$n"
        if [ $dir = up ]; then
            body="CREATE TABLE t_$rev (id int);" to=$rev
        else
            body="DROP TABLE t_$rev;" to=${parents%%,*}
            [ "$to" = - ] && to=base
        fi
        printf 'project alm\nsequence %s\nversion-table alembic\ndirection %s\nfrom %s\nto %s\nrevision %s parents=%s tx=on\n%s\n' \
            $seq $dir "$prev" "$to" "$rev" "$parents" "$body" >"$T/step$seq.plan"
        [ $dir = down ] && sed -i "s/^from .*/from $rev/" "$T/step$seq.plan"
        mkbundle "$T/step$seq.plan" "$T/step$seq.airlock"
        expect_rc 0 "$APPLY" "$T/step$seq.airlock" --trust "$T/k1.pub" --db "$OURS" --skip-drift-check
        a=$(rows "$ALE") o=$(rows "$OURS")
        [ "$a" = "$o" ] || fail "after $dir of $rev: Alembic leaves '$a', airlock-apply '$o'"
        echo "after $dir of $rev: alembic_version = {$o}" | tee -a "$T/steps.log"
        prev=$rev
    done <"$T/$dir.steps"
done
# The walk went through both two-head states (branch, then unmerge).
[ "$(grep -c '= {rev_b,rev_c}$' "$T/steps.log")" = 2 ] || fail "no two-head state: $(cat "$T/steps.log")"
[ "$(wc -l <"$T/steps.log")" = 10 ] || fail "expected 10 steps: $(cat "$T/steps.log")"

# --- one bundle for the whole upgrade, then Alembic itself on the result
FULL=$(pg_createdb full)
{
    printf 'project alm2\nsequence 1\nversion-table alembic\nfrom base\nto rev_d\n'
    while read -r rev parents; do
        printf 'revision %s parents=%s tx=on\nCREATE TABLE t_%s (id int);\n' "$rev" "$parents" "$rev"
    done <"$T/up.steps"
} >"$T/full.plan"
mkbundle "$T/full.plan" "$T/full.airlock"
expect_rc 0 "$APPLY" "$T/full.airlock" --trust "$T/k1.pub" --db "$FULL" --skip-drift-check
[ "$(rows "$FULL")" = rev_d ] || fail "full bundle: $(rows "$FULL")"
[ "$(sql "$FULL" "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num'")" = "character varying(32) true" ] ||
    fail "alembic_version column differs from Alembic's"
[ "$(sql "$FULL" "SELECT conname FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass")" = alembic_version_pkc ] ||
    fail "alembic_version primary key is not alembic_version_pkc"
FINI=$(alembic_ini full)
$PY -m alembic -c "$FINI" current 2>/dev/null | grep -q '^rev_d (head)' || fail "alembic current: $($PY -m alembic -c "$FINI" current 2>&1)"
$PY -m alembic -c "$FINI" upgrade head >/dev/null 2>&1 || fail "alembic upgrade head after airlock-apply"
$PY -m alembic -c "$FINI" downgrade rev_b >/dev/null 2>&1 || fail "alembic downgrade online after airlock-apply"
[ "$(rows "$FULL")" = "rev_b" ] || [ "$(rows "$FULL")" = "rev_b,rev_c" ] || fail "after alembic downgrade: $(rows "$FULL")"
[ "$(sql "$FULL" "SELECT to_regclass('t_rev_m') IS NULL AND to_regclass('t_rev_d') IS NULL")" = t ] ||
    fail "alembic's online downgrade did not run"
echo "apply_alembic: ok"
