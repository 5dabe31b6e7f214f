/*
 * alembic.c - Alembic revision files read statically (no Python is run):
 * the versions folder (from alembic.ini's script_location/version_locations,
 * a project's versions/ directory, or the directory itself), the module-level
 * revision/down_revision/branch_labels/depends_on assignments, Alembic's own
 * graph errors, and the upgrade()/downgrade() bodies turned into SQL by
 * alembic_ops.c. Code that cannot be translated becomes a not-analyzed
 * placeholder at its line; the rest of the revision is still read.
 */
#include "lint/formats/alembic.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct arev {
    const struct source *src;
    const char *id;
    const char **down;
    uint32_t ndown;
    const char **labels;
    uint32_t nlabels;
    const char **deps;
    uint32_t ndeps;
    const char *message;
    uint32_t rev_off, down_off, deps_off;
    bool has_rev;
    /* upgrade()/downgrade() bodies */
    struct py_tokens toks;
    bool has_up, has_down;
    uint32_t up_def, up_body, up_end, down_def, down_body, down_end;
    struct hashmap module;
    struct hashmap imports; /* see alb_ctx.imports */
    struct hashmap funcs;   /* see alb_ctx.funcs */
    bool bad;
};

/* ---- versions folders ---- */

static char *ini_value(struct chain *c, const struct source *s, const char *section,
                       const char *key)
{
    bool in = false;
    char *val = NULL;
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        if (n && l[0] == '[') {
            in = n >= strlen(section) + 2 && strncmp(l + 1, section, strlen(section)) == 0 &&
                 l[strlen(section) + 1] == ']';
            continue;
        }
        if (!in || !n || l[0] == '#' || l[0] == ';' || isspace((unsigned char)l[0]))
            continue;
        size_t kl = strlen(key);
        if (n < kl || strncmp(l, key, kl) != 0)
            continue;
        uint32_t i = (uint32_t)kl;
        while (i < n && (l[i] == ' ' || l[i] == '\t'))
            i++;
        if (i >= n || (l[i] != '=' && l[i] != ':'))
            continue;
        i++;
        while (i < n && isspace((unsigned char)l[i]))
            i++;
        uint32_t e = n;
        while (e > i && isspace((unsigned char)l[e - 1]))
            e--;
        val = arena_strndup(c->arena, l + i, e - i);
    }
    return val;
}

/* %(here)s is the directory of alembic.ini */
static char *expand_here(struct chain *c, const char *dir, const char *v)
{
    const char *h = strstr(v, "%(here)s");
    if (!h)
        return fmt_join(c->arena, dir, v);
    return arena_printf(c->arena, "%.*s%s%s", (int)(h - v), v, dir, h + 8);
}

static int version_dirs(struct chain *c, const char *dir, const char ***out, uint32_t *n,
                        struct diag_list *d)
{
    struct arena *a = c->arena;
    const char **v = arena_alloc(a, 16 * sizeof *v);
    *n = 0;
    const char *ini = fmt_join(a, dir, "alembic.ini");
    if (fmt_is_file(ini)) {
        struct err e;
        struct source *s = source_load(a, ini, 1 << 20, &e);
        if (s) {
            chain_add_source(c, s);
            char *sl = ini_value(c, s, "alembic", "script_location");
            char *vl = ini_value(c, s, "alembic", "version_locations");
            char *sep = ini_value(c, s, "alembic", "version_path_separator");
            if (vl) {
                /* 'os' (the default of new files) is os.pathsep; without the
                 * option, blanks and commas separate (the legacy behaviour) */
                const char *seps = !sep                                              ? " ,"
                                   : strcmp(sep, "os") == 0 || strcmp(sep, ":") == 0 ? ":"
                                   : strcmp(sep, "space") == 0                       ? " "
                                   : strcmp(sep, "newline") == 0                     ? "\n"
                                                                                     : sep;
                char *save = NULL;
                for (char *tok = strtok_r(vl, seps, &save); tok && *n < 15;
                     tok = strtok_r(NULL, seps, &save))
                    v[(*n)++] = expand_here(c, dir, tok);
            } else if (sl) {
                const char *colon = strchr(sl, ':');
                if (colon && !strstr(sl, "%(here)s"))
                    sl = (char *)colon + 1; /* package:resource form: best effort */
                v[(*n)++] = fmt_join(a, expand_here(c, dir, sl), "versions");
            }
        }
    }
    if (*n == 0) {
        const char *vd = fmt_join(a, dir, "versions");
        v[(*n)++] = fmt_is_dir(vd) ? vd : dir;
    }
    for (uint32_t i = 0; i < *n; i++)
        if (!fmt_is_dir(v[i])) {
            struct loc none = {0};
            fmt_input_error(d, "unreadable-file", none, v[i], "versions directory %s not found",
                            v[i]);
            return -1;
        }
    *out = v;
    return 0;
}

/* ---- module level ---- */

static struct py_parser sub(struct arena *a, const struct source *s, const struct py_tokens *t,
                            uint32_t from, uint32_t to)
{
    struct py_parser p = {a, s, t->v, to, from};
    return p;
}

