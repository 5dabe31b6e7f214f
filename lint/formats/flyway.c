/*
 * flyway.c - Flyway's SQL migrations: V<version>__<desc>.sql (versioned),
 * U<version>__<desc>.sql (undo: the down part of the same version) and
 * R__<desc>.sql (repeatable: after all versioned ones, by description),
 * found recursively under the location. Versions: '_' is '.', parts compared
 * as integers, trailing zero parts dropped (1.0 == 1 == 01: duplicates).
 * Flyway runs a migration in one transaction unless <script>.conf says
 * executeInTransaction=false or a statement cannot run in one (CREATE INDEX
 * CONCURRENTLY, VACUUM, ...); mixing both kinds is Flyway's own error.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

enum fkind { FK_V, FK_U, FK_R };

/* A statement Flyway runs on the connection before a migration's script. */
struct fw_setup {
    const char *sql; /* NULL ends a list */
    bool bookkeeping;
};

struct fw_file {
    enum fkind kind;
    const char *name, *path, *rel;
    const char *version; /* display text, '_' -> '.' */
    uint32_t *parts;     /* numeric parts; long ones compared as strings */
    const char **sparts;
    uint32_t nparts;
    const char *desc;
};

/* Parses "1_2.3" into normalised parts (leading zeros and trailing zero parts
 * dropped); returns false if a part is not all digits. */
static bool parse_version(struct arena *a, const char *v, struct fw_file *f)
{
    size_t n = strlen(v);
    char *s = arena_strdup(a, v);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '_')
            s[i] = '.';
    f->version = s;
    uint32_t cnt = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.')
            cnt++;
    f->sparts = arena_alloc(a, cnt * sizeof *f->sparts);
    f->nparts = 0;
    const char *p = s;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (len == 0)
            return false;
        for (size_t i = 0; i < len; i++)
            if (!isdigit((unsigned char)p[i]))
                return false;
        while (len > 1 && *p == '0') {
            p++;
            len--;
        }
        f->sparts[f->nparts++] = arena_strndup(a, p, len);
        if (!dot)
            break;
        p = dot + 1;
    }
    while (f->nparts > 1 && strcmp(f->sparts[f->nparts - 1], "0") == 0)
        f->nparts--;
    return true;
}

static int cmp_version(const struct fw_file *a, const struct fw_file *b)
{
    uint32_t n = a->nparts > b->nparts ? a->nparts : b->nparts;
    for (uint32_t i = 0; i < n; i++) {
        const char *x = i < a->nparts ? a->sparts[i] : "0";
        const char *y = i < b->nparts ? b->sparts[i] : "0";
        int c = fmt_numcmp(x, y);
        if (c)
            return c;
    }
    return 0;
}

/* Flyway's order: versioned by version (undo after its version), then
 * repeatables by description; names break remaining ties. */
static int cmp_fw(const void *pa, const void *pb)
{
    const struct fw_file *a = pa, *b = pb;
    bool av = a->kind != FK_R, bv = b->kind != FK_R;
    if (av && bv) {
        int c = cmp_version(a, b);
        if (c)
            return c;
        if (a->kind != b->kind)
            return a->kind == FK_V ? -1 : 1;
    } else if (av != bv) {
        return av ? -1 : 1;
    } else {
        int c = strcmp(a->desc, b->desc);
        if (c)
            return c;
    }
    return strcmp(a->rel, b->rel);
}

struct fw_list {
    struct fw_file *v;
    uint32_t n, cap;
};

static char *description(struct arena *a, const char *s, size_t n)
{
    char *d = arena_strndup(a, s, n);
    for (char *p = d; *p; p++)
        if (*p == '_')
            *p = ' ';
    return d;
}

/* Classifies one file name by the configured prefixes (V, U, R), separator
 * (__) and suffixes (.sql); files that match no pattern are not migrations
 * (callbacks such as afterMigrate.sql, READMEs) and are skipped. */
