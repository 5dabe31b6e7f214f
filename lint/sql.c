/*
 * sql.c - libpg_query as airlock uses it. Each statement is parsed once: a
 * part's text goes to pg_query_parse_protobuf in chunks ending at top-level
 * ';' (parse_chunks), unpacked into the run's arena; each RawStmt gives a
 * statement's span, and its node's locations are rebased to the statement's
 * start (where a parse of the statement alone puts them). When a chunk does
 * not parse, the part is split with pg_query_split_with_parser (falling back
 * to the scanner split when the text has a syntax error, so one error never
 * hides the statements after it) and each statement is parsed on its own.
 * Parsing runs on a thread with a large stack:
 * libpg_query's tree output and protobuf-c's unpacking recurse once per level
 * of the tree, and sqlscan's nesting estimate refuses statements past
 * SQL_MAX_DEPTH before they reach the parser at all.
 */
#include "lint/sql.h"
#include "lint/arena.h"
#include "lint/sqlscan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SQL_MAX_DEPTH 10000
#define PARSE_STACK_SIZE ((size_t)512 << 20)

/* Byte offset of 1-based character position pos in s[0..len). */
static uint32_t char_to_byte(const char *s, uint32_t len, int pos)
{
    uint32_t i = 0;
    int chars = 1;
    while (i < len && chars < pos) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}

/* First byte of a token at or after off: skips whitespace and comments. */
static uint32_t skip_space(const char *s, uint32_t off, uint32_t end)
{
    while (off < end) {
        char c = s[off];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            off++;
        } else if (c == '-' && off + 1 < end && s[off + 1] == '-') {
            while (off < end && s[off] != '\n')
                off++;
        } else if (c == '/' && off + 1 < end && s[off + 1] == '*') {
            int nest = 1;
            off += 2;
            while (off < end && nest) {
                if (s[off] == '/' && off + 1 < end && s[off + 1] == '*')
                    nest++, off += 2;
                else if (s[off] == '*' && off + 1 < end && s[off + 1] == '/')
                    nest--, off += 2;
                else
                    off++;
            }
        } else {
            break;
        }
    }
    return off;
}

static struct diag *syntax_diag(struct diag_list *d, const struct revision *r, const struct part *p,
                                uint32_t off, const char *msg)
{
    /* PostgreSQL quotes the offending text, which may span lines: keep the first */
    const char *nl = strchr(msg, '\n');
    int keep = nl ? (int)(nl - msg) : (int)strlen(msg);
    struct diag *g = diag_add(d, "syntax-error", SEV_ERROR, sqltext_loc(&p->sql, off), "%.*s%s",
                              keep, msg, nl ? "...\"" : "");
    g->sqlstate = "42601";
    g->revision = r ? r->id : NULL;
    return g;
}

const char *sql_node_kind(const PgQuery__Node *n)
{
    if (!n || n->node_case == PG_QUERY__NODE__NODE__NOT_SET)
        return "none";
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
        &pg_query__node__descriptor, (unsigned)n->node_case);
    if (!f || !f->descriptor)
        return "unknown";
    return ((const ProtobufCMessageDescriptor *)f->descriptor)->short_name;
}

char *sql_stmt_text(struct arena *a, const struct part *p, const struct stmt *s)
{
    return arena_strndup(a, p->sql.text + s->off, s->len);
}

struct span {
    uint32_t off, len;
    PgQuery__Node *node; /* parsed by parse_chunks; NULL: parse the span on its own */
    uint32_t chunk;      /* where node's chunk starts: its locations count from there */
};

struct spans {
    struct span *v;
    uint32_t n, cap;
    uint32_t start;
};

static void push_span(struct spans *sp, uint32_t off, uint32_t len)
{
    if (sp->n == sp->cap) {
        sp->cap = sp->cap ? sp->cap * 2 : 16;
        sp->v = xrealloc(sp->v, sizeof *sp->v * sp->cap);
    }
    sp->v[sp->n++] = (struct span){off, len, NULL, 0};
}

static void semi_event(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    struct spans *sp = ctx;
    (void)len;
    if (ev != SQLSCAN_SEMI)
        return;
    push_span(sp, sp->start, off - sp->start);
    sp->start = off + 1;
}

/* A statement's span as the parser gives it (stmt_location, stmt_len; a
 * length of 0 runs to the end of the text). */
static void push_raw_span(struct spans *sp, int32_t loc, int32_t slen, uint32_t len,
                          PgQuery__Node *node)
{
    uint32_t off = (uint32_t)loc;
    uint32_t l = (uint32_t)slen;
    if (off > len)
        return;
    if (l == 0 || off + l > len)
        l = len - off;
    push_span(sp, off, l);
    sp->v[sp->n - 1].node = node;
}

