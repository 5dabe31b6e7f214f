/*
 * flyway_conf.c - Flyway's own configuration for a chain: flyway.conf (Java
 * properties, flyway.* keys) and flyway.toml (Flyway 10: [flyway] and the
 * selected [environments.<env>] tables), found next to the migrations or in
 * a parent directory, or named with --flyway-conf. Only the settings that
 * change what Flyway runs are kept (see struct fw_config and docs/formats.md).
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One key = value as read, the key with its file's prefix ("flyway.",
 * "environments.x.") still on; where is the key's offset in src. */
struct kv {
    const char *key, *value;
    uint32_t where;
};

struct kvlist {
    struct kv *v;
    uint32_t n, cap;
    const struct source *src;
};

static void kv_add(struct arena *a, struct kvlist *l, const char *key, const char *value,
                   uint32_t where)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 16;
        l->v = arena_grow(a, l->v, l->cap, cap, sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = (struct kv){key, value, where};
}

/* ---- Java properties (java.util.Properties.load) ---- */

/* Appends the character of escape sequence s[*i] (after the backslash). */
static void prop_escape(struct strbuf *b, const char *s, uint32_t n, uint32_t *i)
{
    char c = s[*i];
    if (c == 'u' && *i + 4 < n) {
        unsigned v = 0;
        for (int k = 1; k <= 4; k++) {
            char h = s[*i + (uint32_t)k];
            v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower(h) - 'a' + 10));
        }
        *i += 4;
        if (v < 0x80) {
            sb_addc(b, (char)v);
        } else if (v < 0x800) {
            sb_addc(b, (char)(0xC0 | (v >> 6)));
            sb_addc(b, (char)(0x80 | (v & 0x3F)));
        } else {
            sb_addc(b, (char)(0xE0 | (v >> 12)));
            sb_addc(b, (char)(0x80 | ((v >> 6) & 0x3F)));
            sb_addc(b, (char)(0x80 | (v & 0x3F)));
        }
        return;
    }
    sb_addc(b, c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 'f' ? '\f' : c);
}

static void read_properties(struct arena *a, const struct source *s, struct kvlist *l)
{
    const char *t = s->data;
    uint32_t n = s->len, i = 0;
    while (i < n) {
        /* one logical line: leading blanks skipped, continuations joined */
        while (i < n &&
               (t[i] == ' ' || t[i] == '\t' || t[i] == '\f' || t[i] == '\n' || t[i] == '\r'))
            i++;
        if (i >= n)
            break;
        if (t[i] == '#' || t[i] == '!') {
            while (i < n && t[i] != '\n' && t[i] != '\r')
                i++;
            continue;
        }
        struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
        uint32_t where = i;
        bool in_value = false, sep_seen = false, skipping = false;
        while (i < n && t[i] != '\n' && t[i] != '\r') {
            char c = t[i];
            if (c == '\\') {
                if (i + 1 >= n || t[i + 1] == '\n' || t[i + 1] == '\r') {
                    /* continuation: the next line's leading blanks are dropped */
                    i++;
                    if (i < n && t[i] == '\r')
                        i++;
                    if (i < n && t[i] == '\n')
                        i++;
                    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\f'))
                        i++;
                    continue;
                }
                i++;
                prop_escape(in_value ? &val : &key, t, n, &i);
                skipping = false;
                i++;
                continue;
            }
            if (!in_value) {
                if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                    in_value = true;
                    sep_seen = c == '=' || c == ':';
                    skipping = true;
                    i++;
                    continue;
                }
                sb_addc(&key, c);
            } else if (skipping && (c == ' ' || c == '\t' || c == '\f')) {
                /* blanks around the separator */
            } else if (skipping && !sep_seen && (c == '=' || c == ':')) {
                sep_seen = true;
            } else {
                skipping = false;
                sb_addc(&val, c);
            }
            i++;
        }
        if (key.len)
            kv_add(a, l, arena_strndup(a, key.buf, key.len),
                   arena_strndup(a, val.buf ? val.buf : "", val.len), where);
        sb_release(&key);
        sb_release(&val);
    }
}

/* ---- TOML (the subset Flyway's files use) ---- */

