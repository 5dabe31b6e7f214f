/*
 * sqitch.c - Sqitch projects: sqitch.plan (pragmas, changes with
 * dependencies, tags, reworked changes) and deploy/revert/verify scripts.
 * The plan is parsed as App::Sqitch::Plan does (same errors), change ids are
 * computed as Sqitch computes them (SHA-1 of the change's info block, nettle),
 * and the chain is the plan order. Scripts run through psql, so the
 * transaction is the script's own BEGIN/COMMIT; psql meta-commands are not
 * SQL and are left out of the statements.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sq_dep {
    const char *project; /* explicit "proj:" or NULL */
    const char *change, *tag, *id;
    bool conflict;
    uint32_t off; /* where it is written in the plan */
};

struct sq_tag {
    const char *name;
    uint32_t line_off;
    int change; /* index of the change it follows */
};

struct sq_change {
    const char *name, *note, *planner_name, *planner_email, *ts;
    struct sq_dep *deps;
    uint32_t ndeps;
    uint32_t off; /* line start */
    uint32_t name_off;
    char id[41];
    const char *suffix; /* "@tag" of an earlier instance of a reworked change */
    const char **rtags; /* rework tags, in Sqitch's search order */
    uint32_t nrtags;
    int *tags; /* indexes into the tag list */
    uint32_t ntags;
};

struct sq_plan {
    struct arena *a;
    const struct source *src;
    const char *project, *uri;
    struct sq_change *ch;
    uint32_t nch, capch;
    struct sq_tag *tags;
    uint32_t ntags, captags;
};

struct sq_conf {
    const char *plan_file, *top_dir, *deploy_dir, *revert_dir, *verify_dir, *extension;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* [:punct:] without '_' (Sqitch's $punct). */
static bool is_punct(unsigned char c)
{
    return c < 128 && ispunct(c) && c != '_';
}

static struct diag *plan_error(struct diag_list *d, const struct source *s, uint32_t off,
                               const char *fmt, const char *a1, const char *a2)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, a1 ? a1 : "", a2 ? a2 : "");
    struct diag *dg =
        fmt_input_error(d, "sqitch-plan-syntax", source_loc(s, off), NULL,
                        "Syntax error in %s at line %u: %s", s->path, source_loc(s, off).line, msg);
    return dg;
}

/* A name as Sqitch's name_re matches it at the start of p (n bytes):
 * no blanks, ':', '@' or '#'; neither first nor last character punctuation. */
static uint32_t match_name(const char *p, uint32_t n)
{
    if (n == 0 || is_punct((unsigned char)p[0]))
        return 0;
    uint32_t i = 0;
    while (i < n && !is_blank(p[i]) && p[i] != ':' && p[i] != '@' && p[i] != '#')
        i++;
    while (i > 0 && is_punct((unsigned char)p[i - 1]))
        i--;
    /* \b: the name must end at a word boundary */
    if (i > 0 && i < n && (isalnum((unsigned char)p[i]) || p[i] == '_'))
        return 0;
    return i;
}

static bool match_ts(const char *p, uint32_t n)
{
    static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
    if (n < 20)
        return false;
    for (int i = 0; i < 20; i++) {
        if (pat[i] == 'd' ? !isdigit((unsigned char)p[i]) : p[i] != pat[i])
            return false;
    }
    return true;
}

static bool contains_ts(const char *p, uint32_t n)
{
    for (uint32_t i = 0; i + 20 <= n; i++)
        if (match_ts(p + i, n - i))
            return true;
    return false;
}

/* Depend->parse: !? (project:)? (40-hex id | change(@tag)? | @tag) */
static bool parse_dep(struct arena *a, const char *p, uint32_t n, struct sq_dep *dep)
{
    memset(dep, 0, sizeof *dep);
    uint32_t i = 0;
    if (i < n && p[i] == '!') {
        dep->conflict = true;
        i++;
    }
    const char *colon = memchr(p + i, ':', n - i);
    if (colon) {
        uint32_t pl = (uint32_t)(colon - (p + i));
        if (pl == 0 || match_name(p + i, pl) != pl)
            return false;
        dep->project = arena_strndup(a, p + i, pl);
        i += pl + 1;
    }
    uint32_t rest = n - i;
    if (rest == 40) {
        bool hex = true;
        for (uint32_t k = 0; k < 40; k++)
            if (!isxdigit((unsigned char)p[i + k]) || isupper((unsigned char)p[i + k]))
                hex = false;
        if (hex) {
            dep->id = arena_strndup(a, p + i, 40);
            return true;
        }
    }
    if (rest && p[i] != '@') {
        uint32_t cl = match_name(p + i, rest);
        if (cl == 0)
            return false;
        dep->change = arena_strndup(a, p + i, cl);
        i += cl;
    }
    if (i < n && p[i] == '@') {
        uint32_t tl = match_name(p + i + 1, n - i - 1);
        if (tl == 0)
            return false;
        dep->tag = arena_strndup(a, p + i + 1, tl);
        i += 1 + tl;
    }
    return i == n && (dep->change || dep->tag);
}