static void add_file(struct arena *a, struct fw_list *l, const struct fw_config *cfg,
                     const char *dir, const char *rel, const char *name, struct diag_list *d,
                     int *rc)
{
    size_t nl = 0;
    for (uint32_t i = 0; i < cfg->nsuffixes && !nl; i++)
        if (fmt_has_suffix(name, cfg->suffixes[i]) && strlen(name) > strlen(cfg->suffixes[i]))
            nl = strlen(name) - strlen(cfg->suffixes[i]);
    if (!nl)
        return;
    struct fw_file f = {0};
    f.name = name;
    f.rel = rel;
    f.path = fmt_join(a, dir, rel);
    const char *sep = strstr(name, cfg->separator);
    size_t sl = strlen(cfg->separator);
    if (!sep || (size_t)(sep - name) >= nl)
        return;
    size_t vl = strlen(cfg->v_prefix), ul = strlen(cfg->u_prefix), rl = strlen(cfg->r_prefix);
    bool is_v = vl && strncmp(name, cfg->v_prefix, vl) == 0 && sep > name + vl;
    bool is_u = !is_v && ul && strncmp(name, cfg->u_prefix, ul) == 0 && sep > name + ul;
    if (rl && strncmp(name, cfg->r_prefix, rl) == 0 && sep == name + rl) {
        f.kind = FK_R;
        f.desc = description(a, sep + sl, nl - rl - sl);
    } else if (is_v || is_u) {
        f.kind = is_v ? FK_V : FK_U;
        size_t pl = is_v ? vl : ul;
        char *v = arena_strndup(a, name + pl, (size_t)(sep - name) - pl);
        if (!parse_version(a, v, &f)) {
            struct loc none = {0};
            fmt_input_error(d, "invalid-version", none, f.path,
                            "Version may only contain 0..9 and . (dot). Invalid version: %s", v);
            *rc = -1;
            return;
        }
        f.desc = description(a, sep + sl, (size_t)(name + nl - (sep + sl)));
    } else {
        return;
    }
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 32;
        l->v = arena_grow(a, l->v, l->cap, cap, sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = f;
}

static int scan(struct arena *a, struct fw_list *l, const struct fw_config *cfg, const char *root,
                const char *rel, struct diag_list *d, int depth, int *rc)
{
    const char *dir = rel ? fmt_join(a, root, rel) : root;
    struct fmt_ent *ents;
    uint32_t n;
    struct err e = {0};
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0) {
        struct loc none = {0};
        fmt_input_error(d, "unreadable-file", none, dir, "%s", e.msg);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        const char *r = rel ? fmt_join(a, rel, ents[i].name) : ents[i].name;
        if (ents[i].is_dir) {
            if (ents[i].name[0] != '.' && depth < 16)
                scan(a, l, cfg, root, r, d, depth + 1, rc);
        } else {
            add_file(a, l, cfg, root, r, ents[i].name, d, rc);
        }
    }
    return 0;
}

/* <script>.conf: Java properties (SqlScriptMetadata). executeInTransaction
 * and placeholderReplacement matter here; both default to true. */
struct fw_conf {
    bool present;
    bool in_transaction;
    int replace_placeholders; /* -1: not set, the global setting applies */
};

/* The boolean value of "key=value" / "key: value" on line l, or -1. */
static int conf_bool(const char *l, uint32_t n, const char *key)
{
    size_t kl = strlen(key);
    if (n < kl || memcmp(l, key, kl) != 0)
        return -1;
    const char *v = l + kl;
    size_t vn = n - kl;
    if (vn && !isspace((unsigned char)*v) && *v != '=' && *v != ':')
        return -1; /* a longer key */
    while (vn && (isspace((unsigned char)*v) || *v == '=' || *v == ':')) {
        v++;
        vn--;
    }
    while (vn && isspace((unsigned char)v[vn - 1]))
        vn--;
    /* Boolean.parseBoolean: only "true" (any case) is true */
    return vn == 4 && strncasecmp(v, "true", 4) == 0;
}

static struct fw_conf read_conf(struct chain *c, const char *sql_path)
{
    struct fw_conf fc = {false, true, -1};
    const char *conf = arena_printf(c->arena, "%s.conf", sql_path);
    if (!fmt_is_file(conf))
        return fc;
    struct err e;
    struct source *s = source_load(c->arena, conf, 1 << 20, &e);
    if (!s)
        return fc;
    fc.present = true;
    chain_add_source(c, s);
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        while (n && isspace((unsigned char)*l)) {
            l++;
            n--;
        }
        int v;
        if ((v = conf_bool(l, n, "executeInTransaction")) >= 0)
            fc.in_transaction = v;
        else if ((v = conf_bool(l, n, "placeholderReplacement")) >= 0)
            fc.replace_placeholders = v;
    }
    return fc;
}