struct toml {
    struct arena *a;
    const char *t;
    uint32_t n, i;
    const char *err; /* first problem, NULL if none */
    uint32_t err_at;
};

static void toml_fail(struct toml *p, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->err_at = p->i;
    }
    p->i = p->n;
}

/* Blanks and comments; newlines too when nl. */
static void toml_skip(struct toml *p, bool nl)
{
    while (p->i < p->n) {
        char c = p->t[p->i];
        if (c == ' ' || c == '\t' || (nl && (c == '\n' || c == '\r'))) {
            p->i++;
        } else if (c == '#') {
            while (p->i < p->n && p->t[p->i] != '\n')
                p->i++;
        } else {
            break;
        }
    }
}

static const char *toml_string(struct toml *p)
{
    char q = p->t[p->i];
    bool multi = p->i + 2 < p->n && p->t[p->i + 1] == q && p->t[p->i + 2] == q;
    p->i += multi ? 3 : 1;
    if (multi && p->i < p->n && p->t[p->i] == '\n')
        p->i++;
    struct strbuf b = STRBUF_INIT;
    for (;;) {
        if (p->i >= p->n || (!multi && p->t[p->i] == '\n')) {
            sb_release(&b);
            toml_fail(p, "unterminated string");
            return NULL;
        }
        char c = p->t[p->i];
        if (c == q && (!multi || (p->i + 2 < p->n && p->t[p->i + 1] == q && p->t[p->i + 2] == q))) {
            p->i += multi ? 3 : 1;
            break;
        }
        if (c == '\\' && q == '"' && p->i + 1 < p->n) {
            p->i++;
            prop_escape(&b, p->t, p->n, &p->i);
            p->i++;
            continue;
        }
        sb_addc(&b, c);
        p->i++;
    }
    const char *s = arena_strndup(p->a, b.buf ? b.buf : "", b.len);
    sb_release(&b);
    return s;
}

/* A key: bare or quoted parts joined by '.'. */
static const char *toml_key(struct toml *p)
{
    struct strbuf b = STRBUF_INIT;
    for (;;) {
        toml_skip(p, false);
        if (p->i < p->n && (p->t[p->i] == '"' || p->t[p->i] == '\'')) {
            const char *s = toml_string(p);
            if (!s)
                break;
            sb_adds(&b, s);
        } else {
            uint32_t st = p->i;
            while (p->i < p->n &&
                   (isalnum((unsigned char)p->t[p->i]) || p->t[p->i] == '_' || p->t[p->i] == '-'))
                p->i++;
            if (p->i == st) {
                toml_fail(p, "expected a key");
                break;
            }
            sb_add(&b, p->t + st, p->i - st);
        }
        toml_skip(p, false);
        if (p->i < p->n && p->t[p->i] == '.') {
            p->i++;
            sb_addc(&b, '.');
            continue;
        }
        break;
    }
    const char *k = p->err ? NULL : arena_strndup(p->a, b.buf ? b.buf : "", b.len);
    sb_release(&b);
    return k;
}

static void toml_value(struct toml *p, const char *key, struct kvlist *l, uint32_t where);

/* { k = v, ... }: each member as key.k */
static void toml_inline_table(struct toml *p, const char *key, struct kvlist *l)
{
    p->i++;
    for (;;) {
        toml_skip(p, false);
        if (p->i < p->n && p->t[p->i] == '}') {
            p->i++;
            return;
        }
        uint32_t where = p->i;
        const char *k = toml_key(p);
        if (!k)
            return;
        if (p->i >= p->n || p->t[p->i] != '=') {
            toml_fail(p, "expected '='");
            return;
        }
        p->i++;
        toml_skip(p, false);
        toml_value(p, arena_printf(p->a, "%s.%s", key, k), l, where);
        toml_skip(p, false);
        if (p->i < p->n && p->t[p->i] == ',')
            p->i++;
        else if (p->i >= p->n || p->t[p->i] != '}') {
            toml_fail(p, "expected ',' or '}'");
            return;
        }
    }
}