/* Line.pm BUILDARGS: trim vertical space, unescape \\ \n \r. */
static char *unescape_note(struct arena *a, const char *p, uint32_t n)
{
    while (n && (*p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == '\v' || p[n - 1] == '\f'))
        n--;
    char *o = arena_alloc(a, n + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n && (p[i + 1] == '\\' || p[i + 1] == 'n' || p[i + 1] == 'r')) {
            o[k++] = p[i + 1] == 'n' ? '\n' : p[i + 1] == 'r' ? '\r' : '\\';
            i++;
        } else {
            o[k++] = p[i];
        }
    }
    o[k] = 0;
    return o;
}

static struct sq_change *new_change(struct sq_plan *pl)
{
    if (pl->nch == pl->capch) {
        uint32_t cap = pl->capch ? pl->capch * 2 : 32;
        pl->ch = arena_grow(pl->a, pl->ch, pl->capch, cap, sizeof *pl->ch);
        pl->capch = cap;
    }
    struct sq_change *c = &pl->ch[pl->nch++];
    memset(c, 0, sizeof *c);
    return c;
}

static void add_tag_to(struct arena *a, struct sq_change *c, int tag)
{
    int *v = arena_alloc(a, (c->ntags + 1) * sizeof *v);
    if (c->ntags)
        memcpy(v, c->tags, c->ntags * sizeof *v);
    v[c->ntags++] = tag;
    c->tags = v;
}

