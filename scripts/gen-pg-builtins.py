#!/usr/bin/env python3
# gen-pg-builtins.py - regenerates lint/pg_builtins.c from a live PostgreSQL 15:
# the builtin types, functions, operators, casts and keywords the expression
# analyser (lint/expr.c) needs to resolve types the way PostgreSQL's parser does.
# These are catalog facts (pg_type, pg_proc, pg_operator, pg_cast,
# pg_get_keywords()), not code. Usage: PGHOST=... PGPORT=... gen-pg-builtins.py OUT.c
import subprocess, sys

def q(sql):
    out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-d", "postgres", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l]

def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

ver = q("show server_version_num")[0][0]
assert ver.startswith("15"), ver
types = q("""select t.oid, t.typname, format_type(t.oid, NULL), t.typtype, t.typcategory,
                    t.typispreferred, t.typelem, t.typarray, t.typcollation <> 0, t.typlen
             from pg_type t where t.typnamespace = 'pg_catalog'::regnamespace
               and t.typtype <> 'c' order by t.oid""")
bad = "('internal'::regtype, 'cstring'::regtype)"
procs = q(f"""select p.oid, p.proname, p.prorettype, p.proretset, p.provolatile, p.prokind,
                     p.provariadic, p.pronargdefaults, array_to_string(p.proargtypes::oid[], ',')
              from pg_proc p where p.pronamespace = 'pg_catalog'::regnamespace
                and p.prorettype not in {bad}
                and not (p.proargtypes::oid[] && array[{bad[1:-1]}]::oid[])
              order by p.proname, p.oid""")
ops = q("""select o.oid, o.oprname, o.oprkind, o.oprleft, o.oprright, o.oprresult, o.oprcode::oid
           from pg_operator o where o.oprnamespace = 'pg_catalog'::regnamespace
           order by o.oprname, o.oid""")
casts = q("""select castsource, casttarget, castfunc, castcontext, castmethod from pg_cast
             order by castsource, casttarget""")
kws = q("select word, catcode from pg_get_keywords() order by word")
opclasses = q("""select c.opcname, a.amname, c.opcintype, c.opcdefault from pg_opclass c
                 join pg_am a on a.oid = c.opcmethod
                 where c.opcnamespace = 'pg_catalog'::regnamespace order by 2, 1, 3""")
ams = q("select amname from pg_am where amtype = 'i' order by 1")
# configuration parameters, for SET / set_config: pg_settings, the ones it hides
# (GUC_NO_SHOW_ALL) and the old names SET still maps (sort_mem, vacuum_mem); the
# hidden ones were found by trying every identifier in the postgres binary
gucs = q("""select name, context from (
              select lower(name) as name, context from pg_settings
              union all
              select n, c from (values ('role', 'user'), ('session_authorization', 'user'),
                                       ('seed', 'user'), ('is_superuser', 'internal'),
                                       ('default_with_oids', 'user'), ('sort_mem', 'user'),
                                       ('ssl_renegotiation_limit', 'user'),
                                       ('vacuum_mem', 'user')) v(n, c)
              where current_setting(n, true) is not null) g
            order by name collate "C" """)
collations = q("select distinct collname from pg_collation where collnamespace = 'pg_catalog'::regnamespace and collencoding in (-1, 6) order by 1")

# Extensions: every member type, function, operator, operator class and cast,
# with types named (schema-less for the extension's own, typname for pg_catalog).
def qdb(db, sql):
    out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-d", db, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.splitlines() if l]

exts = q("""select e.name, e.version, coalesce(array_to_string(e.requires, ','), ''),
                   e.relocatable, coalesce(e.schema, ''), coalesce(a.comment, '')
            from pg_available_extension_versions e
            join pg_available_extensions a on a.name = e.name and a.default_version = e.version
            where e.name <> 'plpgsql' order by 1""")
ext_lines = []
TN = """(case when t.typnamespace = 'pg_catalog'::regnamespace then t.typname
              else '@' || t.typname end)"""
for name, version, requires, reloc, schema, ext_comment in exts:
    db = "gen_ext"
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f'drop database if exists {db}', "-c", f'create database {db}'],
                   check=True, capture_output=True)
    try:
        qdb(db, f'create extension "{name}" cascade')
    except subprocess.CalledProcessError:
        continue
    eoid = qdb(db, f"select oid from pg_extension where extname = '{name}'")[0][0]
    ext_lines.append(f"ext {name} {version} {requires or '-'} {'r' if reloc == 't' else 'f'} {schema or '-'} {ext_comment}")
    member = f"select objid from pg_depend where refclassid = 'pg_extension'::regclass and refobjid = {eoid} and deptype = 'e' and classid = "
    for r in qdb(db, f"""select t.typname, t.typtype, t.typcategory, t.typispreferred,
                             coalesce((select {TN.replace('t.', 'b.')} from pg_type b where b.oid = t.typbasetype), '-')
                      from pg_type t where t.oid in ({member}'pg_type'::regclass) and t.typelem = 0 order by 1"""):
        ext_lines.append("type " + " ".join(r))
    for r in qdb(db, f"""select p.proname, p.prokind, p.provolatile, p.proretset,
                             (select {TN} from pg_type t where t.oid = p.prorettype),
                             coalesce((select string_agg({TN}, ',' order by k) from unnest(p.proargtypes::oid[]) with ordinality a(o, k)
                                       join pg_type t on t.oid = a.o), '-'),
                             p.pronargdefaults, p.provariadic <> 0
                      from pg_proc p where p.oid in ({member}'pg_proc'::regclass) order by 1, 6"""):
        ext_lines.append("func " + " ".join(r))
    for r in qdb(db, f"""select o.oprname, o.oprkind,
                             coalesce((select {TN} from pg_type t where t.oid = o.oprleft), '-'),
                             (select {TN} from pg_type t where t.oid = o.oprright),
                             (select {TN} from pg_type t where t.oid = o.oprresult),
                             (select p.proname from pg_proc p where p.oid = o.oprcode)
                      from pg_operator o where o.oid in ({member}'pg_operator'::regclass) order by 1, 3, 4"""):
        ext_lines.append("op " + " ".join(r))
    for r in qdb(db, f"""select c.opcname, a.amname, (select {TN} from pg_type t where t.oid = c.opcintype), c.opcdefault
                      from pg_opclass c join pg_am a on a.oid = c.opcmethod
                      where c.oid in ({member}'pg_opclass'::regclass) order by 2, 1"""):
        ext_lines.append("opclass " + " ".join(r))
    for r in qdb(db, f"""select (select {TN} from pg_type t where t.oid = c.castsource),
                             (select {TN} from pg_type t where t.oid = c.casttarget),
                             c.castcontext, c.castmethod,
                             coalesce((select p.proname from pg_proc p where p.oid = c.castfunc), '-')
                      from pg_cast c where c.oid in ({member}'pg_cast'::regclass) order by 1, 2"""):
        ext_lines.append("cast " + " ".join(r))
subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", "drop database if exists gen_ext"], check=True, capture_output=True)

o = []
w = o.append
w("/*")
w(" * pg_builtins.c - GENERATED by scripts/gen-pg-builtins.py from PostgreSQL %s:" % ver)
w(" * builtin types, functions, operators, casts and keywords (catalog facts).")
w(" * Do not edit; regenerate. Read through lint/pg_builtins.h.")
w(" */")
w('#include "lint/pg_builtins.h"')
w("")
w("const struct pgb_type pgb_types[] = {")
for r in types:
    oid, name, fmt, typtype, cat, pref, elem, arr, coll, typlen = r
    w("    {%s, %s, %s, '%s', '%s', %d, %s, %s, %d, %s}," % (oid, cstr(name), cstr(fmt), typtype, cat,
      pref == "t", elem, arr, coll == "t", typlen))
w("};")
w("const unsigned pgb_ntypes = sizeof pgb_types / sizeof pgb_types[0];")
w("")
pool = []
w("const struct pgb_proc pgb_procs[] = {")
for r in procs:
    oid, name, ret, retset, vol, kind, variadic, ndef, args = r
    a = [x for x in args.split(",") if x]
    off = len(pool)
    pool.extend(a)
    w("    {%s, %s, %s, %d, '%s', '%s', %s, %s, %d, %d}," % (oid, cstr(name), ret, retset == "t", vol, kind,
      variadic, ndef, len(a), off))
w("};")
w("const unsigned pgb_nprocs = sizeof pgb_procs / sizeof pgb_procs[0];")
w("const unsigned pgb_proc_args[] = {")
for i in range(0, len(pool), 16):
    w("    " + ", ".join(pool[i:i + 16]) + ",")
w("};")
w("")
w("const struct pgb_oper pgb_opers[] = {")
for r in ops:
    oid, name, kind, left, right, res, code = r
    w("    {%s, %s, '%s', %s, %s, %s, %s}," % (oid, cstr(name), kind, left, right, res, code))
w("};")
w("const unsigned pgb_nopers = sizeof pgb_opers / sizeof pgb_opers[0];")
w("")
w("const struct pgb_cast pgb_casts[] = {")
for r in casts:
    src, dst, func, ctx, meth = r
    w("    {%s, %s, %s, '%s', '%s'}," % (src, dst, func, ctx, meth))
w("};")
w("const unsigned pgb_ncasts = sizeof pgb_casts / sizeof pgb_casts[0];")
w("")
w("const struct pgb_keyword pgb_keywords[] = {")
for word, cat in kws:
    w("    {%s, '%s'}," % (cstr(word), cat))
w("};")
w("const unsigned pgb_nkeywords = sizeof pgb_keywords / sizeof pgb_keywords[0];")
w("")
w("const struct pgb_opclass pgb_opclasses[] = {")
for name, am, intype, dflt in opclasses:
    w("    {%s, %s, %s, %d}," % (cstr(name), cstr(am), intype, dflt == "t"))
w("};")
w("const unsigned pgb_nopclasses = sizeof pgb_opclasses / sizeof pgb_opclasses[0];")
w("")
w("const char *const pgb_index_ams[] = {")
for (am,) in ams:
    w("    %s," % cstr(am))
w("    0,")
w("};")
w("")
w("const char *const pgb_collations[] = {")
for (name,) in collations:
    w("    %s," % cstr(name))
w("    0,")
w("};")
w("")
w("const struct pgb_guc pgb_gucs[] = {")
for name, ctx in gucs:
    w("    {%s, %s}," % (cstr(name), cstr(ctx)))
w("};")
w("const unsigned pgb_ngucs = sizeof pgb_gucs / sizeof pgb_gucs[0];")
w("")
w("/* Extension members: one record a line, see lint/extension.c. */")
w("const char *const pgb_extension_lines[] = {")
for l in ext_lines:
    w("    %s," % cstr(l))
w("    0,")
w("};")
open(sys.argv[1], "w").write("\n".join(o) + "\n")