/* A scalar as text: strings unquoted, anything else as written. */
static const char *toml_scalar(struct toml *p)
{
    if (p->i < p->n && (p->t[p->i] == '"' || p->t[p->i] == '\''))
        return toml_string(p);
    uint32_t st = p->i;
    while (p->i < p->n && !strchr(" \t\r\n,]}#", p->t[p->i]))
        p->i++;
    if (p->i == st) {
        toml_fail(p, "expected a value");
        return NULL;
    }
    return arena_strndup(p->a, p->t + st, p->i - st);
}

/* Arrays become one comma-separated value, as in flyway.conf. */
static void toml_value(struct toml *p, const char *key, struct kvlist *l, uint32_t where)
{
    if (p->i < p->n && p->t[p->i] == '{') {
        toml_inline_table(p, key, l);
        return;
    }
    if (p->i < p->n && p->t[p->i] == '[') {
        p->i++;
        struct strbuf b = STRBUF_INIT;
        for (bool first = true;; first = false) {
            toml_skip(p, true);
            if (p->i < p->n && p->t[p->i] == ']') {
                p->i++;
                break;
            }
            const char *v = toml_scalar(p);
            if (!v)
                break;
            if (!first)
                sb_addc(&b, ',');
            sb_adds(&b, v);
            toml_skip(p, true);
            if (p->i < p->n && p->t[p->i] == ',')
                p->i++;
        }
        kv_add(p->a, l, key, arena_strndup(p->a, b.buf ? b.buf : "", b.len), where);
        sb_release(&b);
        return;
    }
    const char *v = toml_scalar(p);
    if (v)
        kv_add(p->a, l, key, v, where);
}

/* Returns NULL, or the first problem with *at its offset. */
static const char *read_toml(struct arena *a, const struct source *s, struct kvlist *l,
                             uint32_t *at)
{
    struct toml p = {a, s->data, s->len, 0, NULL, 0};
    const char *table = NULL;
    for (;;) {
        toml_skip(&p, true);
        if (p.i >= p.n)
            break;
        if (p.t[p.i] == '[') {
            bool array = p.i + 1 < p.n && p.t[p.i + 1] == '[';
            p.i += array ? 2 : 1;
            const char *k = toml_key(&p);
            if (!k)
                break;
            if (p.i >= p.n || p.t[p.i] != ']') {
                toml_fail(&p, "expected ']'");
                break;
            }
            p.i += array ? 2 : 1;
            table = array ? "" : k; /* arrays of tables hold nothing Flyway's SQL needs */
            continue;
        }
        uint32_t where = p.i;
        const char *k = toml_key(&p);
        if (!k)
            break;
        if (p.i >= p.n || p.t[p.i] != '=') {
            toml_fail(&p, "expected '=' after a key");
            break;
        }
        p.i++;
        toml_skip(&p, false);
        toml_value(&p, table && *table ? arena_printf(a, "%s.%s", table, k) : k, l, where);
        toml_skip(&p, false);
        if (p.i < p.n && p.t[p.i] != '\n' && p.t[p.i] != '\r') {
            toml_fail(&p, "expected the end of the line");
            break;
        }
    }
    *at = p.err_at;
    return p.err;
}

/* ---- settings ---- */

static void add_placeholder(struct arena *a, struct fw_config *cfg, const char *name,
                            const char *value)
{
    for (uint32_t i = 0; i < cfg->nph; i++)
        if (strcmp(cfg->ph[i].name, name) == 0) {
            cfg->ph[i].value = value;
            return;
        }
    if (cfg->nph == cfg->capph) {
        uint32_t cap = cfg->capph ? cfg->capph * 2 : 8;
        cfg->ph = arena_grow(a, cfg->ph, cfg->capph, cap, sizeof *cfg->ph);
        cfg->capph = cap;
    }
    cfg->ph[cfg->nph++] = (struct fw_placeholder){name, value};
}

/* Splits a comma-separated list (blanks around items dropped, empty items
 * skipped) into a NULL-terminated array. */