/* Parses the plan; returns 0 or -1 with an input error added. */
static int parse_plan(struct sq_plan *pl, struct diag_list *d)
{
    const struct source *s = pl->src;
    struct arena *a = pl->a;
    struct hashmap since_tag, tag_at, last_named;
    hashmap_init(&since_tag, a);
    hashmap_init(&tag_at, a);
    hashmap_init(&last_named, a);
    bool header = true;
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        uint32_t off = s->line_starts[ln - 1];
        if (ln == s->nlines && n == 0)
            break;
        /* blank and comment-only lines: /\A[[:blank:]]*(?:#[[:blank:]]*.+|$)/ */
        uint32_t i = 0;
        while (i < n && is_blank(l[i]))
            i++;
        if (i == n) {
            if (header)
                header = false; /* a blank line ends the pragmas */
            continue;
        }
        if (l[i] == '#' && n - i >= 2)
            continue;
        /* inline note: from the blanks before the first '#' */
        const char *hash = memchr(l, '#', n);
        uint32_t end = hash ? (uint32_t)(hash - l) : n;
        const char *note = NULL;
        uint32_t note_len = 0;
        if (hash) {
            const char *np = hash + 1;
            while (np < l + n && is_blank(*np))
                np++;
            note = np;
            note_len = (uint32_t)(l + n - np);
        }
        while (end > 0 && is_blank(l[end - 1]))
            end--;
        if (header) {
            /* %name[=value] */
            uint32_t k = i;
            if (l[k] != '%') {
                plan_error(d, s, off,
                           "Invalid pragma; a blank line must come between pragmas and changes",
                           NULL, NULL);
                return -1;
            }
            k++;
            while (k < end && is_blank(l[k]))
                k++;
            uint32_t ns = k;
            while (k < end && !is_blank(l[k]) && l[k] != '=')
                k++;
            char *name = arena_strndup(a, l + ns, k - ns);
            while (k < end && is_blank(l[k]))
                k++;
            char *value = NULL;
            if (k < end && l[k] == '=') {
                k++;
                while (k < end && is_blank(l[k]))
                    k++;
                value = arena_strndup(a, l + k, end - k);
            }
            if (strcmp(name, "project") == 0) {
                if (!value || match_name(value, (uint32_t)strlen(value)) != strlen(value)) {
                    plan_error(d, s, off,
                               "invalid project name \"%s\": project names must not begin with "
                               "punctuation, contain \"@\", \":\", or \"#\", or end in "
                               "punctuation or digits following punctuation",
                               value, NULL);
                    return -1;
                }
                pl->project = value;
            } else if (strcmp(name, "uri") == 0) {
                pl->uri = value;
            }
            continue;
        }
        if (!pl->project) {
            struct loc none = {0};
            fmt_input_error(d, "sqitch-plan-syntax", none, s->path,
                            "Missing %%project pragma in %s", s->path);
            return -1;
        }
        bool is_tag = l[i] == '@';
        uint32_t k = i;
        if (is_tag) {
            k++;
        } else if (l[k] == '+' || l[k] == '-') {
            k++; /* the deploy/revert operator of old plans */
            while (k < end && is_blank(l[k]))
                k++;
        }
        uint32_t nl = match_name(l + k, end - k);
        uint32_t name_off = off + k;
        char *name = arena_strndup(a, l + k, nl);
        k += nl;
        while (k < end && is_blank(l[k]))
            k++;
        const char *deps = NULL;
        uint32_t deps_len = 0, deps_off = 0;
        if (nl && k < end && l[k] == '[') {
            const char *close = memchr(l + k, ']', end - k);
            if (close && close > l + k + 1) {
                deps = l + k + 1;
                deps_off = off + k + 1;
                deps_len = (uint32_t)(close - deps);
                k = (uint32_t)(close - l) + 1;
                while (k < end && is_blank(l[k]))
                    k++;
            }
        }
        const char *ts = NULL;
        if (nl && k < end && match_ts(l + k, end - k)) {
            ts = arena_strndup(a, l + k, 20);
            k += 20;
            while (k < end && is_blank(l[k]))
                k++;
        }
        const char *pname = NULL, *pemail = NULL;
        if (nl && k < end) {
            /* (?<planner_name>[^<]+)[[:blank:]]+<(?<planner_email>[^>]+)>$ */
            const char *lt = memchr(l + k, '<', end - k);
            if (lt && lt > l + k + 1 && is_blank(lt[-1]) && l[end - 1] == '>' &&
                lt + 1 < l + end - 1 && !memchr(lt + 1, '>', (size_t)(l + end - 1 - (lt + 1)))) {
                pname = arena_strndup(a, l + k, (size_t)(lt - 1 - (l + k)));
                pemail = arena_strndup(a, lt + 1, (size_t)(l + end - 1 - (lt + 1)));
                k = end;
            }
        }
        if (!nl || (!ts && contains_ts(l, end)) || (k < end && !pname)) {
            plan_error(d, s, off,
                       "Invalid name; names must not begin with punctuation, contain \"@\", "
                       "\":\", or \"#\", or end in punctuation or digits following punctuation",
                       NULL, NULL);
            return -1;
        }
        if (!ts && !pname) {
            plan_error(d, s, off, "Missing timestamp and planner name and email", NULL, NULL);
            return -1;
        }
        if (!ts) {
            plan_error(d, s, off, "Missing timestamp", NULL, NULL);
            return -1;
        }
        if (!pname) {
            plan_error(d, s, off, "Missing planner name and email", NULL, NULL);
            return -1;
        }
        if (!strcmp(name, "ROOT") || !strcmp(name, "HEAD") || !strcmp(name, "FIRST") ||
            !strcmp(name, "LAST")) {
            plan_error(d, s, off, "\"%s%s\" is a reserved name", is_tag ? "@" : "", name);
            return -1;
        }
        bool sha = strlen(name) >= 40;
        for (int h = 0; sha && h < 40; h++)
            if (!isdigit((unsigned char)name[h]) && !(name[h] >= 'a' && name[h] <= 'f'))
                sha = false;
        if (sha) {
            plan_error(d, s, off, "\"%s\" is invalid because it could be confused with a SHA1 ID",
                       name, NULL);
            return -1;
        }
        if (is_tag) {
            if (pl->nch == 0) {
                plan_error(d, s, off, "Tag \"%s\" declared without a preceding change", name, NULL);
                return -1;
            }
            if (hashmap_get(&tag_at, name)) {
                plan_error(d, s, off, "Tag \"%s\" duplicates earlier declaration", name, NULL);
                return -1;
            }
            if (deps) {
                plan_error(d, s, off, "Tags may not specify dependencies", NULL, NULL);
                return -1;
            }
            if (pl->ntags == pl->captags) {
                uint32_t cap = pl->captags ? pl->captags * 2 : 16;
                pl->tags = arena_grow(a, pl->tags, pl->captags, cap, sizeof *pl->tags);
                pl->captags = cap;
            }
            pl->tags[pl->ntags] = (struct sq_tag){name, off, (int)pl->nch - 1};
            add_tag_to(a, &pl->ch[pl->nch - 1], (int)pl->ntags);
            pl->ntags++;
            hashmap_put(&tag_at, name, (void *)(uintptr_t)pl->ntags);
            /* changes before a tag may be declared again (reworked) */
            hashmap_init(&since_tag, a);
            continue;
        }
        if (hashmap_get(&since_tag, name)) {
            plan_error(d, s, off, "Change \"%s\" duplicates earlier declaration", name, NULL);
            return -1;
        }
        hashmap_put(&since_tag, name, (void *)1);
        struct sq_change *c = new_change(pl);
        c->name = name;
        c->off = off;
        c->name_off = name_off;
        c->ts = ts;
        c->planner_name = pname;
        c->planner_email = pemail;
        c->note = note ? unescape_note(a, note, note_len) : "";
        if (deps) {
            uint32_t cnt = 1;
            for (uint32_t q = 0; q < deps_len; q++)
                if (is_blank(deps[q]))
                    cnt++;
            c->deps = arena_alloc(a, cnt * sizeof *c->deps);
            uint32_t q = 0;
            while (q < deps_len) {
                while (q < deps_len && is_blank(deps[q]))
                    q++;
                if (q >= deps_len)
                    break;
                uint32_t st = q;
                while (q < deps_len && !is_blank(deps[q]))
                    q++;
                struct sq_dep *dp = &c->deps[c->ndeps];
                if (!parse_dep(a, deps + st, q - st, dp)) {
                    char *txt = arena_strndup(a, deps + st, q - st);
                    plan_error(d, s, deps_off + st,
                               "\"%s\" is not a valid dependency specification", txt, NULL);
                    return -1;
                }
                dp->off = deps_off + st;
                c->ndeps++;
            }
        }
        /* rework: the earlier instance gets the tags between it and now */
        void *prev = hashmap_get(&last_named, name);
        if (prev) {
            uint32_t pi = (uint32_t)(uintptr_t)prev - 1;
            struct sq_change *dup = &pl->ch[pi];
            uint32_t cnt = 0;
            for (uint32_t x = pi; x + 1 < pl->nch; x++)
                cnt += pl->ch[x].ntags;
            dup->rtags = arena_alloc(a, (cnt + 1) * sizeof *dup->rtags);
            dup->nrtags = 0;
            for (uint32_t x = pl->nch - 1; x-- > pi + 1;)
                for (uint32_t t = 0; t < pl->ch[x].ntags; t++)
                    dup->rtags[dup->nrtags++] = pl->tags[pl->ch[x].tags[t]].name;
            for (uint32_t t = 0; t < dup->ntags; t++)
                dup->rtags[dup->nrtags++] = pl->tags[dup->tags[t]].name;
            /* the plan names it after the last tag before the rework */
            if (pl->ntags)
                dup->suffix = arena_printf(a, "@%s", pl->tags[pl->ntags - 1].name);
        }
        hashmap_put(&last_named, name, (void *)(uintptr_t)pl->nch);
    }
    if (!pl->project) {
        struct loc none = {0};
        fmt_input_error(d, "sqitch-plan-syntax", none, s->path, "Missing %%project pragma in %s",
                        s->path);
        return -1;
    }
    return 0;
}

