/*
 * bench_mkbundle.c - workload generator for the applier's benchmark and
 * integration tests: turns a plain "plan" file (revisions with their SQL) into
 * a signed bundle through bundle_build(), without a chain reader or simulator.
 * Statements are split at lines ending in ';' (outside $$ bodies); COPY ...
 * FROM stdin data lines up to "\." follow their statement, as psql has them.
 *
 *   bench_mkbundle keygen NAME                writes NAME.key (unencrypted), NAME.pub
 *   bench_mkbundle build PLAN -o OUT --key NAME.key [--key NAME2.key ...]
 *
 * Plan: header lines, then revisions, each a header line and its SQL:
 *   project shop | sequence 3 | version-table airlock|alembic | direction up|down
 *   from ID|base | to ID|base | created UNIX|+S|-S | expires UNIX|+S|-S|0
 *   schema-from FILE
 *   revision ID parents=A,B|- tx=on|off [schema=FILE]
 * A 'revision' line starts its SQL; '--' comments stay in the text. FILE
 * paths are relative to the plan. Times are seconds; +S/-S are relative to now.
 */
#include "bundle/bundle.h"
#include "bundle/sig.h"
#include "lint/arena.h"
#include "lint/strbuf.h"
#include "lint/util.h"

#include <ctype.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "bench_mkbundle: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static char *slurp(struct arena *a, const char *dir, const char *name, size_t *len)
{
    char *path = name[0] == '/' ? arena_strdup(a, name) : arena_printf(a, "%s/%s", dir, name);
    char *data;
    struct err e = {0};
    if (read_file(path, 1u << 30, &data, len, &e))
        die("%s", e.msg);
    char *copy = arena_memdup(a, data, *len + 1);
    free(data);
    return copy;
}

static int64_t parse_time(const char *v)
{
    int64_t now = (int64_t)time(NULL);
    if (v[0] == '+')
        return now + strtoll(v + 1, NULL, 10);
    if (v[0] == '-')
        return now - strtoll(v + 1, NULL, 10);
    return strtoll(v, NULL, 10);
}

static bool has_word(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (strncasecmp(s + i, w, wl) == 0)
            return true;
    return false;
}

/* Splits sql into statement spans (see the header comment). */
static void split(struct arena *a, const char *sql, size_t len, struct bundle_span **out,
                  uint32_t *n)
{
    uint32_t cap = 16, cnt = 0;
    struct bundle_span *v = arena_alloc(a, cap * sizeof *v);
    size_t pos = 0, start = (size_t)-1;
    int dollars = 0;
    while (pos < len) {
        const char *nl = memchr(sql + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - sql) : len;
        size_t l = pos, r = end;
        while (l < r && isspace((unsigned char)sql[l]))
            l++;
        while (r > l && isspace((unsigned char)sql[r - 1]))
            r--;
        bool blank_or_comment = l == r || (r - l >= 2 && sql[l] == '-' && sql[l + 1] == '-');
        if (start == (size_t)-1 && !blank_or_comment)
            start = l;
        for (size_t i = pos; i + 1 < end; i++)
            if (sql[i] == '$' && sql[i + 1] == '$')
                dollars++, i++;
        if (start != (size_t)-1 && r > l && sql[r - 1] == ';' && dollars % 2 == 0) {
            if (cnt == cap) {
                v = arena_grow(a, v, cap, cap * 2, sizeof *v);
                cap *= 2;
            }
            v[cnt].off = start;
            v[cnt].len = r - 1 - start;
            cnt++;
            bool copy_in = strncasecmp(sql + start, "copy", 4) == 0 &&
                           has_word(sql + start, r - start, "from stdin");
            start = (size_t)-1;
            pos = nl ? end + 1 : len;
            if (copy_in) {
                /* data lines up to and including "\." belong to no statement */
                while (pos < len) {
                    const char *n2 = memchr(sql + pos, '\n', len - pos);
                    size_t e2 = n2 ? (size_t)(n2 - sql) : len;
                    bool term = e2 - pos >= 2 && sql[pos] == '\\' && sql[pos + 1] == '.';
                    pos = n2 ? e2 + 1 : len;
                    if (term)
                        break;
                }
            }
            continue;
        }
        pos = nl ? end + 1 : len;
    }
    if (start != (size_t)-1)
        die("%s", "a statement at the end of a revision lacks its ';'");
    *out = v;
    *n = cnt;
}

static int keygen(const char *name)
{
    struct sig_secret_key *sk;
    struct err e = {0};
    if (sig_keygen(&sk, &e))
        die("%s", e.msg);
    char *text;
    size_t len;
    if (sig_secret_key_format(sk, NULL, 0, &text, &len, &e))
        die("%s", e.msg);
    char path[4096];
    snprintf(path, sizeof path, "%s.key", name);
    if (write_file_atomic(path, text, len, 0600, &e))
        die("%s", e.msg);
    sig_free_secret_text(text);
    struct sig_public_key pk;
    sig_secret_key_public(sk, &pk);
    char *pub = sig_public_key_format(&pk, &len);
    snprintf(path, sizeof path, "%s.pub", name);
    if (write_file_atomic(path, pub, len, 0644, &e))
        die("%s", e.msg);
    free(pub);
    sig_secret_key_free(sk);
    return 0;
}

static struct sig_secret_key *load_key(const char *path)
{
    char *text;
    size_t len;
    struct err e = {0};
    if (read_file(path, 1 << 20, &text, &len, &e))
        die("%s", e.msg);
    struct sig_secret_key *sk;
    if (sig_secret_key_parse(text, len, NULL, 0, &sk, &e))
        die("%s", e.msg);
    free(text);
    return sk;
}