static const char **split_list(struct arena *a, const char *v, uint32_t *count)
{
    uint32_t cap = 1;
    for (const char *p = v; *p; p++)
        cap += *p == ',';
    const char **out = arena_alloc(a, (cap + 1) * sizeof *out);
    uint32_t n = 0;
    const char *p = v;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && isspace((unsigned char)*p)) {
            p++;
            len--;
        }
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (len)
            out[n++] = arena_strndup(a, p, len);
        if (!e)
            break;
        p = e + 1;
    }
    out[n] = NULL;
    *count = n;
    return out;
}

/* Applies one Flyway setting (name without "flyway."): Flyway's names are
 * case-sensitive, the values of booleans are not. */
static void apply_setting(struct arena *a, struct fw_config *cfg, const char *name, const char *v,
                          const struct source *src, uint32_t where, struct diag_list *d)
{
    if (strncmp(name, "placeholders.", 13) == 0 && name[13]) {
        add_placeholder(a, cfg, name + 13, v);
    } else if (strcmp(name, "defaultSchema") == 0) {
        cfg->default_schema = *v ? v : NULL;
    } else if (strcmp(name, "schemas") == 0) {
        cfg->schemas = split_list(a, v, &cfg->nschemas);
    } else if (strcmp(name, "table") == 0) {
        if (*v)
            cfg->table = v;
    } else if (strcmp(name, "placeholderPrefix") == 0) {
        if (*v)
            cfg->prefix = v;
    } else if (strcmp(name, "placeholderSuffix") == 0) {
        if (*v)
            cfg->suffix = v;
    } else if (strcmp(name, "placeholderReplacement") == 0) {
        cfg->replace = strcasecmp(v, "true") == 0;
    } else if (strcmp(name, "createSchemas") == 0) {
        cfg->create_schemas = strcasecmp(v, "true") == 0;
    } else if (strcmp(name, "sqlMigrationPrefix") == 0) {
        cfg->v_prefix = v;
    } else if (strcmp(name, "undoSqlMigrationPrefix") == 0) {
        cfg->u_prefix = v;
    } else if (strcmp(name, "repeatableSqlMigrationPrefix") == 0) {
        cfg->r_prefix = v;
    } else if (strcmp(name, "sqlMigrationSeparator") == 0) {
        if (*v)
            cfg->separator = v;
    } else if (strcmp(name, "sqlMigrationSuffixes") == 0) {
        uint32_t n;
        const char **l = split_list(a, v, &n);
        if (n) {
            cfg->suffixes = l;
            cfg->nsuffixes = n;
        }
    } else {
        return;
    }
    if (strstr(v, "${")) {
        /* Flyway expands ${VAR} in its configuration from the environment */
        struct diag *dg = fmt_diag(d, "flyway-config", SEV_WARNING, fmt_loc(src, where), NULL,
                                   "the value of %s names an environment variable, which airlock "
                                   "does not expand: it is read as written (%s)",
                                   name, v);
        dg->help = "pass a configuration with the value itself with --flyway-conf";
    }
}

void fmt_flyway_config_init(struct fw_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->table = "flyway_schema_history";
    cfg->prefix = "${";
    cfg->suffix = "}";
    cfg->replace = true;
    cfg->create_schemas = true;
    cfg->v_prefix = "V";
    cfg->u_prefix = "U";
    cfg->r_prefix = "R";
    cfg->separator = "__";
    static const char *const sql[] = {".sql", NULL};
    cfg->suffixes = (const char **)sql;
    cfg->nsuffixes = 1;
}

/* Reads one file into cfg: .toml as Flyway 10's TOML, anything else as
 * properties. Returns -1 when it cannot be read. */
