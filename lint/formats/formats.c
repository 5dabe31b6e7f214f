/*
 * formats.c - the format dispatcher: names, layout detection for "auto", and
 * the deterministic chain dump used by golden tests and `airlock chain`.
 * Detection looks only at names and at the first bytes of SQL files; it never
 * parses a whole chain, so it is cheap even on large histories.
 */
#include "lint/formats/formats.h"
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char *const format_names[] = {
    "native", "alembic", "alembic-sql", "golang-migrate", "goose",
    "dbmate", "flyway",  "diesel",      "sqitch",         NULL,
};

bool format_known(const char *name)
{
    if (strcmp(name, "auto") == 0)
        return true;
    for (int i = 0; format_names[i]; i++)
        if (strcmp(format_names[i], name) == 0)
            return true;
    return false;
}

/* Reads up to max bytes of a file's start (NUL-terminated, caller frees). */
static char *read_head(const char *path, size_t max)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = xmalloc(max + 1);
    size_t n = 0;
    while (n < max) {
        ssize_t r = read(fd, buf + n, max - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = 0;
    return buf;
}

/* Does some line of text start (after optional blanks when lead_blank) with
 * prefix, compared case-insensitively when nocase? */
static bool has_line(const char *text, const char *prefix, bool lead_blank, bool nocase)
{
    size_t pl = strlen(prefix);
    for (const char *l = text; l && *l;) {
        const char *p = l;
        if (lead_blank)
            while (*p == ' ' || *p == '\t')
                p++;
        if ((nocase ? strncasecmp(p, prefix, pl) : strncmp(p, prefix, pl)) == 0)
            return true;
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return false;
}

/* goose: a line starting with '--' that contains '+goose' (case-insensitive). */
static bool has_goose_annotation(const char *text)
{
    for (const char *l = text; l && *l;) {
        const char *p = l;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            for (size_t i = 0; i + 6 <= n; i++)
                if (strncasecmp(p + i, "+goose", 6) == 0)
                    return true;
        }
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return false;
}

/* dbmate's directive: ^--\s*migrate:up */
static bool has_dbmate_up(const char *text)
{
    for (const char *l = text; l && *l;) {
        if (l[0] == '-' && l[1] == '-') {
            const char *p = l + 2;
            while (*p == ' ' || *p == '\t')
                p++;
            if (strncmp(p, "migrate:up", 10) == 0)
                return true;
        }
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return false;
}

static bool leading_digits_then(const char *name, char sep)
{
    size_t i = 0;
    while (isdigit((unsigned char)name[i]))
        i++;
    return i > 0 && (sep == 0 || name[i] == sep);
}

static bool is_golang_migrate_name(const char *name)
{
    if (!leading_digits_then(name, '_'))
        return false;
    return strstr(name, ".up.") != NULL || strstr(name, ".down.") != NULL;
}

static bool is_flyway_name(const char *name)
{
    if (!fmt_has_suffix(name, ".sql"))
        return false;
    if (fmt_has_prefix(name, "R__"))
        return true;
    if ((name[0] == 'V' || name[0] == 'U') && isdigit((unsigned char)name[1]))
        return strstr(name, "__") != NULL;
    return false;
}

/* A directory whose sub-directories hold up.sql files (diesel's layout). */
static bool is_diesel_dir(struct arena *a, const char *dir)
{
    struct fmt_ent *ents;
    uint32_t n;
    struct err e;
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (ents[i].is_dir && ents[i].name[0] != '.' &&
            fmt_is_file(fmt_join(a, fmt_join(a, dir, ents[i].name), "up.sql")))
            return true;
    return false;
}

/* Python files in dir that assign down_revision (Alembic revision files). */
static bool has_alembic_py(struct arena *a, const char *dir)
{
    struct fmt_ent *ents;
    uint32_t n;
    struct err e;
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (ents[i].is_dir || !fmt_has_suffix(ents[i].name, ".py") ||
            fmt_has_prefix(ents[i].name, "__init__"))
            continue;
        char *h = read_head(fmt_join(a, dir, ents[i].name), 1 << 16);
        bool yes = h && strstr(h, "down_revision") && strstr(h, "revision");
        free(h);
        if (yes)
            return true;
    }
    return false;
}

/* Flyway scans its locations recursively: V1__x.sql in a sub-directory. */
static bool flyway_in_tree(struct arena *a, const char *dir, int depth)
{
    struct fmt_ent *ents;
    uint32_t n;
    struct err e;
    if (depth > 4 || fmt_list_dir(a, dir, &ents, &n, &e) < 0)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (ents[i].name[0] == '.')
            continue;
        if (ents[i].is_dir ? flyway_in_tree(a, fmt_join(a, dir, ents[i].name), depth + 1)
                           : is_flyway_name(ents[i].name))
            return true;
    }
    return false;
}

enum {
    C_NATIVE = 1 << 0,
    C_ALEMBIC = 1 << 1,
    C_ALEMBIC_SQL = 1 << 2,
    C_GOLANG = 1 << 3,
    C_GOOSE = 1 << 4,
    C_DBMATE = 1 << 5,
    C_FLYWAY = 1 << 6,
    C_DIESEL = 1 << 7,
    C_SQITCH = 1 << 8,
};

static const char *cand_name(int bit)
{
    switch (bit) {
    case C_NATIVE:
        return "native";
    case C_ALEMBIC:
        return "alembic";
    case C_ALEMBIC_SQL:
        return "alembic-sql";
    case C_GOLANG:
        return "golang-migrate";
    case C_GOOSE:
        return "goose";
    case C_DBMATE:
        return "dbmate";
    case C_FLYWAY:
        return "flyway";
    case C_DIESEL:
        return "diesel";
    default:
        return "sqitch";
    }
}

/* Candidates suggested by a single SQL file's content. */
static int sniff_sql(const char *path)
{
    char *h = read_head(path, 1 << 16);
    if (!h)
        return 0;
    int c = 0;
    if (has_line(h, "-- Running upgrade", false, false) ||
        has_line(h, "-- Running downgrade", false, false))
        c |= C_ALEMBIC_SQL;
    if (has_goose_annotation(h))
        c |= C_GOOSE;
    if (has_dbmate_up(h))
        c |= C_DBMATE;
    if (has_line(h, "-- airlock:", true, false))
        c |= C_NATIVE;
    free(h);
    return c;
}

static int detect_bits(struct arena *a, const char *dir, bool *plain_numbered)
{
    *plain_numbered = false;
    if (fmt_is_file(dir)) {
        int c = sniff_sql(dir) & (C_ALEMBIC_SQL | C_NATIVE);
        return c ? c : C_NATIVE;
    }
    struct fmt_ent *ents;
    uint32_t n;
    struct err e;
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0)
        return 0;
    int c = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *nm = ents[i].name;
        if (ents[i].is_dir) {
            if (strcmp(nm, "versions") == 0 && has_alembic_py(a, fmt_join(a, dir, nm)))
                c |= C_ALEMBIC;
            if (strcmp(nm, "migrations") == 0 && is_diesel_dir(a, fmt_join(a, dir, nm)))
                c |= C_DIESEL;
            if (nm[0] != '.' && !is_diesel_dir(a, dir) &&
                flyway_in_tree(a, fmt_join(a, dir, nm), 1))
                c |= C_FLYWAY;
            continue;
        }
        if (strcmp(nm, "sqitch.plan") == 0)
            c |= C_SQITCH;
        else if (strcmp(nm, "alembic.ini") == 0)
            c |= C_ALEMBIC;
        else if (strcmp(nm, "diesel.toml") == 0)
            c |= C_DIESEL;
        if (!fmt_has_suffix(nm, ".sql"))
            continue;
        if (is_golang_migrate_name(nm))
            c |= C_GOLANG;
        else if (is_flyway_name(nm))
            c |= C_FLYWAY;
        int s = sniff_sql(fmt_join(a, dir, nm));
        if (is_golang_migrate_name(nm))
            s &= ~(C_GOOSE | C_DBMATE); /* their comments, not directives */
        c |= s;
        if (leading_digits_then(nm, '_'))
            *plain_numbered = true;
    }
    if (!(c & (C_ALEMBIC | C_DIESEL)) && has_alembic_py(a, dir))
        c |= C_ALEMBIC;
    if (!(c & C_DIESEL) && is_diesel_dir(a, dir))
        c |= C_DIESEL;
    return c;
}