/* Depend->as_string for the info block. */
static const char *dep_string(struct arena *a, const struct sq_plan *pl, const struct sq_dep *dp)
{
    const char *key;
    if (dp->change || dp->tag)
        key = arena_printf(a, "%s%s%s", dp->change ? dp->change : "", dp->tag ? "@" : "",
                           dp->tag ? dp->tag : "");
    else
        key = dp->id;
    const char *proj = dp->project;
    if (!proj && !dp->id)
        proj = pl->project;
    if (!proj && dp->id) {
        /* an id found in this plan belongs to this project */
        for (uint32_t i = 0; i < pl->nch; i++)
            if (strcmp(pl->ch[i].id, dp->id) == 0)
                proj = pl->project;
    }
    if (!proj || strcmp(proj, pl->project) == 0)
        return key;
    return arena_printf(a, "%s:%s", proj, key);
}

/* URI->canonical: scheme and host in lower case. */
static const char *canonical_uri(struct arena *a, const char *u)
{
    char *c = arena_strdup(a, u);
    char *p = strstr(c, "://");
    char *end = p ? p + 3 : NULL;
    if (end) {
        for (char *q = c; q < p; q++)
            *q = (char)tolower((unsigned char)*q);
        for (char *q = end; *q && *q != '/' && *q != '?' && *q != '#'; q++)
            if (*q != '@' || !strchr(q, '@'))
                *q = (char)tolower((unsigned char)*q);
    }
    return c;
}

