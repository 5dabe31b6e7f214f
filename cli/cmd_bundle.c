/*
 * cmd_bundle.c - `airlock bundle DIR --from REV --to REV --key K -o FILE`:
 * reads and checks the chain (load_chain), takes the revisions on the path
 * between the two revisions (a downgrade when --from descends from --to),
 * asks the simulator for the schema text expected before and after each
 * step, and hands a plain bundle_input to bundle_build. The statement spans
 * come from libpg_query here, so the applier never parses SQL. The output
 * file appears whole or not at all.
 */
#include "bundle/bundle.h"
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "cli/keyio.h"
#include "cli/report.h"
#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/config.h"
#include "lint/load.h"
#include "lint/rule.h"
#include "lint/simulate.h"
#include "lint/strbuf.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: airlock bundle DIR --from REV --to REV --key NAME.key -o FILE.airlock [options]\n"
    "\n"
    "Packs the revisions on the path from --from (exclusive) to --to (inclusive)\n"
    "into one signed, reproducible file for airlock-apply (docs/bundle-format.md).\n"
    "With --from a descendant of --to, the bundle is a downgrade that runs the\n"
    "revisions' down parts, newest first. REV is an id, a unique prefix of at\n"
    "least 4 characters, 'base' or 'head'.\n"
    "\n"
    "The chain must have no error findings: everything `airlock lint` reports at\n"
    "severity error, with the chain's .airlock.conf, knowing that airlock-apply sets\n"
    "lock_timeout. The same inputs, key and creation time give a byte-identical file.\n"
    "\n"
    "options:\n"
    "      --from REV            start of the range (exclusive); 'base' for an empty database\n"
    "      --to REV              end of the range (inclusive)\n"
    "  -k, --key NAME.key        secret key to sign with (passphrase from the terminal\n"
    "                            or AIRLOCK_PASSPHRASE_FILE)\n"
    "  -o, --output FILE         the bundle to write (replaced atomically)\n"
    "      --sequence N          release number, must grow per project (default: the\n"
    "                            creation time in unix seconds)\n"
    "      --created TIME        creation time, 2026-11-24T10:00:00Z or unix seconds\n"
    "                            (default: $SOURCE_DATE_EPOCH, else now)\n"
    "      --expires WHEN        30d, 12h, 90m, 2w, a time, or never (default: never)\n"
    "      --version-table T     alembic or airlock: how the target records its revision\n"
    "                            (default: alembic for Alembic chains, else airlock)\n"
    "      --project NAME        project name (default: the chain directory's name)\n"
    "  -f, --format FORMAT       chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                            golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "      --allow-findings      bundle even if the chain has error findings\n"
    "      --no-sum              do not compare with airlock.sum\n"
    "      --flyway-conf FILE    Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -v, --verbose             say which layout was detected and how long each phase took\n"
    "  -h, --help                show this help\n"
    "\n"
    "exit status: 0 written, 1 the chain has error findings, 2 usage or input error\n";

/* ---- schema text along the bundle ----------------------------------------
 * The canonical schema text (docs/schema-text.md) expected before the first
 * step and after each step, from the simulator: base -> from is simulated
 * with sim_chain, then each step of the bundle (an up part, or a down part
 * for a downgrade) on the same catalog, printing the text after each.
 * Statements the simulator rejects are left out of the schema, as
 * PostgreSQL would leave them out; the rules have already reported them
 * (statement-rejected), which refuses the bundle unless --allow-findings.
 */
struct schema_walk {
    struct arena *a;
    struct catalog *cat;
    struct sim *sim;
    struct strbuf text;
};

static int schema_walk_start(struct schema_walk *w, struct arena *a, struct chain *c,
                             const struct revision *from, struct diag_list *d)
{
    w->a = a;
    w->text = (struct strbuf)STRBUF_INIT;
    w->cat = catalog_new(a);
    if (from && sim_chain(a, w->cat, c, from, &(struct sim_chain_options){0}, d) < 0)
        return -1;
    w->sim = sim_new(a, w->cat, &(struct sim_options){0});
    if (!from) /* sim_chain made the tool's table otherwise */
        sim_tool_tables(w->sim, c->format);
    catalog_schema_text(w->cat, &w->text);
    return 0;
}