int format_detect(const char *dir, const char **name, struct err *e)
{
    struct arena *a = arena_new();
    bool plain = false;
    int c = detect_bits(a, dir, &plain);
    arena_free(a);
    /* '-- airlock:' directives are native even next to other tools' files
     * only when nothing else matches; a native chain with goose files in it
     * is ambiguous and named as such. */
    if (c == 0 && plain)
        c = C_NATIVE;
    /* alembic-sql output files contain ordinary user SQL, which may carry
     * other tools' comments; the markers win */
    if ((c & C_ALEMBIC_SQL) && !(c & ~(C_ALEMBIC_SQL | C_GOOSE | C_DBMATE | C_NATIVE)))
        c = C_ALEMBIC_SQL;
    int bits = 0;
    for (int b = 1; b <= C_SQITCH; b <<= 1)
        if (c & b)
            bits++;
    if (bits == 1) {
        for (int b = 1; b <= C_SQITCH; b <<= 1)
            if (c & b)
                *name = cand_name(b);
        return 0;
    }
    if (bits == 0)
        return err_set(e, 1, "%s: no migration layout recognised (use --format to name one)", dir);
    char list[256] = "";
    for (int b = 1; b <= C_SQITCH; b <<= 1)
        if (c & b) {
            if (list[0])
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, cand_name(b), sizeof list - strlen(list) - 1);
        }
    return err_set(e, 2, "%s: ambiguous migration layout, candidates: %s (use --format)", dir,
                   list);
}