static bool tok_is(const struct source *s, const struct py_token *t, enum py_tok k,
                   const char *text)
{
    size_t l = strlen(text);
    return t->kind == k && t->len == l && memcmp(s->data + t->off, text, l) == 0;
}

/* The last '=' at bracket depth 0 of a simple statement, or -1. */
static int64_t assign_pos(const struct source *s, const struct py_token *v, uint32_t a, uint32_t b)
{
    int depth = 0;
    int64_t pos = -1;
    for (uint32_t i = a; i < b; i++) {
        if (v[i].kind != PT_OP)
            continue;
        if (tok_is(s, &v[i], PT_OP, "(") || tok_is(s, &v[i], PT_OP, "[") ||
            tok_is(s, &v[i], PT_OP, "{"))
            depth++;
        else if (tok_is(s, &v[i], PT_OP, ")") || tok_is(s, &v[i], PT_OP, "]") ||
                 tok_is(s, &v[i], PT_OP, "}"))
            depth--;
        else if (depth == 0 && tok_is(s, &v[i], PT_OP, "="))
            pos = i;
    }
    return pos;
}

/* ids from a str / tuple / list / None value */
static bool id_list(struct arena *a, const struct py_node *n, const char ***out, uint32_t *cnt)
{
    *cnt = 0;
    *out = NULL;
    if (!n || n->kind == PN_NONE)
        return true;
    if (n->kind == PN_STR && !n->str.fstring) {
        *out = arena_alloc(a, sizeof **out);
        (*out)[0] = arena_strndup(a, n->str.s, n->str.len);
        *cnt = 1;
        return true;
    }
    if (n->kind == PN_TUPLE || n->kind == PN_LIST) {
        *out = arena_alloc(a, (n->nitems + 1) * sizeof **out);
        for (uint32_t i = 0; i < n->nitems; i++) {
            if (n->items[i]->kind != PN_STR || n->items[i]->str.fstring)
                return false;
            (*out)[(*cnt)++] = arena_strndup(a, n->items[i]->str.s, n->items[i]->str.len);
        }
        return true;
    }
    return false;
}

static void first_line_message(struct arena *a, struct arev *r, const struct py_node *doc)
{
    const char *s = doc->str.s;
    uint32_t n = doc->str.len, i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    uint32_t e = i;
    while (e < n && s[e] != '\n')
        e++;
    while (e > i && isspace((unsigned char)s[e - 1]))
        e--;
    if (e > i)
        r->message = arena_strndup(a, s + i, e - i);
}

/* Imports that change how calls are spelled: names imported from alembic.op
 * ("from alembic.op import create_table"), and aliases of sqlalchemy's func
 * and text. Others need no mapping: types and constructs are recognised by
 * their last name. */
static void record_imports(struct arena *a, const struct source *s, const struct py_token *v,
                           uint32_t from, uint32_t to, struct hashmap *imports)
{
    uint32_t i = from;
    char *module = NULL;
    if (tok_is(s, &v[i], PT_NAME, "from")) {
        struct strbuf m = STRBUF_INIT;
        for (i++; i < to && !tok_is(s, &v[i], PT_NAME, "import"); i++)
            sb_add(&m, s->data + v[i].off, v[i].len);
        module = arena_strdup(a, m.len ? m.buf : "");
        sb_release(&m);
        i++;
    } else {
        i++;
    }
    while (i < to) {
        if (v[i].kind != PT_NAME) {
            i++;
            continue;
        }
        /* NAME(.NAME)* [as NAME] */
        struct strbuf n = STRBUF_INIT;
        while (i < to && (v[i].kind == PT_NAME || tok_is(s, &v[i], PT_OP, ".")) &&
               !tok_is(s, &v[i], PT_NAME, "as")) {
            sb_add(&n, s->data + v[i].off, v[i].len);
            i++;
        }
        char *name = arena_strdup(a, n.len ? n.buf : "");
        sb_release(&n);
        char *local = name;
        if (i + 1 < to && tok_is(s, &v[i], PT_NAME, "as")) {
            local = py_tok_text(a, s, &v[i + 1]);
            i += 2;
        }
        const char *canon = NULL;
        if (module && strcmp(module, "alembic.op") == 0)
            canon = arena_printf(a, "op.%s", name);
        else if (module && strcmp(module, "alembic") == 0 && strcmp(name, "op") == 0)
            canon = "op";
        else if (!module && strcmp(name, "alembic.op") == 0)
            canon = "op";
        else if (module && strncmp(module, "sqlalchemy", 10) == 0 &&
                 (strcmp(name, "func") == 0 || strcmp(name, "text") == 0))
            canon = name;
        if (canon && strcmp(canon, local) != 0)
            hashmap_put(imports, local, (void *)canon);
    }
}

const char *alb_canon(const struct alb_ctx *x, const char *name)
{
    if (!x->imports || !name)
        return name;
    size_t fl = strcspn(name, ".");
    char *first = arena_strndup(x->a, name, fl);
    const char *c = hashmap_get(x->imports, first);
    if (!c)
        return name;
    return arena_printf(x->a, "%s%s", c, name + fl);
}