/* Applies one step: r's up part, or its down part when down. */
static void schema_walk_step(struct schema_walk *w, const struct revision *r, bool down,
                             struct diag_list *d)
{
    const struct part *p = down ? &r->down : &r->up;
    if (p->present && !r->broken) {
        sim_begin_part(w->sim, r, down ? PART_DOWN : PART_UP);
        for (uint32_t i = 0; i < p->nstmts; i++)
            if (p->stmts[i].node)
                sim_statement(w->sim, p, &p->stmts[i], d);
        sim_end_part(w->sim);
    }
    sb_reset(&w->text);
    catalog_schema_text(w->cat, &w->text);
}

/* The current schema text, copied into the arena. */
static const char *schema_walk_text(struct schema_walk *w, size_t *len)
{
    *len = w->text.len;
    return arena_strndup(w->a, w->text.buf ? w->text.buf : "", w->text.len);
}

static void schema_walk_end(struct schema_walk *w)
{
    sb_release(&w->text);
    catalog_free(w->cat);
}

/* ---- options ------------------------------------------------------------- */

struct opts {
    const char *dir, *from, *to, *key, *out, *sequence, *created, *expires, *version_table,
        *project;
    struct load_opts load;
    bool allow_findings, verbose;
};

static int parse_opts(struct opts *o, int argc, char **argv)
{
    static const struct option lo[] = {{"from", required_argument, NULL, 'F'},
                                       {"to", required_argument, NULL, 'T'},
                                       {"key", required_argument, NULL, 'k'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"sequence", required_argument, NULL, 's'},
                                       {"created", required_argument, NULL, 'c'},
                                       {"expires", required_argument, NULL, 'e'},
                                       {"version-table", required_argument, NULL, 'V'},
                                       {"project", required_argument, NULL, 'p'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"allow-findings", no_argument, NULL, 'A'},
                                       {"no-sum", no_argument, NULL, 'S'},
                                       {"verbose", no_argument, NULL, 'v'},
                                       {"flyway-conf", required_argument, NULL, 'W'},
                                       {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->load.format = "auto";
    optind = 0;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "k:o:f:v", lo, NULL)) != -1) {
        switch (ch) {
        case 'F':
            o->from = optarg;
            break;
        case 'T':
            o->to = optarg;
            break;
        case 'k':
            o->key = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 's':
            o->sequence = optarg;
            break;
        case 'c':
            o->created = optarg;
            break;
        case 'e':
            o->expires = optarg;
            break;
        case 'V':
            o->version_table = optarg;
            break;
        case 'p':
            o->project = optarg;
            break;
        case 'f':
            o->load.format = optarg;
            break;
        case 'A':
            o->allow_findings = true;
            break;
        case 'S':
            o->load.no_sum = true;
            break;
        case 'W':
            o->load.flyway_conf = optarg;
            break;
        case 'v':
            o->verbose = true;
            o->load.verbose = true;
            break;
        default:
            return cli_usage_error("bundle", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("bundle", argc - optind ? "expected one DIR" : "missing DIR");
    o->dir = argv[optind];
    if (!o->from || !o->to || !o->key || !o->out)
        return cli_usage_error("bundle", "--from, --to, --key and -o are required");
    if (o->version_table && strcmp(o->version_table, "alembic") != 0 &&
        strcmp(o->version_table, "airlock") != 0)
        return cli_usage_error("bundle", "--version-table takes alembic or airlock, not '%s'",
                               o->version_table);
    return 0;
}

/* The project name: --project, else the directory's last component. */
static const char *project_name(struct arena *a, const struct opts *o)
{
    if (o->project)
        return o->project;
    size_t n = strlen(o->dir);
    while (n > 1 && o->dir[n - 1] == '/')
        n--;
    const char *end = o->dir + n, *s = end;
    while (s > o->dir && s[-1] != '/')
        s--;
    char *p = arena_strndup(a, s, (size_t)(end - s));
    if (strcmp(p, ".") == 0 || strcmp(p, "..") == 0 || !*p) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            const char *b = strrchr(cwd, '/');
            p = arena_strdup(a, b ? b + 1 : cwd);
        }
    }
    return p;
}

/* Statement spans of a part, without the migration tool's own bookkeeping. */
static const struct bundle_span *part_spans(struct arena *a, const struct part *p, uint32_t *n)
{
    struct bundle_span *v = arena_alloc(a, (p->nstmts ? p->nstmts : 1) * sizeof *v);
    uint32_t k = 0;
    for (uint32_t i = 0; i < p->nstmts; i++) {
        if (p->stmts[i].flags & STMT_BOOKKEEPING)
            continue;
        v[k++] = (struct bundle_span){p->stmts[i].off, p->stmts[i].len};
    }
    *n = k;
    return v;
}