int format_read(struct chain **out, struct arena *a, const char *format, const char *dir,
                bool verbose, struct diag_list *d)
{
    struct format_opts o = {verbose, NULL};
    return format_read_opts(out, a, format, dir, &o, d);
}

int format_read_opts(struct chain **out, struct arena *a, const char *format, const char *dir,
                     const struct format_opts *o, struct diag_list *d)
{
    bool verbose = o && o->verbose;
    *out = NULL;
    struct loc none = {0};
    if (!format || !*format)
        format = "auto";
    if (!format_known(format)) {
        fmt_input_error(d, "unknown-format", none, dir, "unknown format '%s'", format);
        return -1;
    }
    if (!fmt_is_dir(dir) && !fmt_is_file(dir)) {
        fmt_input_error(d, "unreadable-file", none, dir, "%s: no such file or directory", dir);
        return -1;
    }
    if (strcmp(format, "auto") == 0) {
        struct err e = {0};
        if (format_detect(dir, &format, &e) < 0) {
            struct diag *dg = fmt_input_error(
                d, e.code == 2 ? "ambiguous-format" : "unknown-format", none, dir, "%s", e.msg);
            dg->help = "name the layout with --format";
            return -1;
        }
        if (verbose)
            fmt_diag(d, "format-detected", SEV_INFO, none, dir, "read as %s", format);
    }
    struct chain *c = chain_new(a, arena_strdup(a, dir), format);
    *out = c;
    int rc;
    if (strcmp(format, "native") == 0) {
        if (fmt_is_file(dir)) {
            char *files[1] = {(char *)dir};
            rc = native_read_files(c, files, 1, d);
        } else {
            rc = native_read_dir(c, dir, d);
        }
    } else if (strcmp(format, "alembic") == 0) {
        rc = fmt_read_alembic(c, dir, d);
    } else if (strcmp(format, "alembic-sql") == 0) {
        rc = fmt_read_alembic_sql(c, dir, d);
    } else if (strcmp(format, "golang-migrate") == 0) {
        rc = fmt_read_golang_migrate(c, dir, d);
    } else if (strcmp(format, "goose") == 0) {
        rc = fmt_read_goose(c, dir, d);
    } else if (strcmp(format, "dbmate") == 0) {
        rc = fmt_read_dbmate(c, dir, d);
    } else if (strcmp(format, "flyway") == 0) {
        rc = fmt_read_flyway(c, dir, o ? o->flyway_conf : NULL, d);
    } else if (strcmp(format, "diesel") == 0) {
        rc = fmt_read_diesel(c, dir, d);
    } else {
        rc = fmt_read_sqitch(c, dir, d);
    }
    if (o && o->flyway_conf && strcmp(format, "flyway") != 0)
        fmt_diag(d, "flyway-config", SEV_WARNING, none, o->flyway_conf,
                 "the chain is read as %s: Flyway's configuration is not used", format);
    return rc < 0 ? -1 : 0;
}

/* ---- dump ---- */

static void dump_loc(struct strbuf *sb, struct loc l)
{
    if (l.src)
        sb_printf(sb, "%s:%u:%u", l.src->path, l.line, l.col);
    else
        sb_adds(sb, "-");
}