/* Change->id: SHA-1 of "change <len>\0<info>". */
static void change_id(struct arena *a, const struct sq_plan *pl, uint32_t i)
{
    struct sq_change *c = &pl->ch[i];
    struct strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "project %s\n", pl->project);
    if (pl->uri)
        sb_printf(&sb, "uri %s\n", canonical_uri(a, pl->uri));
    sb_printf(&sb, "change %s\n", c->name);
    if (i > 0)
        sb_printf(&sb, "parent %s\n", pl->ch[i - 1].id);
    sb_printf(&sb, "planner %s <%s>\n", c->planner_name, c->planner_email);
    sb_printf(&sb, "date %s", c->ts);
    bool first = true;
    for (uint32_t k = 0; k < c->ndeps; k++) {
        if (c->deps[k].conflict)
            continue;
        sb_adds(&sb, first ? "\nrequires\n  + " : "\n  + ");
        sb_adds(&sb, dep_string(a, pl, &c->deps[k]));
        first = false;
    }
    first = true;
    for (uint32_t k = 0; k < c->ndeps; k++) {
        if (!c->deps[k].conflict)
            continue;
        sb_adds(&sb, first ? "\nconflicts\n  - " : "\n  - ");
        sb_adds(&sb, dep_string(a, pl, &c->deps[k]));
        first = false;
    }
    if (c->note && *c->note)
        sb_printf(&sb, "\n\n%s", c->note);
    char head[64];
    int hl = snprintf(head, sizeof head, "change %zu", sb.len);
    struct sha1_ctx ctx;
    sha1_init(&ctx);
    sha1_update(&ctx, (size_t)hl + 1, (const uint8_t *)head); /* with the NUL */
    sha1_update(&ctx, sb.len, (const uint8_t *)sb.buf);
    uint8_t dg[SHA1_DIGEST_SIZE];
    sha1_digest(&ctx, SHA1_DIGEST_SIZE, dg);
    for (int k = 0; k < SHA1_DIGEST_SIZE; k++)
        snprintf(c->id + 2 * k, 3, "%02x", dg[k]);
    sb_release(&sb);
}