static int read_module(struct chain *c, struct arev *r, struct diag_list *d)
{
    struct arena *a = c->arena;
    const struct source *s = r->src;
    py_tokenize(a, s, &r->toks);
    if (r->toks.error) {
        struct diag *dg =
            fmt_input_error(d, "python-syntax", source_loc(s, r->toks.error_off), NULL,
                            "cannot read this revision file: %s", r->toks.error_msg);
        dg->help = "Alembic could not import it either";
        r->bad = true;
        return -1;
    }
    hashmap_init(&r->module, a);
    hashmap_init(&r->imports, a);
    hashmap_init(&r->funcs, a);
    struct py_parser p = sub(a, s, &r->toks, 0, r->toks.n);
    struct py_stmt st;
    bool first = true;
    const struct py_token *v = r->toks.v;
    while (py_next_stmt(&p, &st)) {
        if (st.compound) {
            if (tok_is(s, &v[st.start], PT_NAME, "def") && st.start + 1 < st.colon) {
                const struct py_token *nm = &v[st.start + 1];
                if (tok_is(s, nm, PT_NAME, "upgrade")) {
                    r->has_up = true;
                    r->up_def = v[st.start].off;
                    r->up_body = st.body;
                    r->up_end = st.body_end;
                } else if (tok_is(s, nm, PT_NAME, "downgrade")) {
                    r->has_down = true;
                    r->down_def = v[st.start].off;
                    r->down_body = st.body;
                    r->down_end = st.body_end;
                } else if (nm->kind == PT_NAME && st.start + 3 < st.colon &&
                           tok_is(s, &v[st.start + 2], PT_OP, "(") &&
                           tok_is(s, &v[st.start + 3], PT_OP, ")")) {
                    /* a helper without parameters, which upgrade() may call */
                    struct alb_func *f = arena_alloc(a, sizeof *f);
                    f->body = st.body;
                    f->body_end = st.body_end;
                    hashmap_put(&r->funcs, py_tok_text(a, s, nm), f);
                }
            }
            first = false;
            continue;
        }
        if (tok_is(s, &v[st.start], PT_NAME, "from") ||
            tok_is(s, &v[st.start], PT_NAME, "import")) {
            record_imports(a, s, v, st.start, st.end, &r->imports);
            first = false;
            continue;
        }
        int64_t eq = assign_pos(s, v, st.start, st.end);
        if (eq < 0) {
            if (first && v[st.start].kind == PT_STRING) {
                struct py_parser e = sub(a, s, &r->toks, st.start, st.end);
                struct py_node *doc = py_parse_expr(&e);
                if (doc->kind == PN_STR)
                    first_line_message(a, r, doc);
            }
            first = false;
            continue;
        }
        first = false;
        if (v[st.start].kind != PT_NAME)
            continue;
        struct py_parser e = sub(a, s, &r->toks, (uint32_t)eq + 1, st.end);
        struct py_node *val = py_parse_expr(&e);
        /* a = b = value: every target gets the value */
        for (uint32_t i = st.start; i < (uint32_t)eq; i++) {
            if (v[i].kind != PT_NAME || (i > st.start && !tok_is(s, &v[i - 1], PT_OP, "=")))
                continue;
            char *name = py_tok_text(a, s, &v[i]);
            hashmap_put(&r->module, name, val);
            uint32_t off = v[st.start].off;
            if (strcmp(name, "revision") == 0) {
                r->rev_off = off;
                if (val->kind == PN_STR && !val->str.fstring) {
                    r->id = arena_strndup(a, val->str.s, val->str.len);
                    r->has_rev = true;
                } else {
                    fmt_input_error(d, "alembic-revision", source_loc(s, off), NULL,
                                    "'revision' is not a string literal");
                    r->bad = true;
                }
            } else if (strcmp(name, "down_revision") == 0) {
                r->down_off = off;
                if (!id_list(a, val, &r->down, &r->ndown)) {
                    fmt_input_error(d, "alembic-revision", source_loc(s, off), NULL,
                                    "'down_revision' is not a string, tuple of strings or None");
                    r->bad = true;
                }
            } else if (strcmp(name, "branch_labels") == 0) {
                if (!id_list(a, val, &r->labels, &r->nlabels)) {
                    fmt_input_error(d, "alembic-revision", source_loc(s, off), NULL,
                                    "'branch_labels' is not a string, tuple of strings or None");
                    r->bad = true;
                }
            } else if (strcmp(name, "depends_on") == 0) {
                r->deps_off = off;
                if (!id_list(a, val, &r->deps, &r->ndeps)) {
                    fmt_input_error(d, "alembic-revision", source_loc(s, off), NULL,
                                    "'depends_on' is not a string, tuple of strings or None");
                    r->bad = true;
                }
            }
        }
    }
    if (!r->has_rev && !r->bad) {
        struct diag *dg = fmt_input_error(
            d, "alembic-revision", source_loc(s, 0), NULL,
            "Could not determine revision id from filename %s. Be sure the 'revision' variable "
            "is declared inside the script",
            s->path);
        dg->help = "declare revision = \"<id>\" at module level";
        r->bad = true;
    }
    return r->bad ? -1 : 0;
}

/* ---- bodies ---- */