/* Statements Flyway's PostgreSQL parser marks as unable to run in a
 * transaction (PostgreSQLParser.detectCanExecuteInTransaction, server 15:
 * ALTER TYPE ... ADD VALUE is transactional since PostgreSQL 12). */
static bool non_transactional(const char *t, uint32_t n)
{
    static const char *const prefixes[] = {
        "CREATE DATABASE",
        "DROP DATABASE",
        "CREATE TABLESPACE",
        "DROP TABLESPACE",
        "CREATE SUBSCRIPTION",
        "DROP SUBSCRIPTION",
        "ALTER SYSTEM",
        "CREATE INDEX CONCURRENTLY",
        "CREATE UNIQUE INDEX CONCURRENTLY",
        "DROP INDEX CONCURRENTLY",
        "REINDEX SCHEMA",
        "REINDEX DATABASE",
        "REINDEX SYSTEM",
        "REINDEX VERBOSE SCHEMA",
        "REINDEX VERBOSE DATABASE",
        "REINDEX VERBOSE SYSTEM",
        "VACUUM",
        "DISCARD ALL",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (fmt_starts_with_words(t, n, prefixes[i]))
            return true;
    return false;
}

/* Flyway's checksum: CRC32 over the UTF-8 lines without their terminators,
 * BOM removed, as a signed 32-bit integer. */
static int32_t checksum(const struct source *s)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    const unsigned char *p = (const unsigned char *)s->data;
    uint32_t n = s->len, i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    uint32_t run = i;
    for (; i < n; i++) {
        if (p[i] == '\n' || p[i] == '\r') {
            if (i > run)
                crc = crc32(crc, p + run, i - run);
            run = i + 1;
        }
    }
    if (n > run)
        crc = crc32(crc, p + run, n - run);
    return (int32_t)(uint32_t)crc;
}

/* The value of placeholder name[0..n): the project's (flyway.placeholders.*,
 * exact name first, then ignoring case), or a built-in whose value airlock
 * knows: the default schema (the connection's current schema, public, when
 * none is configured), the history table, the script's file name, the
 * model's user. NULL when Flyway would need a value airlock does not have. */
static const char *placeholder_value(const char *name, size_t n, const struct fw_file *f,
                                     const struct fw_config *cfg)
{
    for (int exact = 1; exact >= 0; exact--)
        for (uint32_t i = 0; i < cfg->nph; i++)
            if (strlen(cfg->ph[i].name) == n &&
                (exact ? memcmp(cfg->ph[i].name, name, n) == 0
                       : strncasecmp(cfg->ph[i].name, name, n) == 0))
                return cfg->ph[i].value;
    const char *schema = cfg->default_schema ? cfg->default_schema
                         : cfg->nschemas     ? cfg->schemas[0]
                                             : "public";
    const struct {
        const char *name, *value;
    } known[] = {
        {"flyway:defaultSchema", schema},
        {"flyway:table", cfg->table},
        {"flyway:user", "postgres"},
        {"flyway:filename", f->name},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strlen(known[i].name) == n && memcmp(known[i].name, name, n) == 0)
            return known[i].value;
    return NULL;
}

/* The script as Flyway runs it: PlaceholderReplacingReader replaces every
 * placeholder (${name}, or the configured delimiters) of the text, comments
 * and strings too, before parsing. Values come from the configuration or
 * are known built-ins (the value is reported at the placeholder); any other
 * placeholder is left as written, with a warning. The statements Flyway runs
 * on the connection before the script (setup: creating the schemas, setting
 * search_path, its history table) come first, reported at the script's start. */