/* check_changes: required changes of this project must come earlier. */
static void check_deps(const struct sq_plan *pl, struct chain *c, struct revision **revs,
                       struct diag_list *d)
{
    struct arena *a = pl->a;
    struct hashmap pos, tagpos;
    hashmap_init(&pos, a);
    hashmap_init(&tagpos, a);
    for (uint32_t i = 0; i < pl->nch; i++)
        if (!hashmap_get(&pos, pl->ch[i].name))
            hashmap_put(&pos, pl->ch[i].name, (void *)(uintptr_t)(i + 1));
    for (uint32_t t = 0; t < pl->ntags; t++)
        hashmap_put(&tagpos, pl->tags[t].name, (void *)(uintptr_t)(pl->tags[t].change + 1));
    for (uint32_t i = 0; i < pl->nch; i++) {
        const struct sq_change *ch = &pl->ch[i];
        for (uint32_t k = 0; k < ch->ndeps; k++) {
            const struct sq_dep *dp = &ch->deps[k];
            struct loc at = source_loc(pl->src, dp->off);
            if (dp->project && strcmp(dp->project, pl->project) != 0) {
                struct diag *dg = fmt_diag(d, "not-checkable", SEV_INFO, at, NULL,
                                           "dependency %s:%s%s%s is in project %s and cannot be "
                                           "checked here",
                                           dp->project, dp->change ? dp->change : "",
                                           dp->tag ? "@" : "", dp->tag ? dp->tag : "", dp->project);
                dg->revision = revs[i] ? revs[i]->id : NULL;
                continue;
            }
            if (dp->id) {
                bool found = false;
                for (uint32_t x = 0; x < pl->nch; x++)
                    found |= strcmp(pl->ch[x].id, dp->id) == 0;
                if (!found) {
                    struct diag *dg = fmt_diag(d, "not-checkable", SEV_INFO, at, NULL,
                                               "dependency %s is not a change of this plan and "
                                               "cannot be checked here",
                                               dp->id);
                    dg->revision = revs[i] ? revs[i]->id : NULL;
                }
                continue;
            }
            if (dp->conflict) {
                /* a conflicting change deployed earlier in the plan (and not
                 * reworked since) makes Sqitch refuse to deploy this one */
                void *p = dp->change && !dp->tag ? hashmap_get(&pos, dp->change) : NULL;
                if (p && (uint32_t)(uintptr_t)p - 1 < i) {
                    struct diag *dg = fmt_diag(d, "sqitch-conflict", SEV_WARNING, at, NULL,
                                               "change \"%s\" conflicts with \"%s\", which is "
                                               "deployed earlier in the plan",
                                               ch->name, dp->change);
                    dg->revision = revs[i] ? revs[i]->id : NULL;
                    dg->help = "revert the conflicting change first (a later change can do it)";
                }
                continue;
            }
            const char *err = NULL;
            if (dp->change && strcmp(dp->change, ch->name) == 0 && !dp->tag) {
                err = "Change \"%s\" cannot require itself";
            } else if (dp->tag) {
                void *tp = hashmap_get(&tagpos, dp->tag);
                uint32_t tc = tp ? (uint32_t)(uintptr_t)tp - 1 : 0;
                void *cp = dp->change ? hashmap_get(&pos, dp->change) : (void *)1;
                if (!tp || tc >= i || !cp || (dp->change && (uint32_t)(uintptr_t)cp - 1 > tc))
                    err = "Unknown change \"%s\" required by change \"%s\"";
            } else {
                void *cp = hashmap_get(&pos, dp->change);
                if (!cp)
                    err = "Unknown change \"%s\" required by change \"%s\"";
                else if ((uint32_t)(uintptr_t)cp - 1 > i)
                    err = arena_printf(a,
                                       "Change \"%%s\" planned %u change%s before required "
                                       "change \"%%s\"",
                                       (uint32_t)(uintptr_t)cp - 1 - i,
                                       (uint32_t)(uintptr_t)cp - 1 - i == 1 ? "" : "s");
            }
            if (err) {
                const char *key = arena_printf(a, "%s%s%s", dp->change ? dp->change : "",
                                               dp->tag ? "@" : "", dp->tag ? dp->tag : "");
                struct diag *dg;
                if (strstr(err, "cannot require"))
                    dg = fmt_input_error(d, "sqitch-dependency", at, NULL, err, ch->name);
                else if (strstr(err, "Unknown"))
                    dg = fmt_input_error(d, "sqitch-dependency", at, NULL, err, key, ch->name);
                else
                    dg = fmt_input_error(d, "sqitch-dependency", at, NULL, err, ch->name, key);
                dg->revision = revs[i] ? revs[i]->id : NULL;
                dg->help = "a required change must appear earlier in sqitch.plan";
            }
        }
    }
    (void)c;
}

/* Offsets of psql meta-command lines (a backslash command at the start of a
 * line, outside quotes and comments): they are psql's, not SQL. */
static void split_script(struct arena *a, struct part *p, struct diag_list *d, struct revision *r)
{
    const char *t = p->sql.text;
    uint32_t n = p->sql.len, i = 0, chunk = 0;
    bool bol = true;
    while (i < n) {
        char ch = t[i];
        if (bol) {
            uint32_t k = i;
            while (k < n && is_blank(t[k]))
                k++;
            if (k < n && t[k] == '\\') {
                uint32_t e = k;
                while (e < n && t[e] != '\n')
                    e++;
                fmt_split(a, p, chunk, i, 0);
                if (k + 1 < n && t[k + 1] == 'i') { /* psql \i, \ir, \include */
                    struct diag *dg =
                        fmt_diag(d, "not-analyzed", SEV_WARNING, sqltext_loc(&p->sql, k), NULL,
                                 "psql include %.*s is not analyzed", (int)(e - k), t + k);
                    dg->revision = r->id;
                }
                i = e < n ? e + 1 : e;
                chunk = i;
                continue;
            }
        }
        bol = false;
        if (ch == '\n') {
            bol = true;
            i++;
        } else if (ch == '\'' || ch == '"') {
            i++;
            while (i < n && t[i] != ch)
                i++;
            i++;
        } else if (ch == '-' && i + 1 < n && t[i + 1] == '-') {
            while (i < n && t[i] != '\n')
                i++;
        } else if (ch == '/' && i + 1 < n && t[i + 1] == '*') {
            uint32_t e = fmt_skip_blank(t, i, n);
            i = e > i ? e : i + 2;
        } else if (ch == '$') {
            uint32_t k = i + 1;
            while (k < n && (isalnum((unsigned char)t[k]) || t[k] == '_'))
                k++;
            if (k < n && t[k] == '$' &&
                !(i > 0 && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '_'))) {
                uint32_t tl = k - i + 1;
                const char *tag = t + i;
                i = k + 1;
                while (i < n && !(t[i] == '$' && i + tl <= n && memcmp(t + i, tag, tl) == 0))
                    i++;
                i = i + tl <= n ? i + tl : n;
            } else {
                i++;
            }
        } else {
            i++;
        }
    }
    fmt_split(a, p, chunk, n, 0);
}