/* Statement spans of text at sqlscan's ';' positions: used when the parser
 * cannot split it (a syntax error somewhere), so every statement is still
 * parsed and reported on its own. */
static void scan_split(const char *text, uint32_t len, struct spans *out)
{
    memset(out, 0, sizeof *out);
    sqlscan(text, len, semi_event, out);
    if (out->start < len)
        push_span(out, out->start, len - out->start);
}

/* Statement spans of text. When the parser cannot split it, the spans come
 * from scan_split; *err_pos and *err_msg then hold the parser's error. */
static void split(const char *text, uint32_t len, struct spans *out, int *err_pos, char **err_msg)
{
    PgQuerySplitResult r = pg_query_split_with_parser(text);
    *err_pos = -1;
    *err_msg = NULL;
    memset(out, 0, sizeof *out);
    if (r.error) {
        *err_pos = r.error->cursorpos;
        *err_msg = xstrdup(r.error->message);
        pg_query_free_split_result(r);
        scan_split(text, len, out);
        return;
    }
    for (int i = 0; i < r.n_stmts; i++)
        push_raw_span(out, r.stmts[i]->stmt_location, r.stmts[i]->stmt_len, len, NULL);
    pg_query_free_split_result(r);
}

struct copy_blank {
    char *buf;        /* malloc'd copy of the text, made at the first COPY data */
    const char *text; /* the part's text */
    uint32_t *semis;  /* top-level ';' positions, for parse_chunks */
    uint32_t nsemis, cap;
};

static void copy_event(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    struct copy_blank *cb = ctx;
    if (ev == SQLSCAN_SEMI) {
        if (cb->nsemis == cb->cap) {
            cb->cap = cb->cap ? cb->cap * 2 : 64;
            cb->semis = xrealloc(cb->semis, sizeof *cb->semis * cb->cap);
        }
        cb->semis[cb->nsemis++] = off;
        return;
    }
    if (ev != SQLSCAN_COPY_DATA)
        return;
    if (!cb->buf)
        cb->buf = xstrdup(cb->text);
    for (uint32_t i = off; i < off + len; i++)
        if (cb->buf[i] != '\n')
            cb->buf[i] = ' ';
}

/* Subtracts by from every location in the tree under m: the whole-text
 * parse locates nodes in the part, a statement's own parse (what everything
 * after sql.c expects) at its start. Walks the fields the descriptors list;
 * a Node is a oneof whose members, all messages, share one pointer. */
static void rebase(ProtobufCMessage *m, int32_t by)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char *base = (char *)m;
    if (d == &pg_query__node__descriptor) {
        PgQuery__Node *n = (PgQuery__Node *)m;
        ProtobufCMessage *sub = (ProtobufCMessage *)n->list;
        if (n->node_case != PG_QUERY__NODE__NODE__NOT_SET && sub)
            rebase(sub, by);
        return;
    }
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (f->label == PROTOBUF_C_LABEL_REPEATED) {
                size_t n = *(size_t *)(base + f->quantifier_offset);
                ProtobufCMessage **v = *(ProtobufCMessage ***)(base + f->offset);
                for (size_t k = 0; k < n; k++)
                    if (v[k])
                        rebase(v[k], by);
            } else {
                ProtobufCMessage *sub = *(ProtobufCMessage **)(base + f->offset);
                if (sub)
                    rebase(sub, by);
            }
        } else if (f->type == PROTOBUF_C_TYPE_INT32 && f->label != PROTOBUF_C_LABEL_REPEATED &&
                   f->name[0] == 'l' && strcmp(f->name, "location") == 0) {
            int32_t *loc = (int32_t *)(base + f->offset);
            if (*loc >= by)
                *loc -= by;
        }
    }
}

/* Parses text[0..len) in chunks that end at top-level ';' (semis, from
 * sqlscan): each chunk is parsed once with pg_query_parse_protobuf and
 * unpacked into the arena, its RawStmts giving the statement spans and nodes
 * (located in the chunk; rebased by parse_part). Chunks of about CHUNK_BYTES
 * keep libpg_query's tree, its protobuf buffer and the unpacked nodes in the
 * cache, where one parse of a large part would stream through all of them.
 * Returns false, with *out empty, when any chunk does not parse or unpack: a
 * syntax error, or a ';' sqlscan took for a statement's end that is not one
 * (inside BEGIN ATOMIC, which then leaves a chunk unterminated). The caller
 * then splits and parses statement by statement, which reports the error at
 * the same position as ever. */