static void read_text(struct chain *c, struct revision *r, struct part *p, const struct fw_file *f,
                      const struct source *s, uint32_t start, bool replace,
                      const struct fw_config *cfg, const struct fw_setup *setup,
                      struct diag_list *d)
{
    const char *t = s->data;
    bool any = false, warned = false;
    struct fmt_builder b;
    fmt_b_init(&b, c->arena, s, start);
    for (uint32_t k = 0; setup && setup[k].sql; k++) {
        fmt_b_begin(&b);
        fmt_b_adds(&b, setup[k].sql, start);
        fmt_b_end(&b, setup[k].bookkeeping ? STMT_BOOKKEEPING : 0, false);
        any = true;
    }
    fmt_b_begin(&b);
    uint32_t body = (uint32_t)b.text.len;
    uint32_t copied = start;
    size_t pl = strlen(cfg->prefix), sl = strlen(cfg->suffix);
    for (uint32_t i = start; replace && pl && sl && i + pl <= s->len; i++) {
        if (memcmp(t + i, cfg->prefix, pl) != 0)
            continue;
        uint32_t e = i + (uint32_t)pl;
        while (e + sl <= s->len && e - i < 256 && t[e] != '\n' &&
               memcmp(t + e, cfg->suffix, sl) != 0)
            e++;
        if (e + sl > s->len || memcmp(t + e, cfg->suffix, sl) != 0)
            continue;
        uint32_t name = i + (uint32_t)pl, end = e + (uint32_t)sl;
        const char *value = placeholder_value(t + name, e - name, f, cfg);
        if (!value) {
            if (!warned) {
                struct diag *dg = fmt_diag(
                    d, "flyway-placeholder", SEV_WARNING, fmt_loc(s, i), NULL,
                    "Flyway replaces placeholder %.*s before running this script and fails "
                    "with \"No value provided for placeholder\" unless its configuration sets "
                    "it; %s: airlock reads it unreplaced",
                    (int)(end - i), t + i,
                    cfg->files ? arena_printf(c->arena, "%s does not", cfg->files)
                               : "no flyway.conf or flyway.toml was found");
                dg->revision = r->id;
                dg->help = "set flyway.placeholders.<name> in the Flyway configuration (or name "
                           "it with --flyway-conf), or placeholderReplacement=false in "
                           "<script>.sql.conf if the text is meant literally";
                warned = true;
            }
            continue;
        }
        fmt_b_add(&b, t + copied, i - copied, copied, true);
        fmt_b_adds(&b, value, i);
        copied = end;
        i = end - 1;
        any = true;
    }
    if (!any) {
        fmt_b_release(&b);
        fmt_part_slice(c->arena, p, s, start, s->len);
        fmt_split(c->arena, p, 0, p->sql.len, 0);
        return;
    }
    fmt_b_add(&b, t + copied, s->len - copied, copied, true);
    /* the script: one chunk split by the parser, without the ";" fmt_b_end
     * would add */
    if (b.nchunks == b.capchunks) {
        uint32_t cap = b.capchunks ? b.capchunks * 2 : 4;
        b.chunks = arena_grow(c->arena, b.chunks, b.capchunks, cap, sizeof *b.chunks);
        b.capchunks = cap;
    }
    b.chunks[b.nchunks++] = (struct fmt_chunk){body, (uint32_t)b.text.len, 0, true};
    fmt_b_finish(&b, p);
    fmt_b_release(&b);
}