static int build(int argc, char **argv)
{
    const char *plan = NULL, *outp = NULL;
    const char *keys[16];
    int nkeys = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            outp = argv[++i];
        else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc && nkeys < 16)
            keys[nkeys++] = argv[++i];
        else
            plan = argv[i];
    }
    if (!plan || !outp || !nkeys)
        die("%s", "usage: bench_mkbundle build PLAN -o OUT --key NAME.key [--key ...]");
    struct arena *a = arena_new();
    char *pcopy = arena_strdup(a, plan);
    const char *dir = dirname(pcopy);
    size_t len;
    char *text = slurp(a, ".", plan, &len);
    struct bundle_input in = {.version_table = "airlock", .created = (int64_t)time(NULL)};
    uint32_t cap = 64, n = 0;
    struct bundle_rev_input *revs = arena_alloc(a, cap * sizeof *revs);
    struct strbuf body = STRBUF_INIT;
    struct bundle_rev_input *cur = NULL;
    /* Finishes the current revision: its SQL is what the bundle runs. */
#define FINISH()                                                                                   \
    do {                                                                                           \
        if (cur) {                                                                                 \
            char *sql = arena_memdup(a, body.buf ? body.buf : "", body.len + 1);                   \
            struct bundle_span *sp;                                                                \
            uint32_t ns;                                                                           \
            split(a, sql, body.len, &sp, &ns);                                                     \
            if (in.down) {                                                                         \
                cur->down = sql, cur->down_len = body.len, cur->down_stmts = sp;                   \
                cur->ndown_stmts = ns;                                                             \
                cur->up = "-- not part of this plan\n";                                            \
                cur->up_len = strlen(cur->up);                                                     \
            } else {                                                                               \
                cur->up = sql, cur->up_len = body.len, cur->up_stmts = sp, cur->nup_stmts = ns;    \
            }                                                                                      \
            sb_reset(&body);                                                                       \
        }                                                                                          \
    } while (0)
    for (char *next = text, *line; (line = strsep(&next, "\n")) != NULL;) {
        if (!next && !*line)
            break; /* the empty piece after the final newline */
        if (strncmp(line, "revision ", 9) == 0) {
            FINISH();
            if (n == cap) {
                revs = arena_grow(a, revs, cap, cap * 2, sizeof *revs);
                cap *= 2;
            }
            cur = &revs[n++];
            memset(cur, 0, sizeof *cur);
            cur->tx = true;
            char *s2 = NULL;
            strtok_r(line, " ", &s2);
            cur->id = arena_strdup(a, strtok_r(NULL, " ", &s2));
            for (char *w; (w = strtok_r(NULL, " ", &s2));) {
                if (strncmp(w, "parents=", 8) == 0 && strcmp(w + 8, "-") != 0) {
                    const char **ps = arena_alloc(a, 16 * sizeof *ps);
                    char *s3 = NULL;
                    for (char *p = strtok_r(w + 8, ",", &s3); p && cur->nparents < 16;
                         p = strtok_r(NULL, ",", &s3))
                        ps[cur->nparents++] = arena_strdup(a, p);
                    cur->parents = ps;
                } else if (strcmp(w, "tx=off") == 0) {
                    cur->tx = false;
                } else if (strncmp(w, "schema=", 7) == 0) {
                    size_t sl;
                    cur->schema_after = slurp(a, dir, w + 7, &sl);
                    cur->schema_after_len = sl;
                }
            }
            continue;
        }
        if (cur) {
            sb_adds(&body, line);
            sb_addc(&body, '\n');
            continue;
        }
        char *v = strchr(line, ' ');
        if (!v)
            continue;
        *v++ = 0;
        if (strcmp(line, "project") == 0)
            in.project = arena_strdup(a, v);
        else if (strcmp(line, "sequence") == 0)
            in.sequence = strtoull(v, NULL, 10);
        else if (strcmp(line, "version-table") == 0)
            in.version_table = arena_strdup(a, v);
        else if (strcmp(line, "direction") == 0)
            in.down = strcmp(v, "down") == 0;
        else if (strcmp(line, "from") == 0)
            in.from = strcmp(v, "base") == 0 ? NULL : arena_strdup(a, v);
        else if (strcmp(line, "to") == 0)
            in.to = strcmp(v, "base") == 0 ? NULL : arena_strdup(a, v);
        else if (strcmp(line, "created") == 0)
            in.created = parse_time(v);
        else if (strcmp(line, "expires") == 0)
            in.expires = strcmp(v, "0") == 0 ? 0 : parse_time(v);
        else if (strcmp(line, "schema-from") == 0)
            in.schema_from = slurp(a, dir, v, &in.schema_from_len);
        else
            die("unknown plan line '%s'", line);
    }
    FINISH();
    sb_release(&body);
    in.revs = revs;
    in.nrevs = n;
    struct sig_secret_key *sk = load_key(keys[0]);
    unsigned char *out;
    size_t outlen;
    struct err e = {0};
    if (bundle_build(&in, sk, &out, &outlen, &e))
        die("%s", e.msg);
    sig_secret_key_free(sk);
    for (int k = 1; k < nkeys; k++) {
        struct sig_secret_key *sk2 = load_key(keys[k]);
        unsigned char *o2;
        size_t l2;
        if (bundle_cosign(out, outlen, sk2, in.created, &o2, &l2, &e))
            die("%s", e.msg);
        free(out);
        out = o2;
        outlen = l2;
        sig_secret_key_free(sk2);
    }
    if (write_file_atomic(outp, out, outlen, 0644, &e))
        die("%s", e.msg);
    free(out);
    arena_free(a);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "keygen") == 0)
        return keygen(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "build") == 0)
        return build(argc, argv);
    fprintf(stderr, "usage: bench_mkbundle keygen NAME | build PLAN -o OUT --key NAME.key\n");
    return 2;
}