static bool is_harmless_call(const struct py_node *n)
{
    if (n->kind != PN_CALL || n->base->kind != PN_NAME)
        return false;
    const char *f = n->base->name;
    return strcmp(f, "print") == 0 || strncmp(f, "logger.", 7) == 0 || strncmp(f, "log.", 4) == 0 ||
           strncmp(f, "logging.", 8) == 0 || strcmp(f, "warnings.warn") == 0;
}

/* Calls whose result is a value, not SQL run on the database. */
static bool is_pure_call(const struct py_node *n)
{
    if (n->kind != PN_CALL)
        return false;
    if (n->base->kind == PN_ATTR)
        return false;
    if (n->base->kind != PN_NAME)
        return false;
    const char *f = n->base->name;
    static const char *const prefixes[] = {"sa.",    "sqlalchemy.", "postgresql.", "pg.",
                                           "sa_pg.", "sqlmodel.",   NULL};
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(f, prefixes[i], strlen(prefixes[i])) == 0) {
            const char *last = strrchr(f, '.') + 1;
            /* sa.Enum(...).create() is an attribute call, handled elsewhere */
            return strcmp(last, "execute") != 0;
        }
    static const char *const names[] = {"op.get_bind",
                                        "op.get_context",
                                        "op.f",
                                        "text",
                                        "sql_text",
                                        "table",
                                        "column",
                                        "Column",
                                        "Enum",
                                        "ENUM",
                                        "PGFunction",
                                        "PGView",
                                        "PGMaterializedView",
                                        "PGTrigger",
                                        "PGPolicy",
                                        "PGExtension",
                                        "PGGrantTable",
                                        "PGProcedure",
                                        "Table",
                                        "MetaData",
                                        "conv",
                                        "literal_column",
                                        "ForeignKey",
                                        "Index",
                                        "UniqueConstraint",
                                        "ForeignKeyConstraint",
                                        "PrimaryKeyConstraint",
                                        "CheckConstraint",
                                        NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(f, names[i]) == 0)
            return true;
    return false;
}

static struct py_node *unknown(struct arena *a, uint32_t off)
{
    struct py_node *n = arena_alloc(a, sizeof *n);
    n->kind = PN_OTHER;
    n->off = n->end = off;
    return n;
}

void alb_not_analyzed(struct alb_ctx *x, uint32_t off, uint32_t end, const char *why)
{
    const struct source *s = x->src;
    uint32_t e = off;
    while (e < end && e < s->len && s->data[e] != '\n')
        e++;
    while (e > off && isspace((unsigned char)s->data[e - 1]))
        e--;
    uint32_t n = e - off;
    if (n > 100) {
        n = 100;
        while (n > 0 && ((unsigned char)s->data[off + n] & 0xC0) == 0x80)
            n--;
    }
    /* a block comment: harmless wherever the text is run, and it cannot
     * swallow the statement terminator that follows */
    bool closes = false;
    for (uint32_t i = 0; i + 1 < n; i++)
        closes |= s->data[off + i] == '*' && s->data[off + i + 1] == '/';
    fmt_b_begin(x->b);
    fmt_b_adds(x->b, "/* not analyzed: ", off);
    if (closes)
        fmt_b_adds(x->b, "(Python code) */", off);
    else {
        fmt_b_add(x->b, s->data + off, n, off, true);
        fmt_b_adds(x->b, " */", off);
    }
    fmt_b_end(x->b, x->flags | STMT_NOT_ANALYZED, false);
    struct diag *dg = fmt_diag(x->d, "not-analyzed", SEV_WARNING, source_loc(s, off), NULL,
                               "not analyzed: %s", why);
    dg->revision = x->r->id;
    dg->help = "airlock cannot translate this code statically; review the SQL it runs by hand "
               "(the rest of the revision is linted)";
}

/* Names assigned anywhere in tokens [a, b): their values become unknown. */
static void invalidate_assigned(struct alb_ctx *x, const struct py_tokens *t, uint32_t a,
                                uint32_t b)
{
    for (uint32_t i = a; i + 1 < b; i++) {
        if (t->v[i].kind != PT_NAME || t->v[i + 1].kind != PT_OP)
            continue;
        const struct py_token *o = &t->v[i + 1];
        const char *p = x->src->data + o->off;
        bool assign = (o->len == 1 && p[0] == '=') ||
                      (o->len == 2 && p[1] == '=' && strchr("+-*/%&|^@", p[0]) != NULL);
        if (assign)
            hashmap_put(x->locals, py_tok_text(x->a, x->src, &t->v[i]), unknown(x->a, o->off));
    }
}

/* `if <bind>.dialect.name == "postgresql":` and the like: 1 true, 0 false,
 * -1 unknown. */
static int dialect_test(struct alb_ctx *x, const struct py_node *n)
{
    if (!n || n->kind != PN_BINOP || (strcmp(n->name, "==") && strcmp(n->name, "!=")))
        return -1;
    const struct py_node *l = n->items[0], *r = n->items[1];
    if (l->kind == PN_STR) {
        const struct py_node *t = l;
        l = r;
        r = t;
    }
    if (r->kind != PN_STR)
        return -1;
    uint32_t len = l->end - l->off;
    const char *txt = x->src->data + l->off;
    if (len < 12 || memcmp(txt + len - 12, "dialect.name", 12) != 0)
        return -1;
    bool pg = r->str.len == 10 && memcmp(r->str.s, "postgresql", 10) == 0;
    return (strcmp(n->name, "==") == 0) == pg;
}