static int read_sql(struct chain *c, struct revision *r, struct part *p, const struct fw_file *f,
                    const struct fw_config *cfg, const struct fw_setup *setup, bool *tx,
                    struct diag_list *d)
{
    struct source *s = fmt_load(c, f->path, d);
    if (!s)
        return -1;
    struct fw_conf conf = read_conf(c, f->path);
    /* Flyway drops a UTF-8 byte order mark; PostgreSQL would not parse it */
    uint32_t start = s->len >= 3 && memcmp(s->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    read_text(c, r, p, f, s, start,
              conf.replace_placeholders >= 0 ? conf.replace_placeholders != 0 : cfg->replace, cfg,
              setup, d);
    bool has_conf = conf.present, conf_tx = conf.in_transaction;
    uint32_t ntx = 0, nnon = 0;
    const struct stmt *first_non = NULL, *first_tx = NULL;
    uint32_t nsetup = 0;
    while (setup && setup[nsetup].sql)
        nsetup++;
    for (uint32_t i = nsetup; i < p->nstmts; i++) {
        const struct stmt *st = &p->stmts[i];
        if (non_transactional(p->sql.text + st->off, st->len)) {
            nnon++;
            if (!first_non)
                first_non = st;
        } else {
            ntx++;
            if (!first_tx)
                first_tx = st;
        }
    }
    *tx = conf_tx && nnon == 0;
    if (conf_tx && nnon > 0 && ntx > 0) {
        /* Flyway's default mixed=false refuses the migration */
        struct diag *dg = fmt_diag(d, "flyway-mixed-transaction", SEV_ERROR, first_non->loc, NULL,
                                   "Detected both transactional and non-transactional statements "
                                   "within the same migration (even though mixed is false)");
        dg->revision = r->id;
        dg->help = "move the non-transactional statement into a migration of its own, or set "
                   "executeInTransaction=false in a .sql.conf file";
    }
    if (p == &r->up)
        r->format_data =
            arena_printf(c->arena, "checksum=%d%s", checksum(s),
                         has_conf ? (conf_tx ? " conf" : " executeInTransaction=false") : "");
    return 0;
}

/* A double-quoted identifier, as Flyway's Schema.toString() writes it. */
static const char *quote_ident(struct arena *a, const char *name)
{
    struct strbuf b = STRBUF_INIT;
    sb_addc(&b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_addc(&b, '"');
        sb_addc(&b, *p);
    }
    sb_addc(&b, '"');
    const char *q = arena_strndup(a, b.buf, b.len);
    sb_release(&b);
    return q;
}

/* What Flyway does on the connection before the migrations: creates the
 * schemas that do not exist (createSchemas: the default schema, then
 * flyway.schemas), creates its history table in the default schema, and
 * before each migration sets search_path to the default schema ahead of the
 * connection's own ("$user", public). These become statements of the
 * revisions (first / every) so that every consumer of the chain (simulator,
 * bundle, applier) runs them; the history table is bookkeeping (airlock's
 * applier keeps its own history). Without a configured schema Flyway changes
 * nothing and its table goes to the current schema. */
static void flyway_setup(struct arena *a, const struct fw_config *cfg, struct fw_setup **first,
                         struct fw_setup **each)
{
    const char *schema = cfg->default_schema ? cfg->default_schema
                         : cfg->nschemas     ? cfg->schemas[0]
                                             : NULL;
    struct fw_setup *f = arena_alloc(a, (cfg->nschemas + 6) * sizeof *f);
    uint32_t n = 0;
    *each = NULL;
    if (schema && cfg->create_schemas) {
        bool listed = false;
        for (uint32_t i = 0; i < cfg->nschemas; i++)
            listed |= strcmp(cfg->schemas[i], schema) == 0;
        if (!listed)
            f[n++] = (struct fw_setup){
                arena_printf(a, "CREATE SCHEMA IF NOT EXISTS %s", quote_ident(a, schema)), false};
        for (uint32_t i = 0; i < cfg->nschemas; i++)
            f[n++] = (struct fw_setup){
                arena_printf(a, "CREATE SCHEMA IF NOT EXISTS %s", quote_ident(a, cfg->schemas[i])),
                false};
    }
    /* a renamed history table is not created: the schema text and introspect
     * leave out tables by their tools' default names only */
    if (strcmp(cfg->table, "flyway_schema_history") == 0) {
        const char *t = quote_ident(a, cfg->table);
        const char *q = schema ? arena_printf(a, "%s.%s", quote_ident(a, schema), t) : t;
        f[n++] = (struct fw_setup){
            arena_printf(a,
                         "CREATE TABLE %s (installed_rank integer NOT NULL, version varchar(50), "
                         "description varchar(200) NOT NULL, type varchar(20) NOT NULL, script "
                         "varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT "
                         "NULL, installed_on timestamp NOT NULL DEFAULT now(), execution_time "
                         "integer NOT NULL, success boolean NOT NULL)",
                         q),
            true};
        f[n++] = (struct fw_setup){
            arena_printf(a, "ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (installed_rank)", q,
                         quote_ident(a, arena_printf(a, "%s_pk", cfg->table))),
            true};
        f[n++] = (struct fw_setup){
            arena_printf(a, "CREATE INDEX %s ON %s (success)",
                         quote_ident(a, arena_printf(a, "%s_s_idx", cfg->table)), q),
            true};
    }
    if (schema) {
        const char *set =
            arena_printf(a, "SET search_path TO %s, \"$user\", public", quote_ident(a, schema));
        f[n++] = (struct fw_setup){set, false};
        struct fw_setup *e = arena_alloc(a, 2 * sizeof *e);
        e[0] = (struct fw_setup){set, false};
        e[1] = (struct fw_setup){NULL, false};
        *each = e;
    }
    f[n] = (struct fw_setup){NULL, false};
    *first = f;
}

int fmt_read_flyway(struct chain *c, const char *dir, const char *conf_file, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct fw_config cfg;
    if (fmt_flyway_config(c, dir, conf_file, &cfg, d) < 0)
        return -1;
    struct fw_setup *setup_first, *setup_each;
    flyway_setup(a, &cfg, &setup_first, &setup_each);
    struct fw_list l = {0};
    int rc = 0;
    if (scan(a, &l, &cfg, dir, NULL, d, 0, &rc) < 0)
        return -1;
    struct loc none = {0};
    if (l.n == 0) {
        if (rc == 0)
            fmt_input_error(d, "empty-chain", none, dir,
                            "no Flyway migrations (V1__name.sql) in %s", dir);
        return -1;
    }
    qsort(l.v, l.n, sizeof *l.v, cmp_fw);
    struct revision **revs = arena_alloc(a, l.n * sizeof *revs);
    uint32_t nr = 0;
    struct hashmap ids;
    hashmap_init(&ids, a);
    for (uint32_t i = 0; i < l.n; i++) {
        struct fw_file *f = &l.v[i];
        struct fw_file *prev = i > 0 ? &l.v[i - 1] : NULL;
        bool same =
            prev && prev->kind == f->kind &&
            (f->kind == FK_R ? strcmp(prev->desc, f->desc) == 0 : cmp_version(prev, f) == 0);
        if (same) {
            struct diag *dg;
            if (f->kind == FK_R)
                dg = fmt_input_error(d, "duplicate-version", none, f->path,
                                     "Found more than one repeatable migration with description "
                                     "'%s': %s and %s",
                                     f->desc, prev->rel, f->rel);
            else
                dg = fmt_input_error(d, "duplicate-version", none, f->path,
                                     "Found more than one %smigration with version %s: %s and %s",
                                     f->kind == FK_U ? "undo " : "", f->version, prev->rel, f->rel);
            dg->help = "Flyway compares versions numerically: 1.0, 01 and 1 are the same version";
            rc = -1;
            continue;
        }
        if (f->kind == FK_U) {
            /* the down part of the versioned migration just before it */
            struct revision *r = nr > 0 && prev && prev->kind == FK_V && cmp_version(prev, f) == 0
                                     ? revs[nr - 1]
                                     : NULL;
            if (!r) {
                struct diag *dg =
                    fmt_diag(d, "orphan-undo", SEV_WARNING, none, f->path,
                             "undo migration %s has no versioned migration %s", f->rel, f->version);
                dg->help = "name it after an existing V<version>__ migration";
                continue;
            }
            bool tx;
            if (read_sql(c, r, &r->down, f, &cfg, setup_each, &tx, d) < 0)
                rc = -1;
            continue;
        }
        struct revision *r = chain_add(c);
        revs[nr++] = r;
        r->message = f->desc;
        if (f->kind == FK_V) {
            r->id = f->version;
            r->version = f->version;
        } else {
            char *id = fmt_sanitize_id(a, arena_printf(a, "R__%s", f->desc));
            /* sanitising may merge two descriptions: number the later one */
            for (int k = 2; hashmap_get(&ids, id); k++)
                id = fmt_sanitize_id(a, arena_printf(a, "R%d__%s", k, f->desc));
            r->id = id;
            r->version = NULL;
        }
        hashmap_put(&ids, r->id, r);
        bool tx = true;
        if (read_sql(c, r, &r->up, f, &cfg, nr == 1 ? setup_first : setup_each, &tx, d) < 0) {
            rc = -1;
            continue;
        }
        r->src = r->up.sql.src;
        r->loc = source_loc(r->src, 0);
        r->tx = tx ? TX_ON : TX_OFF;
    }
    fmt_link_linear(a, revs, nr);
    return rc;
}