static int read_conf_file(struct chain *c, struct fw_config *cfg, const char *path,
                          struct diag_list *d)
{
    struct arena *a = c->arena;
    struct err e = {0};
    struct source *s = source_load(a, path, 1 << 20, &e);
    if (!s) {
        struct loc none = {0};
        fmt_input_error(d, "unreadable-file", none, path, "%s", e.msg);
        return -1;
    }
    chain_add_source(c, s);
    struct kvlist l = {0};
    l.src = s;
    if (fmt_has_suffix(path, ".toml")) {
        uint32_t at = 0;
        const char *msg = read_toml(a, s, &l, &at);
        if (msg) {
            struct diag *dg =
                fmt_diag(d, "flyway-config", SEV_WARNING, fmt_loc(s, at), NULL,
                         "cannot read this TOML (%s): settings after it are ignored", msg);
            dg->help = "Flyway would refuse the file too";
        }
        /* [flyway] first, then the selected environment ([flyway] environment,
         * default "default"): its schemas and its own flyway table */
        const char *env = "default";
        for (uint32_t i = 0; i < l.n; i++)
            if (strcmp(l.v[i].key, "flyway.environment") == 0)
                env = l.v[i].value;
        const char *ep = arena_printf(a, "environments.%s.", env);
        const char *efp = arena_printf(a, "environments.%s.flyway.", env);
        for (uint32_t i = 0; i < l.n; i++)
            if (strncmp(l.v[i].key, "flyway.", 7) == 0)
                apply_setting(a, cfg, l.v[i].key + 7, l.v[i].value, s, l.v[i].where, d);
        for (uint32_t i = 0; i < l.n; i++) {
            const char *k = l.v[i].key;
            if (strncmp(k, efp, strlen(efp)) == 0)
                apply_setting(a, cfg, k + strlen(efp), l.v[i].value, s, l.v[i].where, d);
            else if (strncmp(k, ep, strlen(ep)) == 0 && strcmp(k + strlen(ep), "schemas") == 0)
                apply_setting(a, cfg, "schemas", l.v[i].value, s, l.v[i].where, d);
        }
    } else {
        read_properties(a, s, &l);
        for (uint32_t i = 0; i < l.n; i++)
            if (strncmp(l.v[i].key, "flyway.", 7) == 0)
                apply_setting(a, cfg, l.v[i].key + 7, l.v[i].value, s, l.v[i].where, d);
    }
    cfg->files = cfg->files ? arena_printf(a, "%s, %s", cfg->files, path) : path;
    return 0;
}

/* The directory above p, as a path the user can read: "a/b" -> "a", "a" ->
 * ".", "." -> "..", "../x" -> "..", ".." -> "../..". */
static const char *parent_dir(struct arena *a, const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    if (n == 1 && p[0] == '/')
        return NULL;
    bool dots = (n == 2 && memcmp(p, "..", 2) == 0) || (n >= 3 && memcmp(p + n - 3, "/..", 3) == 0);
    if (dots)
        return arena_printf(a, "%.*s/..", (int)n, p);
    if (n == 1 && p[0] == '.')
        return "..";
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '/')
            slash = p + i;
    if (!slash)
        return ".";
    if (slash == p)
        return "/";
    return arena_strndup(a, p, (size_t)(slash - p));
}

int fmt_flyway_config(struct chain *c, const char *dir, const char *conf_file,
                      struct fw_config *cfg, struct diag_list *d)
{
    struct arena *a = c->arena;
    fmt_flyway_config_init(cfg);
    if (conf_file) {
        if (!fmt_is_file(conf_file)) {
            struct loc none = {0};
            fmt_input_error(d, "unreadable-file", none, conf_file, "%s: no such file", conf_file);
            return -1;
        }
        return read_conf_file(c, cfg, conf_file, d);
    }
    /* Flyway's command line reads conf/ of its installation, then the working
     * directory's files, later ones overriding: the nearest directory at or
     * above the migrations that has any of them stands for both, up to the
     * repository's root (a .git entry) */
    static const char *const names[] = {"conf/flyway.conf", "conf/flyway.toml", "flyway.conf",
                                        "flyway.toml"};
    const char *p = fmt_is_dir(dir) ? dir : parent_dir(a, dir);
    char prev[PATH_MAX] = "";
    for (int depth = 0; p && depth < 16; depth++) {
        char real[PATH_MAX];
        if (!realpath(p, real) || strcmp(real, prev) == 0)
            break;
        bool found = false;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            const char *f = fmt_join(a, p, names[i]);
            if (fmt_is_file(f)) {
                found = true;
                if (read_conf_file(c, cfg, f, d) < 0)
                    return -1;
            }
        }
        if (found || fmt_is_dir(fmt_join(a, p, ".git")) || fmt_is_file(fmt_join(a, p, ".git")))
            break;
        strcpy(prev, real);
        p = parent_dir(a, p);
    }
    return 0;
}