#define CHUNK_BYTES 8192
static bool parse_chunks(struct arena *a, const char *text, uint32_t len, const uint32_t *semis,
                         uint32_t nsemis, struct spans *out)
{
    memset(out, 0, sizeof *out);
    char *buf = NULL;
    size_t cap = 0;
    uint32_t start = 0, k = 0;
    bool ok = true;
    while (ok && start < len) {
        uint32_t end = len;
        while (k < nsemis && semis[k] < start)
            k++;
        while (k < nsemis && semis[k] + 1 - start < CHUNK_BYTES)
            k++;
        if (k < nsemis)
            end = semis[k++] + 1;
        uint32_t n = end - start;
        if (n + 1 > cap) {
            cap = (size_t)n + 1;
            buf = xrealloc(buf, cap);
        }
        memcpy(buf, text + start, n);
        buf[n] = 0;
        PgQueryProtobufParseResult pr = pg_query_parse_protobuf(buf);
        PgQuery__ParseResult *res = NULL;
        if (!pr.error)
            res = pg_query__parse_result__unpack(arena_protobuf_allocator(a), pr.parse_tree.len,
                                                 (const uint8_t *)pr.parse_tree.data);
        if (res) {
            for (size_t i = 0; i < res->n_stmts; i++) {
                uint32_t before = out->n;
                push_raw_span(out, res->stmts[i]->stmt_location, res->stmts[i]->stmt_len, n,
                              res->stmts[i]->stmt);
                if (out->n > before) {
                    out->v[out->n - 1].off += start;
                    out->v[out->n - 1].chunk = start;
                }
            }
        } else {
            ok = false;
        }
        pg_query_free_protobuf_parse_result(pr);
        start = end;
    }
    free(buf);
    if (!ok) {
        free(out->v);
        memset(out, 0, sizeof *out);
    }
    return ok;
}

/* Parses one statement; returns its node or NULL after adding a diagnostic. */
static PgQuery__Node *parse_one(struct arena *a, const struct revision *r, const struct part *p,
                                uint32_t off, uint32_t len, struct diag_list *d, bool report)
{
    const char *s = p->sql.text + off;
    uint32_t depth = sqlscan(s, len, NULL, NULL);
    if (depth > SQL_MAX_DEPTH) {
        struct diag *g = diag_add(d, "statement-too-deep", SEV_ERROR, sqltext_loc(&p->sql, off),
                                  "statement nests more than %d levels deep", SQL_MAX_DEPTH);
        g->help = "PostgreSQL would fail with 'stack depth limit exceeded'; split the statement "
                  "or flatten the expression";
        g->sqlstate = "54001";
        g->revision = r ? r->id : NULL;
        return NULL;
    }
    char *buf = xmalloc((size_t)len + 1);
    memcpy(buf, s, len);
    buf[len] = 0;
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(buf);
    PgQuery__Node *node = NULL;
    if (pr.error) {
        if (report) {
            uint32_t at = pr.error->cursorpos > 0 ? char_to_byte(buf, len, pr.error->cursorpos)
                                                  : skip_space(buf, 0, len);
            syntax_diag(d, r, p, off + at, pr.error->message);
        }
    } else {
        PgQuery__ParseResult *res = pg_query__parse_result__unpack(
            arena_protobuf_allocator(a), pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
        if (res && res->n_stmts > 0 && res->stmts[0]->stmt)
            node = res->stmts[0]->stmt;
        else if (!res)
            syntax_diag(d, r, p, off, "internal error: cannot unpack the parse tree");
    }
    pg_query_free_protobuf_parse_result(pr);
    free(buf);
    return node;
}

/* A part whose statements the format reader delimited (goose's
 * StatementBegin/End, Alembic's operations, alembic_version bookkeeping, ...):
 * each is parsed as given; placeholders for code that was not analyzed are
 * not SQL and keep node == NULL. */
static int parse_given(struct arena *a, struct revision *r, struct part *p, struct diag_list *d)
{
    uint32_t errors_before = diag_count(d, SEV_ERROR);
    for (uint32_t i = 0; i < p->nstmts; i++) {
        struct stmt *s = &p->stmts[i];
        if (!(s->flags & STMT_NOT_ANALYZED))
            s->node = parse_one(a, r, p, s->off, s->len, d, true);
    }
    return (int)(diag_count(d, SEV_ERROR) - errors_before);
}

static int parse_part(struct arena *a, struct revision *r, struct part *p, struct diag_list *d)
{
    uint32_t errors_before = diag_count(d, SEV_ERROR);
    if (p->stmts_given && !p->parsed) {
        p->parsed = true;
        return parse_given(a, r, p, d);
    }
    p->parsed = true;
    p->nstmts = 0;
    if (!p->present || !p->sql.text)
        return 0;
    struct spans sp;
    int err_pos;
    char *err_msg;
    /* COPY ... FROM STDIN data is not SQL: split and delimit on a copy of the
     * text where it is blanked out; it stays in the gap between statements */
    struct copy_blank cb = {NULL, p->sql.text, NULL, 0, 0};
    uint32_t depth = sqlscan(p->sql.text, p->sql.len, copy_event, &cb);
    const char *text = cb.buf ? cb.buf : p->sql.text;
    /* One parse of each statement, in chunks, unless one is too deep for the
     * tree's recursive output (parse_one refuses those one by one) */
    err_pos = -1;
    err_msg = NULL;
    if (depth > SQL_MAX_DEPTH || !parse_chunks(a, text, p->sql.len, cb.semis, cb.nsemis, &sp))
        split(text, p->sql.len, &sp, &err_pos, &err_msg);
    free(cb.semis);
    struct span *spans = sp.v;
    uint32_t n = sp.n;
    p->stmts = arena_alloc(a, sizeof *p->stmts * (n ? n : 1));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t start = skip_space(text, spans[i].off, spans[i].off + spans[i].len);
        uint32_t end = spans[i].off + spans[i].len;
        if (start >= end)
            continue; /* only comments */
        /* trailing whitespace is not part of the statement */
        while (end > start && strchr(" \t\r\n\f\v", text[end - 1]))
            end--;
        struct stmt *s = &p->stmts[p->nstmts];
        s->off = start;
        s->len = end - start;
        s->loc = sqltext_loc(&p->sql, start);
        s->index = p->nstmts;
        if (spans[i].node) {
            s->node = spans[i].node;
            if (start > spans[i].chunk)
                rebase((ProtobufCMessage *)s->node, (int32_t)(start - spans[i].chunk));
        } else {
            s->node = parse_one(a, r, p, start, end - start, d, true);
        }
        p->nstmts++;
    }
    if (err_msg && diag_count(d, SEV_ERROR) == errors_before) {
        /* the whole-text split failed but no single statement did: report the split's error */
        uint32_t at = err_pos > 0 ? char_to_byte(p->sql.text, p->sql.len, err_pos) : 0;
        syntax_diag(d, r, p, at, err_msg);
    }
    free(err_msg);
    free(spans);
    free(cb.buf);
    /* '-- airlock:ignore' applies to the next statement of its part */
    if (r && (p == &r->up || p == &r->down)) {
        enum part_kind kind = p == &r->up ? PART_UP : PART_DOWN;
        for (uint32_t k = 0; k < r->nignores; k++) {
            struct ignore *ig = &r->ignores[k];
            if (ig->file_wide || ig->part != kind)
                continue;
            ig->stmt = -1;
            for (uint32_t i = 0; i < p->nstmts; i++) {
                if (p->stmts[i].off >= ig->text_off) {
                    ig->stmt = (int32_t)i;
                    break;
                }
            }
        }
    }
    return (int)(diag_count(d, SEV_ERROR) - errors_before);
}

