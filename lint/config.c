/*
 * config.c - .airlock.conf: discovery by walking up the directory tree, and
 * parsing with libinih (Debian's libinih-dev). The handler validates each
 * key as it comes and stops at the first error, whose line inih returns.
 */
#include "lint/config.h"
#include "lint/arena.h"

#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *config_find(struct arena *a, const char *start)
{
    /* Candidates are built relative to start ("dir", "dir/..", ...) so that
     * paths derived from the config read well; realpath only tells when the
     * root has been checked. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", start && *start ? start : ".");
    if (!is_dir(dir)) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else
            *(slash == dir ? slash + 1 : slash) = 0;
    }
    for (int depth = 0; depth < 256; depth++) {
        char cand[PATH_MAX + sizeof CONFIG_FILE_NAME + 1];
        size_t n = strlen(dir);
        if (strcmp(dir, ".") == 0)
            snprintf(cand, sizeof cand, "%s", CONFIG_FILE_NAME);
        else
            snprintf(cand, sizeof cand, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
                     CONFIG_FILE_NAME);
        if (is_file(cand))
            return arena_strdup(a, cand);
        char real[PATH_MAX];
        if (!realpath(dir, real) || strcmp(real, "/") == 0)
            return NULL;
        char up[PATH_MAX];
        if (strcmp(dir, ".") == 0)
            snprintf(up, sizeof up, "..");
        else if (snprintf(up, sizeof up, "%s%s..", dir, n && dir[n - 1] == '/' ? "" : "/") >=
                 (int)sizeof up)
            return NULL;
        memcpy(dir, up, strlen(up) + 1);
    }
    return NULL;
}

struct parse_state {
    struct arena *a;
    struct lint_config *cfg;
    char err[400]; /* first error, for the line inih reports */
    uint32_t line; /* lines seen so far (approximate, for rule settings) */
};

static int fail(struct parse_state *st, const char *fmt, const char *a, const char *b)
{
    snprintf(st->err, sizeof st->err, fmt, a, b);
    return 0; /* inih stops and returns this line */
}

static int parse_bool(const char *v)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
        return 1;
    if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcmp(v, "0"))
        return 0;
    return -1;
}

static void add_rule(struct parse_state *st, const char *id, const char *value)
{
    struct lint_config *c = st->cfg;
    if (c->nrules == c->caprules) {
        uint32_t cap = c->caprules ? c->caprules * 2 : 16;
        c->rules = arena_grow(st->a, c->rules, c->caprules, cap, sizeof *c->rules);
        c->caprules = cap;
    }
    struct config_rule *r = &c->rules[c->nrules++];
    r->id = arena_strdup(st->a, id);
    r->value = arena_strdup(st->a, value);
    r->line = 0;
}

static bool valid_rule_value(const char *v)
{
    static const char *const ok[] = {"off",   "on",   "info", "warning", "error",
                                     "false", "true", "no",   "yes"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(v, ok[i]) == 0)
            return true;
    return false;
}