/* psql runs each statement on its own: BEGIN..COMMIT in the script is the
 * transaction. Marks them bookkeeping and statements outside as no-tx.
 * Returns whether the script opens a transaction. */
static bool mark_tx(struct part *p)
{
    bool any = false, in = false;
    for (uint32_t i = 0; i < p->nstmts; i++) {
        struct stmt *s = &p->stmts[i];
        const char *t = p->sql.text + s->off;
        if (fmt_starts_with_words(t, s->len, "BEGIN") ||
            fmt_starts_with_words(t, s->len, "START TRANSACTION")) {
            s->flags |= STMT_BOOKKEEPING;
            any = in = true;
        } else if (fmt_starts_with_words(t, s->len, "COMMIT") ||
                   fmt_starts_with_words(t, s->len, "END") ||
                   fmt_starts_with_words(t, s->len, "ROLLBACK")) {
            s->flags |= STMT_BOOKKEEPING;
            in = false;
        } else if (!in) {
            s->flags |= STMT_NO_TX;
        }
    }
    if (!any)
        for (uint32_t i = 0; i < p->nstmts; i++)
            p->stmts[i].flags &= ~(uint32_t)STMT_NO_TX;
    return any;
}

static void read_conf(struct chain *c, const char *dir, struct sq_conf *cf)
{
    const char *path = fmt_join(c->arena, dir, "sqitch.conf");
    if (!fmt_is_file(path))
        return;
    struct err e;
    struct source *s = source_load(c->arena, path, 1 << 20, &e);
    if (!s)
        return;
    chain_add_source(c, s);
    bool relevant = false;
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        while (n && isspace((unsigned char)*l)) {
            l++;
            n--;
        }
        if (n == 0 || *l == '#' || *l == ';')
            continue;
        if (*l == '[') {
            relevant = (n >= 6 && strncmp(l, "[core]", 6) == 0) ||
                       (n >= 13 && strncmp(l, "[engine \"pg\"]", 13) == 0);
            continue;
        }
        if (!relevant)
            continue;
        const char *eq = memchr(l, '=', n);
        if (!eq)
            continue;
        uint32_t kl = (uint32_t)(eq - l);
        while (kl && isspace((unsigned char)l[kl - 1]))
            kl--;
        const char *v = eq + 1;
        uint32_t vl = (uint32_t)(l + n - v);
        while (vl && isspace((unsigned char)*v)) {
            v++;
            vl--;
        }
        while (vl && isspace((unsigned char)v[vl - 1]))
            vl--;
        char *val = arena_strndup(c->arena, v, vl);
#define KEY(k) (kl == strlen(k) && strncmp(l, k, kl) == 0)
        if (KEY("plan_file"))
            cf->plan_file = val;
        else if (KEY("top_dir"))
            cf->top_dir = val;
        else if (KEY("deploy_dir"))
            cf->deploy_dir = val;
        else if (KEY("revert_dir"))
            cf->revert_dir = val;
        else if (KEY("verify_dir"))
            cf->verify_dir = val;
        else if (KEY("extension"))
            cf->extension = val;
#undef KEY
    }
}

/* The script of change ch in sub-directory kind (deploy/revert/verify). */
static const char *script_path(struct arena *a, const char *kdir, const struct sq_change *ch,
                               const char *ext, const char *deploy_dir)
{
    if (ch->nrtags == 0)
        return fmt_join(a, kdir, arena_printf(a, "%s.%s", ch->name, ext));
    /* reworked: the first rework tag whose deploy script exists */
    const char *first = NULL;
    for (uint32_t t = 0; t < ch->nrtags; t++) {
        const char *fn = arena_printf(a, "%s@%s.%s", ch->name, ch->rtags[t], ext);
        if (!first)
            first = fn;
        if (fmt_is_file(fmt_join(a, deploy_dir, fn)))
            return fmt_join(a, kdir, fn);
    }
    return fmt_join(a, kdir, first);
}