static void dump_flags(struct strbuf *sb, uint32_t f)
{
    if (!f)
        return;
    sb_adds(sb, " [");
    bool first = true;
    if (f & STMT_NO_TX) {
        sb_adds(sb, "no-tx");
        first = false;
    }
    if (f & STMT_BOOKKEEPING) {
        sb_adds(sb, first ? "bookkeeping" : ",bookkeeping");
        first = false;
    }
    if (f & STMT_NOT_ANALYZED)
        sb_adds(sb, first ? "not-analyzed" : ",not-analyzed");
    sb_adds(sb, "]");
}

static void dump_part(struct strbuf *sb, const char *name, const struct part *p)
{
    if (!p->present) {
        sb_printf(sb, "  %s: -\n", name);
        return;
    }
    sb_printf(sb, "  %s: ", name);
    dump_loc(sb, p->loc);
    sb_printf(sb, " (%u statement%s)\n", p->nstmts, p->nstmts == 1 ? "" : "s");
    for (uint32_t i = 0; i < p->nstmts; i++) {
        const struct stmt *s = &p->stmts[i];
        sb_printf(sb, "    %u ", s->index);
        dump_loc(sb, s->loc);
        dump_flags(sb, s->flags);
        const char *t = p->sql.text + s->off;
        uint32_t n = 0;
        while (n < s->len && t[n] != '\n' && t[n] != '\r')
            n++;
        while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
            n--;
        if (n > 100) { /* cut at a character boundary */
            n = 100;
            while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
                n--;
        }
        sb_adds(sb, " ");
        sb_add(sb, t, n);
        if (n < s->len)
            sb_adds(sb, " ...");
        sb_adds(sb, "\n");
    }
}

void format_dump(struct strbuf *sb, const struct chain *c)
{
    sb_printf(sb, "format %s\n", c->format ? c->format : "?");
    for (uint32_t i = 0; i < c->nrevs; i++) {
        const struct revision *r = c->revs[i];
        sb_printf(sb, "revision %s\n", r->id ? r->id : "?");
        sb_adds(sb, "  parents:");
        if (r->nparents == 0)
            sb_adds(sb, " -");
        for (uint32_t k = 0; k < r->nparents; k++)
            sb_printf(sb, " %s", r->parents[k]);
        sb_adds(sb, "\n");
        if (r->version)
            sb_printf(sb, "  version: %s\n", r->version);
        if (r->message)
            sb_printf(sb, "  message: %s\n", r->message);
        if (r->format_data)
            sb_printf(sb, "  data: %s\n", r->format_data);
        sb_adds(sb, "  file: ");
        dump_loc(sb, r->loc);
        sb_printf(sb, "\n  tx: %s\n", r->tx == TX_ON ? "on" : "off");
        dump_part(sb, "up", &r->up);
        dump_part(sb, "down", &r->down);
    }
}

void format_dump_sql(struct strbuf *sb, const struct chain *c, bool down)
{
    for (uint32_t k = 0; k < c->nrevs; k++) {
        /* downgrades run newest first */
        const struct revision *r = c->revs[down ? c->nrevs - 1 - k : k];
        const struct part *p = down ? &r->down : &r->up;
        sb_printf(sb, "-- revision %s (tx %s)\n", r->id, r->tx == TX_ON ? "on" : "off");
        if (!p->present)
            continue;
        bool in_tx = false;
        for (uint32_t i = 0; i < p->nstmts; i++) {
            const struct stmt *s = &p->stmts[i];
            if (s->flags & (STMT_BOOKKEEPING | STMT_NOT_ANALYZED)) {
                sb_printf(sb, "-- (%s statement %u left out)\n",
                          s->flags & STMT_BOOKKEEPING ? "bookkeeping" : "not-analyzed", i);
                continue;
            }
            bool want = r->tx == TX_ON && !(s->flags & STMT_NO_TX);
            if (want && !in_tx)
                sb_adds(sb, "BEGIN;\n");
            else if (!want && in_tx)
                sb_adds(sb, "COMMIT;\n");
            in_tx = want;
            sb_add(sb, p->sql.text + s->off, s->len);
            sb_adds(sb, ";\n");
        }
        if (in_tx)
            sb_adds(sb, "COMMIT;\n");
    }
}