/* "a, -b, c=error" (the --rules syntax) into rule settings. */
static int rules_list(struct parse_state *st, const char *v)
{
    char item[128];
    for (const char *p = v; *p;) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ',' && *q != ' ' && *q != '\t')
            q++;
        size_t n = (size_t)(q - p);
        if (n >= sizeof item)
            return fail(st, "rule list item too long%s%s", "", "");
        memcpy(item, p, n);
        item[n] = 0;
        p = q;
        char *eq = strchr(item, '=');
        if (eq) {
            *eq = 0;
            if (!valid_rule_value(eq + 1))
                return fail(st, "invalid setting '%s' for rule %s (off, on, info, warning, error)",
                            eq + 1, item);
            add_rule(st, item, eq + 1);
        } else if (item[0] == '-' || item[0] == '!') {
            add_rule(st, item + 1, "off");
        } else if (strcmp(item, "none") == 0) {
            add_rule(st, "all", "off");
        } else {
            add_rule(st, item, "on");
        }
    }
    return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse_state *st = user;
    struct lint_config *c = st->cfg;
    if (strcmp(section, "rules") == 0) {
        if (!valid_rule_value(value))
            return fail(st, "invalid setting '%s' for rule %s (off, on, info, warning, error)",
                        value, name);
        add_rule(st, name, value);
        return 1;
    }
    if (strcmp(section, "lint") != 0)
        return fail(st, "unknown section [%s] (expected [lint] or [rules])%s", section, "");
    if (strcmp(name, "pg-version") == 0) {
        char *end;
        long v = strtol(value, &end, 10);
        if (*end || v < 9 || v > 99)
            return fail(st, "pg-version must be a PostgreSQL major version such as 15, not '%s'%s",
                        value, "");
        c->pg_version = (int)v;
    } else if (strcmp(name, "fail-on") == 0) {
        if (!strcmp(value, "error"))
            c->fail_on = SEV_ERROR;
        else if (!strcmp(value, "warning"))
            c->fail_on = SEV_WARNING;
        else if (!strcmp(value, "info"))
            c->fail_on = SEV_INFO;
        else
            return fail(st, "fail-on takes error, warning or info, not '%s'%s", value, "");
    } else if (strcmp(name, "dir") == 0 || strcmp(name, "path") == 0 ||
               strcmp(name, "paths") == 0) {
        c->chain_dir = value[0] == '/' || strcmp(c->dir, ".") == 0
                           ? arena_strdup(st->a, value)
                           : arena_printf(st->a, "%s/%s", c->dir, value);
    } else if (strcmp(name, "format") == 0) {
        c->format = arena_strdup(st->a, value);
    } else if (strcmp(name, "output") == 0) {
        c->output = arena_strdup(st->a, value);
    } else if (strcmp(name, "since") == 0) {
        c->since = arena_strdup(st->a, value);
    } else if (strcmp(name, "assume-lock-timeout") == 0 ||
               strcmp(name, "assume-statement-timeout") == 0) {
        int b = parse_bool(value);
        if (b < 0)
            return fail(st, "%s takes true or false, not '%s'", name, value);
        if (name[7] == 'l')
            c->assume_lock_timeout = b;
        else
            c->assume_statement_timeout = b;
    } else if (strcmp(name, "rules") == 0) {
        return rules_list(st, value);
    } else {
        return fail(st, "unknown key '%s' in [lint]%s", name, "");
    }
    return 1;
}

int config_load(struct arena *a, const char *path, struct lint_config *cfg, struct err *e)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->fail_on = -1;
    cfg->assume_lock_timeout = -1;
    cfg->assume_statement_timeout = -1;
    cfg->path = arena_strdup(a, path);
    const char *slash = strrchr(path, '/');
    cfg->dir = slash ? arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path)) : ".";
    struct parse_state st = {a, cfg, "", 0};
    int rc = ini_parse(path, handler, &st);
    if (rc == 0)
        return 0;
    if (rc < 0) {
        err_set(e, 2, "cannot read %s", path);
        snprintf(e->file, sizeof e->file, "%s", path);
        return -1;
    }
    err_set(e, 1, "%s", st.err[0] ? st.err : "syntax error (expected [section] or key = value)");
    snprintf(e->file, sizeof e->file, "%s", path);
    e->line = (uint32_t)rc;
    e->col = 1;
    return -1;
}

int config_apply(const struct lint_config *cfg, struct rule_settings *s, struct err *e)
{
    if (cfg->pg_version)
        s->pg_version = cfg->pg_version;
    if (cfg->assume_lock_timeout >= 0)
        s->assume_lock_timeout = cfg->assume_lock_timeout;
    if (cfg->assume_statement_timeout >= 0)
        s->assume_statement_timeout = cfg->assume_statement_timeout;
    if (cfg->since)
        s->since = cfg->since;
    for (uint32_t i = 0; i < cfg->nrules; i++) {
        const struct config_rule *r = &cfg->rules[i];
        if (rule_settings_set(s, r->id, r->value, e) < 0) {
            snprintf(e->file, sizeof e->file, "%s", cfg->path ? cfg->path : CONFIG_FILE_NAME);
            return -1;
        }
    }
    return 0;
}