static void translate_block(struct alb_ctx *x, const struct py_tokens *t, uint32_t from,
                            uint32_t to);

static void translate_with(struct alb_ctx *x, const struct py_tokens *t, const struct py_stmt *st)
{
    const struct source *s = x->src;
    /* with EXPR [as NAME]: */
    uint32_t as = st->colon;
    for (uint32_t i = st->start + 1; i < st->colon; i++)
        if (tok_is(s, &t->v[i], PT_NAME, "as"))
            as = i;
    struct py_parser p = sub(x->a, s, t, st->start + 1, as);
    struct py_node *e = py_parse_expr(&p);
    const char *name = as + 1 < st->colon ? py_tok_text(x->a, s, &t->v[as + 1]) : NULL;
    uint32_t off = t->v[st->start].off;
    if (p.i != as || (as < st->colon && as + 2 != st->colon)) {
        alb_not_analyzed(x, off, t->v[st->colon].off, "a with statement of several items");
        invalidate_assigned(x, t, st->body, st->body_end);
        return;
    }
    if (e->kind == PN_CALL && e->base->kind == PN_ATTR &&
        strcmp(e->base->name, "autocommit_block") == 0 && e->base->base->kind == PN_CALL &&
        e->base->base->base->kind == PN_NAME &&
        strcmp(e->base->base->base->name, "op.get_context") == 0) {
        uint32_t saved = x->flags;
        x->flags |= STMT_NO_TX;
        translate_block(x, t, st->body, st->body_end);
        x->flags = saved;
        return;
    }
    if (py_is_call(e, "op", "batch_alter_table") && name) {
        const char *sv = x->batch_var;
        const struct py_node *sc = x->batch_call;
        x->batch_var = name;
        x->batch_call = e;
        const struct py_node *rc = py_kwarg(e, "recreate");
        if (rc && rc->kind == PN_STR && rc->str.len == 6 && memcmp(rc->str.s, "always", 6) == 0)
            alb_not_analyzed(x, off, t->v[st->colon].off,
                             "batch_alter_table(recreate='always') copies the table");
        else
            translate_block(x, t, st->body, st->body_end);
        x->batch_var = sv;
        x->batch_call = sc;
        return;
    }
    alb_not_analyzed(x, off, t->v[st->colon].off, "a with statement airlock does not translate");
    invalidate_assigned(x, t, st->body, st->body_end);
}

/* Calls nested deeper than this are not followed (recursion). */
#define MAX_HELPER_DEPTH 8

static const struct alb_func *helper_of(const struct alb_ctx *x, const struct py_node *call)
{
    if (!x->funcs || call->kind != PN_CALL || call->base->kind != PN_NAME || call->nitems ||
        call->nkw || call->star || x->depth >= MAX_HELPER_DEPTH)
        return NULL;
    /* an assignment in the body would have shadowed the module's function */
    if (x->locals && hashmap_get(x->locals, call->base->name))
        return NULL;
    return hashmap_get(x->funcs, call->base->name);
}

/* `helper()` as a statement, where `def helper():` is a module-level function
 * without parameters: its body runs here, with its own local names (the
 * caller's are not visible to it, the module's are). */
static bool inline_helper(struct alb_ctx *x, const struct py_tokens *t, const struct py_node *call)
{
    const struct alb_func *f = helper_of(x, call);
    if (!f)
        return false;
    struct hashmap locals, binds;
    hashmap_init(&locals, x->a);
    hashmap_init(&binds, x->a);
    struct alb_ctx in = *x;
    in.locals = &locals;
    in.binds = &binds;
    in.batch_var = NULL;
    in.batch_call = NULL;
    in.depth++;
    translate_block(&in, t, f->body, f->body_end);
    return true;
}

const struct py_node *alb_helper_result(const struct alb_ctx *x, const struct py_node *call)
{
    const struct alb_func *f = helper_of(x, call);
    if (!f)
        return NULL;
    const struct source *s = x->src;
    struct py_parser p = sub(x->a, s, x->toks, f->body, f->body_end);
    struct py_stmt st;
    bool first = true;
    while (py_next_stmt(&p, &st)) {
        const struct py_token *k = &x->toks->v[st.start];
        if (first && !st.compound && k->kind == PT_STRING && st.end == st.start + 1) {
            first = false; /* the docstring */
            continue;
        }
        if (st.compound || !tok_is(s, k, PT_NAME, "return"))
            return NULL;
        struct py_parser e = sub(x->a, s, x->toks, st.start + 1, st.end);
        struct py_node *v = py_parse_expr(&e);
        return e.i == st.end ? v : NULL;
    }
    return NULL;
}