struct job {
    struct arena *a;
    struct chain *c;
    struct revision *r;
    struct part *p;
    struct diag_list *d;
    int result;
};

static void *job_run(void *arg)
{
    struct job *j = arg;
    if (j->c) {
        j->result = 0;
        for (uint32_t i = 0; i < j->c->nrevs; i++) {
            struct revision *r = j->c->revs[i];
            j->result += parse_part(j->a, r, &r->up, j->d);
            j->result += parse_part(j->a, r, &r->down, j->d);
        }
    } else {
        j->result = parse_part(j->a, j->r, j->p, j->d);
    }
    /* libpg_query frees its per-thread memory context when this thread exits */
    return NULL;
}

/* Runs the job on a thread with a large stack (see the top of the file). */
static int run_on_big_stack(struct job *j)
{
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, PARSE_STACK_SIZE) == 0 &&
        pthread_create(&t, &attr, job_run, j) == 0) {
        pthread_join(t, NULL);
        pthread_attr_destroy(&attr);
    } else {
        job_run(j); /* no thread: the depth limit still protects the default stack */
    }
    return j->result;
}

int sql_parse_part(struct arena *a, struct revision *r, struct part *p, struct diag_list *d)
{
    struct job j = {a, NULL, r, p, d, 0};
    return run_on_big_stack(&j);
}

int sql_parse_chain(struct chain *c, struct diag_list *d)
{
    struct job j = {c->arena, c, NULL, NULL, d, 0};
    return run_on_big_stack(&j);
}

int sql_parse_text(struct arena *a, const struct source *src, struct stmt **out, uint32_t *n,
                   struct diag_list *d)
{
    struct part p = {0};
    p.present = true;
    p.sql.text = src->data;
    p.sql.len = src->len;
    p.sql.src = src;
    int rc = sql_parse_part(a, NULL, &p, d);
    *out = p.stmts;
    *n = p.nstmts;
    return rc;
}