static const char *dir_or(struct arena *a, const char *top, const char *set, const char *def)
{
    if (set)
        return set[0] == '/' ? set : fmt_join(a, top, set);
    return fmt_join(a, top, def);
}

int fmt_read_sqitch(struct chain *c, const char *dir, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct sq_conf cf = {0};
    read_conf(c, dir, &cf);
    const char *top = cf.top_dir ? fmt_join(a, dir, cf.top_dir) : dir;
    const char *plan_path =
        cf.plan_file ? fmt_join(a, dir, cf.plan_file) : fmt_join(a, top, "sqitch.plan");
    const char *ext = cf.extension ? cf.extension : "sql";
    const char *ddir = dir_or(a, top, cf.deploy_dir, "deploy");
    const char *rdir = dir_or(a, top, cf.revert_dir, "revert");
    const char *vdir = dir_or(a, top, cf.verify_dir, "verify");
    struct source *ps = fmt_load(c, plan_path, d);
    if (!ps)
        return -1;
    struct sq_plan pl = {0};
    pl.a = a;
    pl.src = ps;
    if (parse_plan(&pl, d) < 0)
        return -1;
    if (pl.nch == 0) {
        struct loc none = {0};
        fmt_input_error(d, "empty-chain", none, plan_path, "%s plans no changes", plan_path);
        return -1;
    }
    for (uint32_t i = 0; i < pl.nch; i++)
        change_id(a, &pl, i);
    int rc = 0;
    struct revision **revs = arena_alloc(a, pl.nch * sizeof *revs);
    struct hashmap ids;
    hashmap_init(&ids, a);
    for (uint32_t i = 0; i < pl.nch; i++) {
        struct sq_change *ch = &pl.ch[i];
        struct revision *r = chain_add(c);
        revs[i] = r;
        const char *label = ch->suffix ? arena_printf(a, "%s%s", ch->name, ch->suffix) : ch->name;
        char *id = fmt_sanitize_id(a, label);
        if (hashmap_get(&ids, id) || strlen(label) > CHAIN_ID_MAX)
            id = arena_strndup(a, ch->id, 12); /* names that collide once sanitised */
        hashmap_put(&ids, id, r);
        r->id = id;
        r->message = *ch->note ? ch->note : label;
        r->loc = source_loc(ps, ch->name_off);
        r->src = ps;
        struct strbuf fd = STRBUF_INIT;
        sb_printf(&fd, "change %s %s", label, ch->id);
        for (uint32_t k = 0; k < ch->ndeps; k++)
            sb_printf(&fd, " %s%s", ch->deps[k].conflict ? "!" : "",
                      dep_string(a, &pl, &ch->deps[k]));
        const char *deploy = script_path(a, ddir, ch, ext, ddir);
        const char *revert = script_path(a, rdir, ch, ext, ddir);
        const char *verify = script_path(a, vdir, ch, ext, ddir);
        if (!fmt_is_file(deploy)) {
            struct diag *dg =
                fmt_input_error(d, "missing-up", r->loc, NULL,
                                "deploy script %s of change \"%s\" does not exist", deploy, label);
            dg->revision = r->id;
            rc = -1;
        } else {
            struct source *s = fmt_load(c, deploy, d);
            if (!s) {
                rc = -1;
            } else {
                fmt_part_slice(a, &r->up, s, 0, s->len);
                split_script(a, &r->up, d, r);
                r->tx = mark_tx(&r->up) ? TX_ON : TX_OFF;
            }
        }
        if (fmt_is_file(revert)) {
            struct source *s = fmt_load(c, revert, d);
            if (s) {
                fmt_part_slice(a, &r->down, s, 0, s->len);
                split_script(a, &r->down, d, r);
                mark_tx(&r->down);
            }
        }
        if (fmt_is_file(verify)) {
            /* kept with the chain: the verify script is part of the change */
            struct source *s = fmt_load(c, verify, d);
            if (s)
                sb_printf(&fd, " verify=%s", s->path);
        }
        r->format_data = arena_strdup(a, fd.buf);
        sb_release(&fd);
    }
    check_deps(&pl, c, revs, d);
    if (diag_has_input_error(d))
        rc = -1;
    fmt_link_linear(a, revs, pl.nch);
    return rc;
}