static void translate_simple(struct alb_ctx *x, const struct py_tokens *t, const struct py_stmt *st,
                             bool *stop)
{
    const struct source *s = x->src;
    const struct py_token *v = t->v;
    uint32_t off = v[st->start].off;
    uint32_t endoff = st->end > st->start ? v[st->end - 1].off + v[st->end - 1].len : off;
    const struct py_token *k = &v[st->start];
    if (tok_is(s, k, PT_NAME, "pass") || tok_is(s, k, PT_OP, "...") ||
        tok_is(s, k, PT_NAME, "import") || tok_is(s, k, PT_NAME, "from") ||
        tok_is(s, k, PT_NAME, "global") || tok_is(s, k, PT_NAME, "nonlocal") ||
        tok_is(s, k, PT_NAME, "assert") || tok_is(s, k, PT_NAME, "del"))
        return;
    if (tok_is(s, k, PT_NAME, "return")) {
        *stop = true; /* nothing after it runs */
        return;
    }
    if (tok_is(s, k, PT_NAME, "raise")) {
        alb_not_analyzed(x, off, endoff, "the function raises an exception here");
        *stop = true;
        return;
    }
    int64_t eq = assign_pos(s, v, st->start, st->end);
    uint32_t rhs = eq >= 0 ? (uint32_t)eq + 1 : st->start;
    struct py_parser p = sub(x->a, s, t, rhs, st->end);
    struct py_node *e = py_parse_expr(&p);
    if (p.i < st->end) {
        /* augmented assignment or something the parser does not follow */
        alb_not_analyzed(x, off, endoff, "statement not understood");
        invalidate_assigned(x, t, st->start, st->end);
        return;
    }
    if (eq < 0) {
        if (e->kind == PN_STR)
            return; /* a docstring or a bare string */
        if (e->kind != PN_CALL) {
            alb_not_analyzed(x, off, endoff, "expression statement not understood");
            return;
        }
        if (is_harmless_call(e) || inline_helper(x, t, e))
            return;
        const char *why = NULL;
        if (!alb_call(x, e, &why))
            alb_not_analyzed(x, off, endoff, why ? why : "call not understood");
        return;
    }
    /* assignment: NAME [: annotation] = [NAME =]* value */
    bool simple_target = v[st->start].kind == PT_NAME;
    struct py_node *val = e;
    bool sql_ran = false;
    if (e->kind == PN_CALL && !is_pure_call(e)) {
        const char *why = NULL;
        if (alb_call(x, e, &why)) {
            sql_ran = true;
        } else {
            alb_not_analyzed(x, off, endoff, why ? why : "call not understood");
        }
        val = unknown(x->a, e->off);
    }
    if (e->kind == PN_CALL && e->base->kind == PN_NAME &&
        strcmp(e->base->name, "op.get_bind") == 0) {
        for (uint32_t i = st->start; i < (uint32_t)eq; i++)
            if (v[i].kind == PT_NAME)
                hashmap_put(x->binds, py_tok_text(x->a, s, &v[i]), (void *)1);
    }
    (void)sql_ran;
    for (uint32_t i = st->start; i < (uint32_t)eq; i++) {
        if (v[i].kind != PT_NAME)
            continue;
        if (i > st->start && !tok_is(s, &v[i - 1], PT_OP, "="))
            continue; /* a name inside a target like a.b or a[i] or an annotation */
        if (i + 1 < (uint32_t)eq + 1 && !tok_is(s, &v[i + 1], PT_OP, "=") &&
            !tok_is(s, &v[i + 1], PT_OP, ":"))
            continue;
        hashmap_put(x->locals, py_tok_text(x->a, s, &v[i]),
                    simple_target ? val : unknown(x->a, off));
    }
}

static void translate_block(struct alb_ctx *x, const struct py_tokens *t, uint32_t from,
                            uint32_t to)
{
    const struct source *s = x->src;
    struct py_parser p = sub(x->a, s, t, from, to);
    struct py_stmt st;
    int last_if = -1; /* outcome of the previous if/elif test, -1 unknown */
    bool stop = false;
    while (!stop && py_next_stmt(&p, &st)) {
        const struct py_token *k = &t->v[st.start];
        uint32_t off = k->off;
        uint32_t hdr_end = st.compound ? t->v[st.colon].off : off;
        if (!st.compound) {
            last_if = -1;
            translate_simple(x, t, &st, &stop);
            continue;
        }
        if (tok_is(s, k, PT_NAME, "with")) {
            last_if = -1;
            translate_with(x, t, &st);
        } else if (tok_is(s, k, PT_NAME, "if") || tok_is(s, k, PT_NAME, "elif")) {
            bool elif = tok_is(s, k, PT_NAME, "elif");
            struct py_parser hp = sub(x->a, s, t, st.start + 1, st.colon);
            struct py_node *cond = py_parse_expr(&hp);
            int r = hp.i == st.colon ? dialect_test(x, cond) : -1;
            if (elif && last_if == 1) {
                r = 0; /* an earlier branch was taken */
            } else if (elif && last_if != 0) {
                r = -1;
            }
            if (r == 1) {
                translate_block(x, t, st.body, st.body_end);
            } else if (r < 0) {
                alb_not_analyzed(x, off, hdr_end, "a conditional airlock cannot decide statically");
                invalidate_assigned(x, t, st.body, st.body_end);
            }
            last_if = r == 1 ? 1 : r == 0 ? (elif && last_if == 1 ? 1 : 0) : -1;
        } else if (tok_is(s, k, PT_NAME, "else")) {
            if (last_if == 0)
                translate_block(x, t, st.body, st.body_end);
            else if (last_if < 0) {
                alb_not_analyzed(x, off, hdr_end, "a conditional airlock cannot decide statically");
                invalidate_assigned(x, t, st.body, st.body_end);
            }
            last_if = -1;
        } else if (tok_is(s, k, PT_NAME, "def") || tok_is(s, k, PT_NAME, "class")) {
            /* a definition runs nothing; calling it is reported where it happens */
            last_if = -1;
        } else {
            last_if = -1;
            const char *what = tok_is(s, k, PT_NAME, "for") || tok_is(s, k, PT_NAME, "while")
                                   ? "a loop"
                                   : "a compound statement";
            alb_not_analyzed(x, off, hdr_end, what);
            invalidate_assigned(x, t, st.body, st.body_end);
        }
    }
}