static bool part_has_flag(const struct part *p, uint32_t flag)
{
    for (uint32_t i = 0; p->present && i < p->nstmts; i++)
        if (p->stmts[i].flags & flag)
            return true;
    return false;
}

/* Rule settings as `airlock lint` has them for this chain (its
 * .airlock.conf), knowing that the bundle is applied by airlock-apply, which
 * sets lock_timeout (docs/applier.md). Also takes the config's chain layout
 * when --format was not given. Returns -1 after printing an error. */
static int lint_settings(struct arena *a, struct opts *o, struct rule_settings *set)
{
    struct lint_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fail_on = cfg.assume_lock_timeout = cfg.assume_statement_timeout = -1;
    struct err e = {0};
    const char *path = config_find(a, o->dir);
    if (path && config_load(a, path, &cfg, &e) < 0) {
        if (e.line)
            fprintf(stderr, "%s:%u:%u: error: %s\n", e.file, e.line, e.col, e.msg);
        else
            fprintf(stderr, "airlock bundle: error: %s\n", e.msg);
        return -1;
    }
    rule_settings_init(set, a);
    if (config_apply(&cfg, set, &e) < 0) {
        fprintf(stderr, "%s: error: %s\n", e.file[0] ? e.file : "airlock bundle", e.msg);
        return -1;
    }
    set->assume_lock_timeout = true;
    if (cfg.format && strcmp(o->load.format, "auto") == 0)
        o->load.format = cfg.format;
    return 0;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "airlock bundle: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static int run(int argc, char **argv)
{
    struct opts o;
    if (parse_opts(&o, argc, argv) < 0)
        return EXIT_USAGE;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct err e = {0};
    struct sig_secret_key *sk = NULL;
    struct schema_walk w = {0};
    bool walking = false;
    unsigned char *out = NULL;
    size_t out_len = 0;
    int rc = EXIT_USAGE;

    int64_t created, expires = 0;
    uint64_t sequence;
    if (keyio_created(o.created, &created, &e) < 0 ||
        (o.expires && keyio_parse_expires(o.expires, created, &expires, &e) < 0)) {
        rc = fail("%s", e.msg);
        goto done;
    }
    sequence = (uint64_t)created;
    if (o.sequence) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(o.sequence, &end, 10);
        if (!*o.sequence || *end || errno || o.sequence[0] == '-' || o.sequence[0] == '+') {
            rc = fail("bad --sequence '%s'", o.sequence);
            goto done;
        }
        sequence = v;
    }
    const char *project = project_name(a, &o);
    if (!manifest_project_valid(project)) {
        rc =
            fail("project name '%s' is not [A-Za-z0-9_.-]{1,64}: give one with --project", project);
        goto done;
    }

    /* The chain, checked: no error findings unless allowed. */
    double t_start = seconds();
    struct rule_settings set;
    if (lint_settings(a, &o, &set) < 0)
        goto done;
    struct chain *c;
    char *paths[] = {(char *)o.dir};
    if (load_chain(a, paths, 1, &o.load, &c, &d) < 0 || diag_has_input_error(&d)) {
        diag_sort(&d);
        report_render(stderr, c, &d, &(struct report_opts){.format = REPORT_TEXT, .summary = true});
        goto done;
    }
    /* The lint rules, which simulate the chain and report the statements
     * PostgreSQL would reject (statement-rejected) among their findings. */
    if (rules_run(c, &set, &d, &e) < 0) {
        rc = fail("%s", e.msg);
        goto done;
    }
    struct revision *from, *to;
    if (chain_resolve(c, o.from, &from, &e) < 0 || chain_resolve(c, o.to, &to, &e) < 0) {
        rc = fail("%s", e.msg);
        goto done;
    }
    /* Up when from is an ancestor of to; down when to is an ancestor of from. */
    struct revision **path;
    bool down = false;
    int n = from == to ? 0 : chain_path(c, from, to, &path, &e);
    if (n < 0) {
        struct err e2 = {0};
        n = chain_path(c, to, from, &path, &e2);
        if (n < 0) {
            rc = fail("--from %s and --to %s are not on one path of the graph: %s", o.from, o.to,
                      e.msg);
            goto done;
        }
        down = true;
    }
    if (n == 0) {
        rc = fail("the range from %s to %s holds no revision", o.from, o.to);
        goto done;
    }
    double t_loaded = seconds();
    walking = true;
    if (schema_walk_start(&w, a, c, from, NULL) < 0) {
        rc = fail("cannot simulate the chain up to %s", from ? from->id : "base");
        goto done;
    }
    size_t schema_from_len;
    const char *schema_from = schema_walk_text(&w, &schema_from_len);
    struct bundle_rev_input *revs = arena_alloc(a, (size_t)n * sizeof *revs);
    for (int i = 0; i < n; i++) {
        /* A downgrade undoes the newest revision first. */
        const struct revision *r = down ? path[n - 1 - i] : path[i];
        struct bundle_rev_input *br = &revs[i];
        if (part_has_flag(&r->up, STMT_NOT_ANALYZED) ||
            part_has_flag(&r->down, STMT_NOT_ANALYZED)) {
            rc =
                fail("revision %s (%s) holds code airlock could not translate to SQL: it cannot be "
                     "bundled",
                     r->id, r->src ? r->src->path : "?");
            goto done;
        }
        br->id = r->id;
        br->parents = r->parents;
        br->nparents = r->nparents;
        /* Statements that must run outside a transaction make the revision tx=off. */
        const struct part *run_part = down ? &r->down : &r->up;
        br->tx = r->tx == TX_ON && !part_has_flag(run_part, STMT_NO_TX);
        br->up = r->up.sql.text ? r->up.sql.text : "";
        br->up_len = r->up.sql.len;
        br->up_stmts = part_spans(a, &r->up, &br->nup_stmts);
        if (r->down.present) {
            br->down = r->down.sql.text ? r->down.sql.text : "";
            br->down_len = r->down.sql.len;
            br->down_stmts = part_spans(a, &r->down, &br->ndown_stmts);
        }
        schema_walk_step(&w, r, down, NULL);
        br->schema_after = schema_walk_text(&w, &br->schema_after_len);
    }
    double t_schema = seconds();
    if (diag_count(&d, SEV_ERROR) > 0) {
        diag_sort(&d);
        report_render(stderr, c, &d, &(struct report_opts){.format = REPORT_TEXT, .summary = true});
        if (!o.allow_findings) {
            fprintf(stderr, "airlock bundle: error: the chain has error findings; fix them or pass "
                            "--allow-findings\n");
            rc = EXIT_FINDINGS;
            goto done;
        }
    }

    struct bundle_input in = {
        .project = project,
        .sequence = sequence,
        .created = created,
        .expires = expires,
        .down = down,
        .from = from ? from->id : NULL,
        .to = to ? to->id : NULL,
        .version_table = o.version_table                         ? o.version_table
                         : strncmp(c->format, "alembic", 7) == 0 ? "alembic"
                                                                 : "airlock",
        .schema_from = schema_from,
        .schema_from_len = schema_from_len,
        .revs = revs,
        .nrevs = (uint32_t)n,
    };
    if (keyio_load_secret(o.key, &sk, &e) < 0) {
        rc = fail("%s", e.msg);
        goto done;
    }
    double t_key = seconds();
    if (bundle_build(&in, sk, &out, &out_len, &e) < 0) {
        rc = fail("%s", e.msg);
        goto done;
    }
    double t_built = seconds();
    if (write_file_atomic(o.out, out, out_len, 0644, &e) < 0) {
        rc = fail("%s", e.msg);
        goto done;
    }
    if (o.verbose)
        fprintf(stderr,
                "airlock bundle: read, parse and lint the chain %.3f s, schema text %.3f s, key "
                "%.3f s, "
                "build and sign %.3f s, write %.3f s\n",
                t_loaded - t_start, t_schema - t_loaded, t_key - t_schema, t_built - t_key,
                seconds() - t_built);
    printf("wrote %s: project %s, sequence %" PRIu64
           ", %s from %s to %s, %d revision%s, %zu bytes\n",
           o.out, project, sequence, down ? "down" : "up", from ? from->id : "base",
           to ? to->id : "base", n, n == 1 ? "" : "s", out_len);
    rc = EXIT_OK;
done:
    if (walking)
        schema_walk_end(&w);
    sig_secret_key_free(sk);
    free(out);
    arena_free(a);
    return rc;
}

const struct command cmd_bundle = {
    .name = "bundle",
    .summary = "pack a range of revisions into a signed, reproducible bundle",
    .usage = usage,
    .run = run,
};