/* The user's own transaction control: after op.execute("COMMIT") (or END, ROLLBACK)
 * the statements run outside Alembic's transaction - psql autocommits them from
 * the offline script, and psycopg2 does not begin again online - up to a user
 * BEGIN / START TRANSACTION (whose statements Alembic's final COMMIT ends). */
static void flag_after_commit(struct part *p)
{
    bool outside = false;
    for (uint32_t i = 0; i < p->nstmts; i++) {
        struct stmt *st = &p->stmts[i];
        if (st->flags & STMT_NOT_ANALYZED)
            continue;
        const char *t = p->sql.text + st->off;
        if (fmt_starts_with_words(t, st->len, "BEGIN") ||
            fmt_starts_with_words(t, st->len, "START TRANSACTION")) {
            if (outside)
                st->flags |= STMT_NO_TX;
            outside = false;
            continue;
        }
        if (fmt_starts_with_words(t, st->len, "COMMIT") ||
            fmt_starts_with_words(t, st->len, "END") ||
            fmt_starts_with_words(t, st->len, "ROLLBACK") ||
            fmt_starts_with_words(t, st->len, "ABORT"))
            outside = true;
        if (outside)
            st->flags |= STMT_NO_TX;
    }
}

static void translate_part(struct chain *c, struct arev *ar, struct revision *r, struct part *part,
                           uint32_t def_off, uint32_t body, uint32_t end, struct diag_list *d)
{
    struct fmt_builder b;
    fmt_b_init(&b, c->arena, ar->src, def_off);
    struct hashmap locals, binds;
    hashmap_init(&locals, c->arena);
    hashmap_init(&binds, c->arena);
    struct alb_ctx x = {0};
    x.a = c->arena;
    x.src = ar->src;
    x.d = d;
    x.r = r;
    x.b = &b;
    x.locals = &locals;
    x.module = &ar->module;
    x.binds = &binds;
    x.imports = &ar->imports;
    x.funcs = &ar->funcs;
    x.toks = &ar->toks;
    translate_block(&x, &ar->toks, body, end);
    fmt_b_finish(&b, part);
    flag_after_commit(part);
    fmt_b_release(&b);
}

/* ---- the graph in Alembic's terms ---- */

static bool bad_chars(const char *id, char *out, size_t cap)
{
    static const char illegal[] = "+-:@";
    out[0] = 0;
    for (const char *p = illegal; *p; p++)
        if (strchr(id, *p)) {
            size_t l = strlen(out);
            if (l + 3 < cap) {
                if (l)
                    strcat(out, ", ");
                l = strlen(out);
                out[l] = *p;
                out[l + 1] = 0;
            }
        }
    return out[0] != 0;
}

static int cmp_name(const void *pa, const void *pb)
{
    const char *const *a = pa, *const *b = pb;
    return strcmp(*a, *b);
}

int fmt_read_alembic(struct chain *c, const char *dir, struct diag_list *d)
{
    struct arena *a = c->arena;
    const char **vdirs;
    uint32_t nvd;
    if (version_dirs(c, dir, &vdirs, &nvd, d) < 0)
        return -1;
    /* every *.py except __init__* and editor lock files, by name */
    uint32_t cap = 64, nf = 0;
    const char **files = arena_alloc(a, cap * sizeof *files);
    for (uint32_t k = 0; k < nvd; k++) {
        struct fmt_ent *ents;
        uint32_t n;
        struct err e = {0};
        struct loc none = {0};
        if (fmt_list_dir(a, vdirs[k], &ents, &n, &e) < 0) {
            fmt_input_error(d, "unreadable-file", none, vdirs[k], "%s", e.msg);
            return -1;
        }
        const char **names = arena_alloc(a, (n + 1) * sizeof *names);
        uint32_t nn = 0;
        for (uint32_t i = 0; i < n; i++)
            if (!ents[i].is_dir && fmt_has_suffix(ents[i].name, ".py") &&
                !fmt_has_prefix(ents[i].name, "__init__") && !fmt_has_prefix(ents[i].name, ".#"))
                names[nn++] = ents[i].name;
        qsort(names, nn, sizeof *names, cmp_name);
        for (uint32_t i = 0; i < nn; i++) {
            if (nf == cap) {
                files = arena_grow(a, files, cap, cap * 2, sizeof *files);
                cap *= 2;
            }
            files[nf++] = fmt_join(a, vdirs[k], names[i]);
        }
    }
    if (nf == 0) {
        struct loc none = {0};
        fmt_input_error(d, "empty-chain", none, vdirs[0], "no Alembic revision files in %s",
                        vdirs[0]);
        return -1;
    }
    int rc = 0;
    struct arev *revs = arena_alloc(a, nf * sizeof *revs);
    struct hashmap byid, bylabel;
    hashmap_init(&byid, a);
    hashmap_init(&bylabel, a);
    for (uint32_t i = 0; i < nf; i++) {
        struct arev *r = &revs[i];
        struct source *s = fmt_load(c, files[i], d);
        if (!s) {
            r->bad = true;
            rc = -1;
            continue;
        }
        r->src = s;
        if (read_module(c, r, d) < 0) {
            rc = -1;
            continue;
        }
        struct loc at = source_loc(s, r->rev_off);
        char bad[32];
        if (bad_chars(r->id, bad, sizeof bad)) {
            fmt_input_error(d, "alembic-revision", at, NULL,
                            "Character(s) '%s' not allowed in revision identifier '%s'", bad,
                            r->id);
            r->bad = true;
            rc = -1;
            continue;
        }
        struct arev *prev = hashmap_get(&byid, r->id);
        if (prev) {
            struct diag *dg = fmt_input_error(d, "duplicate-revision", at, NULL,
                                              "Revision %s is present more than once (also in "
                                              "%s)",
                                              r->id, prev->src->path);
            dg->help = "Alembic keeps only one of them; give each revision its own id";
            r->bad = true;
            rc = -1;
            continue;
        }
        hashmap_put(&byid, r->id, r);
    }
    /* branch labels name revisions too */
    for (uint32_t i = 0; i < nf; i++) {
        struct arev *r = &revs[i];
        if (r->bad)
            continue;
        for (uint32_t k = 0; k < r->nlabels; k++) {
            struct arev *o = hashmap_get(&bylabel, r->labels[k]);
            if (o || hashmap_get(&byid, r->labels[k])) {
                fmt_input_error(d, "alembic-branch-label", source_loc(r->src, r->rev_off), NULL,
                                "Branch name '%s' in revision %s already used by revision %s",
                                r->labels[k], r->id, o ? o->id : r->labels[k]);
                rc = -1;
                continue;
            }
            hashmap_put(&bylabel, r->labels[k], r);
        }
    }
    for (uint32_t i = 0; i < nf; i++) {
        struct arev *ar = &revs[i];
        if (ar->bad)
            continue;
        struct revision *r = chain_add(c);
        r->id = ar->id;
        r->message = ar->message;
        r->src = ar->src;
        r->loc = source_loc(ar->src, ar->rev_off);
        r->parents_loc = source_loc(ar->src, ar->down_off ? ar->down_off : ar->rev_off);
        r->explicit_parents = true;
        r->tx = TX_ON; /* transactional DDL: PostgreSQL's default in Alembic */
        /* missing parents, self-loops and cycles are chain_validate's to report */
        for (uint32_t k = 0; k < ar->ndown; k++)
            fmt_add_parent(a, r, ar->down[k]);
        /* depends_on: more parents, by id (or a unique prefix) or branch label */
        struct strbuf fd = STRBUF_INIT;
        for (uint32_t k = 0; k < ar->ndeps; k++) {
            const char *dep = ar->deps[k];
            struct arev *t = hashmap_get(&byid, dep);
            if (!t)
                t = hashmap_get(&bylabel, dep);
            if (!t && strlen(dep) >= 4) {
                struct arev *m = NULL;
                int hits = 0;
                for (uint32_t j = 0; j < nf; j++)
                    if (!revs[j].bad && strncmp(revs[j].id, dep, strlen(dep)) == 0) {
                        m = &revs[j];
                        hits++;
                    }
                if (hits == 1)
                    t = m;
            }
            if (!t) {
                struct diag *dg =
                    fmt_input_error(d, "missing-parent", source_loc(ar->src, ar->deps_off), NULL,
                                    "Revision %s referenced from %s is not present", dep, ar->id);
                dg->revision = r->id;
                rc = -1;
                continue;
            }
            bool dup = false;
            for (uint32_t q = 0; q < r->nparents; q++)
                dup |= strcmp(r->parents[q], t->id) == 0;
            if (!dup)
                fmt_add_parent(a, r, t->id);
            sb_printf(&fd, "%sdepends_on=%s", fd.len ? " " : "", t->id);
        }
        for (uint32_t k = 0; k < ar->nlabels; k++)
            sb_printf(&fd, "%sbranch_label=%s", fd.len ? " " : "", ar->labels[k]);
        if (fd.len)
            r->format_data = arena_strdup(a, fd.buf);
        sb_release(&fd);
        if (ar->has_up)
            translate_part(c, ar, r, &r->up, ar->up_def, ar->up_body, ar->up_end, d);
        else {
            struct diag *dg = fmt_diag(d, "missing-up", SEV_ERROR, r->loc, NULL,
                                       "revision %s has no upgrade() function", r->id);
            dg->revision = r->id;
        }
        if (ar->has_down)
            translate_part(c, ar, r, &r->down, ar->down_def, ar->down_body, ar->down_end, d);
        fmt_settle_tx(r);
    }
    return rc;
}
