/*
 * bundle.c - release bundles (SPEC.md §4, docs/bundle-format.md): building
 * one from a plain bundle_input, co-signing, and the complete verification
 * that `airlock verify` and airlock-apply run before trusting anything. The
 * checks run in a fixed order so that each kind of damage is reported as its
 * own class (enum bundle_error): container, entries, MANIFEST, signatures,
 * listing and hashes, statement spans, canonical bytes, expiry, sequence.
 */
#include "bundle/bundle.h"
#include "bundle/archive.h"
#include "lint/arena.h"
#include "lint/strbuf.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHEMA_FROM "schema/_from.schema"

/* ---- shared helpers ------------------------------------------------------ */

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bundle_entry *)a)->path, ((const struct bundle_entry *)b)->path);
}

static const struct bundle_entry *find_entry(const struct bundle_entry *v, uint32_t n,
                                             const char *path)
{
    struct bundle_entry key = {.path = path};
    return bsearch(&key, v, n, sizeof *v, entry_cmp);
}

static int file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct manifest_file *)a)->path, ((const struct manifest_file *)b)->path);
}

static const struct manifest_file *find_file(const struct manifest *m, const char *path)
{
    struct manifest_file key = {.path = (char *)path};
    return bsearch(&key, m->files, m->nfiles, sizeof *m->files, file_cmp);
}

/* "MANIFEST.<16 uppercase hex>.minisig" -> the key id text. */
static bool sig_entry_name(const char *path, char keyid[17])
{
    size_t n = strlen(path);
    if (n != 9 + 16 + 8 || memcmp(path, "MANIFEST.", 9) != 0 || strcmp(path + 25, ".minisig") != 0)
        return false;
    for (int i = 0; i < 16; i++) {
        char c = path[9 + i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            return false;
        keyid[i] = c;
    }
    keyid[16] = 0;
    return true;
}

static bool is_manifest_entry(const char *path)
{
    return strncmp(path, "MANIFEST", 8) == 0 && (path[8] == 0 || path[8] == '.');
}

/* The trusted comment: minisign's fields first (so `minisign -V` shows the
 * familiar form), then what identifies the release. */
static void trusted_comment(char *out, size_t n, int64_t timestamp, const char *project,
                            uint64_t sequence)
{
    snprintf(out, n, "timestamp:%" PRId64 "\tfile:MANIFEST\thashed\tproject:%s\tsequence:%" PRIu64,
             timestamp, project, sequence);
}

/* Tar stream size of entries: a header block each, data padded to 512, and
 * the two zero blocks that end the archive (pax_restricted adds no extended
 * headers for our short ASCII paths). */
static uint64_t tar_size(const struct bundle_entry *v, uint32_t n)
{
    uint64_t t = 1024;
    for (uint32_t i = 0; i < n; i++)
        t += 512 + (v[i].len + 511) / 512 * 512;
    return t;
}

/* The limits of bundle_archive_read, checked on the writing side so that no
 * bundle is written that the reader would refuse. */
static int check_limits(const struct bundle_entry *v, uint32_t n, size_t file_len, struct err *e)
{
    if (n > BUNDLE_MAX_ENTRIES)
        return err_set(e, BUNDLE_E_LIMIT, "the bundle would have %u entries, over the limit of %u",
                       n, BUNDLE_MAX_ENTRIES);
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (v[i].len > BUNDLE_MAX_ENTRY)
            return err_set(e, BUNDLE_E_LIMIT, "%s has %zu bytes, over the limit of %llu per entry",
                           v[i].path, v[i].len, (unsigned long long)BUNDLE_MAX_ENTRY);
        total += v[i].len;
    }
    if (total > BUNDLE_MAX_TOTAL)
        return err_set(e, BUNDLE_E_LIMIT,
                       "the bundle would hold %" PRIu64 " bytes, over the limit of %llu", total,
                       (unsigned long long)BUNDLE_MAX_TOTAL);
    if (file_len) {
        uint64_t budget = (uint64_t)file_len * BUNDLE_MAX_RATIO;
        if (budget < BUNDLE_RATIO_FLOOR)
            budget = BUNDLE_RATIO_FLOOR;
        if (tar_size(v, n) > budget)
            return err_set(
                e, BUNDLE_E_BOMB,
                "the bundle would compress better than %u:1, which verification refuses as a "
                "decompression bomb",
                BUNDLE_MAX_RATIO);
    }
    if (file_len > BUNDLE_MAX_FILE)
        return err_set(e, BUNDLE_E_LIMIT, "the bundle would be %zu bytes, over the limit of %llu",
                       file_len, (unsigned long long)BUNDLE_MAX_FILE);
    return 0;
}

/* ---- building ------------------------------------------------------------ */

struct builder {
    struct arena *a;
    struct bundle_entry *v;
    uint32_t n, cap;
};

static void add_entry(struct builder *b, const char *path, const void *data, size_t len)
{
    if (b->n == b->cap) {
        uint32_t nc = b->cap ? b->cap * 2 : 64;
        b->v = arena_grow(b->a, b->v, b->cap, nc, sizeof *b->v);
        b->cap = nc;
    }
    b->v[b->n++] = (struct bundle_entry){.path = path, .data = data, .len = len};
}

static int check_spans(const char *id, const char *part, size_t len, const struct bundle_span *s,
                       uint32_t n, struct err *e)
{
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (s[i].len == 0 || s[i].off > len || s[i].len > len - s[i].off)
            return err_set(e, BUNDLE_E_IO,
                           "revision %s: statement %u of its %s part lies outside the text", id, i,
                           part);
        if (s[i].off < prev_end)
            return err_set(e, BUNDLE_E_IO,
                           "revision %s: statement %u of its %s part overlaps the previous one", id,
                           i, part);
        prev_end = s[i].off + s[i].len;
    }
    return 0;
}

static struct manifest_stmt *make_stmts(struct arena *a, const char *text,
                                        const struct bundle_span *s, uint32_t n)
{
    struct manifest_stmt *v = arena_alloc(a, (n ? n : 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        v[i].index = i;
        v[i].offset = s[i].off;
        v[i].length = s[i].len;
        sha256_hex(text + s[i].off, s[i].len, v[i].sha256);
    }
    return v;
}

static int id_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int validate_input(const struct bundle_input *in, struct err *e)
{
    if (!manifest_project_valid(in->project))
        return err_set(e, BUNDLE_E_IO,
                       "bad project name '%s': use [A-Za-z0-9_.-], at most %d characters",
                       in->project ? in->project : "", MANIFEST_PROJECT_MAX);
    if (!in->version_table ||
        (strcmp(in->version_table, "alembic") != 0 && strcmp(in->version_table, "airlock") != 0))
        return err_set(e, BUNDLE_E_IO, "version table must be 'alembic' or 'airlock'");
    if (in->nrevs == 0)
        return err_set(e, BUNDLE_E_IO, "the range holds no revision: nothing to bundle");
    if ((in->from && !manifest_id_valid(in->from)) || (in->to && !manifest_id_valid(in->to)))
        return err_set(e, BUNDLE_E_IO, "bad revision id in --from/--to");
    if (in->created < 0 || in->created > 253402300799)
        return err_set(e, BUNDLE_E_IO, "creation time out of range");
    if (in->expires && (in->expires <= in->created || in->expires > 253402300799))
        return err_set(e, BUNDLE_E_IO, "the expiry time must be after the creation time");
    if (in->nrevs > 999999)
        return err_set(e, BUNDLE_E_LIMIT, "more than 999999 revisions in one bundle");
    const char **ids = xmalloc(in->nrevs * sizeof *ids);
    int rc = 0;
    for (uint32_t i = 0; i < in->nrevs && rc == 0; i++) {
        const struct bundle_rev_input *r = &in->revs[i];
        ids[i] = r->id;
        if (!manifest_id_valid(r->id) || strcmp(r->id, "_from") == 0)
            rc = err_set(e, BUNDLE_E_IO,
                         "revision id '%s' cannot be bundled (ids are [A-Za-z0-9_.]{1,32}; "
                         "'base' and '_from' are reserved)",
                         r->id ? r->id : "");
        for (uint32_t k = 0; k < r->nparents && rc == 0; k++)
            if (!manifest_id_valid(r->parents[k]))
                rc = err_set(e, BUNDLE_E_IO, "revision %s: bad parent id '%s'", r->id,
                             r->parents[k]);
        if (rc == 0 && !r->up)
            rc = err_set(e, BUNDLE_E_IO, "revision %s has no up part", r->id);
        if (rc == 0 && in->down && !r->down)
            rc = err_set(e, BUNDLE_E_IO,
                         "revision %s has no down part: a downgrade bundle cannot undo it", r->id);
        if (rc == 0)
            rc = check_spans(r->id, "up", r->up_len, r->up_stmts, r->nup_stmts, e);
        if (rc == 0 && r->down)
            rc = check_spans(r->id, "down", r->down_len, r->down_stmts, r->ndown_stmts, e);
    }
    if (rc == 0) {
        qsort(ids, in->nrevs, sizeof *ids, id_cmp);
        for (uint32_t i = 1; i < in->nrevs && rc == 0; i++)
            if (strcmp(ids[i - 1], ids[i]) == 0)
                rc = err_set(e, BUNDLE_E_IO, "revision %s appears twice in the range", ids[i]);
    }
    free(ids);
    return rc;
}

/* Adds sk's signature of the manifest text as an entry. */
static int add_signature(struct builder *b, const struct sig_secret_key *sk, const char *manifest,
                         size_t mlen, int64_t timestamp, const char *project, uint64_t sequence,
                         struct err *e)
{
    char tc[SIG_COMMENT_MAX + 1];
    trusted_comment(tc, sizeof tc, timestamp, project, sequence);
    struct sig_signature s;
    if (sig_sign(sk, manifest, mlen, tc, &s, e) < 0)
        return -1;
    char id[17];
    sig_keyid_hex(s.keyid, id);
    size_t slen;
    char *text = sig_signature_format(&s, &slen);
    add_entry(b, arena_printf(b->a, "MANIFEST.%s.minisig", id), arena_memdup(b->a, text, slen),
              slen);
    free(text);
    return 0;
}

int bundle_build(const struct bundle_input *in, const struct sig_secret_key *sk,
                 unsigned char **out, size_t *out_len, struct err *e)
{
    if (validate_input(in, e) < 0)
        return -1;
    struct builder b = {.a = arena_new()};
    struct manifest m = {0};
    int rc = -1;
    m.format_version = 1;
    m.project = (char *)in->project;
    m.sequence = in->sequence;
    m.created = in->created;
    m.expires = in->expires;
    m.down = in->down;
    m.from = (char *)in->from;
    m.to = (char *)in->to;
    m.version_table = (char *)in->version_table;
    sha256_hex(in->schema_from ? in->schema_from : "", in->schema_from_len, m.schema_from_sha256);
    add_entry(&b, SCHEMA_FROM, in->schema_from ? in->schema_from : "", in->schema_from_len);
    m.nrevs = in->nrevs;
    m.revs = arena_alloc(b.a, in->nrevs * sizeof *m.revs);
    for (uint32_t i = 0; i < in->nrevs; i++) {
        const struct bundle_rev_input *r = &in->revs[i];
        struct manifest_rev *mr = &m.revs[i];
        const char *dir = arena_printf(b.a, "revisions/%06u-%s", i + 1, r->id);
        const char *up_path = arena_printf(b.a, "%s/up.sql", dir);
        const char *down_path = r->down ? arena_printf(b.a, "%s/down.sql", dir) : NULL;
        const char *schema_path = arena_printf(b.a, "schema/%s.schema", r->id);
        add_entry(&b, up_path, r->up, r->up_len);
        if (r->down)
            add_entry(&b, down_path, r->down, r->down_len);
        add_entry(&b, schema_path, r->schema_after ? r->schema_after : "", r->schema_after_len);
        mr->seq = i + 1;
        mr->id = (char *)r->id;
        mr->parents = (char **)r->parents;
        mr->nparents = r->nparents;
        mr->tx = r->tx;
        sha256_hex(r->schema_after ? r->schema_after : "", r->schema_after_len, mr->schema_sha256);
        /* 'up=' is what this bundle runs for the revision, 'down=' its reverse. */
        struct manifest_stmt *us = make_stmts(b.a, r->up, r->up_stmts, r->nup_stmts);
        struct manifest_stmt *ds =
            r->down ? make_stmts(b.a, r->down, r->down_stmts, r->ndown_stmts) : NULL;
        if (!in->down) {
            mr->up_path = (char *)up_path;
            mr->down_path = (char *)down_path;
            mr->stmts = us, mr->nstmts = r->nup_stmts;
            mr->dstmts = ds, mr->ndstmts = r->down ? r->ndown_stmts : 0;
        } else {
            mr->up_path = (char *)down_path;
            mr->down_path = (char *)up_path;
            mr->stmts = ds, mr->nstmts = r->ndown_stmts;
            mr->dstmts = us, mr->ndstmts = r->nup_stmts;
        }
    }
    /* The file list is every entry so far (MANIFEST and signatures come next). */
    qsort(b.v, b.n, sizeof *b.v, entry_cmp);
    m.nfiles = b.n;
    m.files = arena_alloc(b.a, b.n * sizeof *m.files);
    for (uint32_t i = 0; i < b.n; i++) {
        m.files[i].path = (char *)b.v[i].path;
        m.files[i].size = b.v[i].len;
        sha256_hex(b.v[i].data, b.v[i].len, m.files[i].sha256);
    }
    size_t mlen;
    char *mtext = manifest_format(&m, &mlen);
    add_entry(&b, "MANIFEST", mtext, mlen);
    if (add_signature(&b, sk, mtext, mlen, in->created, in->project, in->sequence, e) < 0)
        goto done;
    qsort(b.v, b.n, sizeof *b.v, entry_cmp);
    if (check_limits(b.v, b.n, 0, e) < 0)
        goto done;
    if (bundle_archive_write_mem(b.v, b.n, in->created, out, out_len, e) < 0)
        goto done;
    if (check_limits(b.v, b.n, *out_len, e) < 0) {
        free(*out);
        *out = NULL;
        goto done;
    }
    rc = 0;
done:
    free(mtext);
    arena_free(b.a);
    return rc;
}

/* ---- verifying ----------------------------------------------------------- */

/* Compares the canonical re-encoding with the file as it is produced. */
struct cmp_sink {
    const unsigned char *data;
    size_t len, pos;
    bool differs;
};

static int cmp_cb(void *ctx, const void *buf, size_t n)
{
    struct cmp_sink *c = ctx;
    if (c->differs)
        return -1;
    if (n > c->len - c->pos || memcmp(c->data + c->pos, buf, n) != 0) {
        /* Find the first differing byte for the message. */
        const unsigned char *p = buf;
        size_t i = 0;
        while (i < n && c->pos + i < c->len && c->data[c->pos + i] == p[i])
            i++;
        c->pos += i;
        c->differs = true;
        return -1;
    }
    c->pos += n;
    return 0;
}

static void free_bundle(struct bundle *b)
{
    if (!b)
        return;
    manifest_free(&b->m);
    for (uint32_t i = 0; i < b->nentries; i++) {
        free((char *)b->entries[i].path);
        free((unsigned char *)b->entries[i].data);
    }
    free(b->entries);
    free(b->signers);
    free(b);
}

void bundle_close(struct bundle *b)
{
    free_bundle(b);
}

const struct bundle_entry *bundle_entry(const struct bundle *b, const char *path)
{
    return find_entry(b->entries, b->nentries, path);
}

/* Signatures: parse every one, verify those by trusted keys, count distinct
 * trusted public keys. */
struct signer_work {
    struct bundle_signer *out;
    struct sig_signature sig;
    const char *name; /* entry name or "detached signature N" */
};

static int check_signatures(struct bundle *b, const struct bundle_verify_opts *o, struct err *e)
{
    uint32_t nsig = 0;
    for (uint32_t i = 0; i < b->nentries; i++)
        nsig +=
            is_manifest_entry(b->entries[i].path) && strcmp(b->entries[i].path, "MANIFEST") != 0;
    uint32_t total = nsig + o->nextra_sigs;
    if (nsig > BUNDLE_MAX_SIGNERS)
        return err_set(e, BUNDLE_E_LIMIT, "more than %u signatures in the bundle",
                       BUNDLE_MAX_SIGNERS);
    struct signer_work *w = xcalloc(total ? total : 1, sizeof *w);
    b->signers = xcalloc(total ? total : 1, sizeof *b->signers);
    int rc = -1;
    uint32_t k = 0;
    char namebuf[64];
    for (uint32_t i = 0; i < b->nentries; i++) {
        const struct bundle_entry *en = &b->entries[i];
        if (!is_manifest_entry(en->path) || strcmp(en->path, "MANIFEST") == 0)
            continue;
        char id[17];
        if (!sig_entry_name(en->path, id)) {
            err_set(e, BUNDLE_E_UNLISTED,
                    "entry '%s' is not listed in the manifest (signatures are "
                    "MANIFEST.<KEYID>.minisig)",
                    en->path);
            goto done;
        }
        if (en->len > BUNDLE_MAX_SIGFILE) {
            err_set(e, BUNDLE_E_LIMIT, "signature %s has %zu bytes, over the limit of %u", en->path,
                    en->len, BUNDLE_MAX_SIGFILE);
            goto done;
        }
        struct err pe = {0};
        if (sig_signature_parse((const char *)en->data, en->len, &w[k].sig, &pe) < 0) {
            err_set(e, BUNDLE_E_SIGNATURE, "%s: %s", en->path, pe.msg);
            goto done;
        }
        char sid[17];
        sig_keyid_hex(w[k].sig.keyid, sid);
        if (strcmp(sid, id) != 0) {
            err_set(e, BUNDLE_E_SIGNATURE, "%s holds a signature by key %s", en->path, sid);
            goto done;
        }
        /* One encoding per signature: the untrusted comment and line ends
         * are not signed, so they must be exactly what airlock writes. */
        size_t clen;
        char *canon = sig_signature_format(&w[k].sig, &clen);
        bool same = clen == en->len && memcmp(canon, en->data, clen) == 0;
        free(canon);
        if (!same) {
            err_set(
                e, BUNDLE_E_SIGNATURE,
                "%s is not in canonical form (its unsigned comment line or line ends were changed)",
                en->path);
            goto done;
        }
        w[k].name = en->path;
        k++;
    }
    for (uint32_t i = 0; i < o->nextra_sigs; i++) {
        struct err pe = {0};
        snprintf(namebuf, sizeof namebuf, "detached signature %u", i + 1);
        if (sig_signature_parse(o->extra_sigs[i], o->extra_sig_lens[i], &w[k].sig, &pe) < 0) {
            err_set(e, BUNDLE_E_SIGNATURE, "%s: %s", namebuf, pe.msg);
            goto done;
        }
        w[k].name = NULL;
        b->signers[k].detached = true;
        k++;
    }
    /* Verify, and count distinct public keys. */
    const unsigned char **counted = xcalloc(total ? total : 1, sizeof *counted);
    uint32_t ncounted = 0;
    bool dup_signer = false;
    for (uint32_t i = 0; i < k; i++) {
        struct bundle_signer *s = &b->signers[i];
        sig_keyid_hex(w[i].sig.keyid, s->keyid);
        snprintf(s->trusted_comment, sizeof s->trusted_comment, "%s", w[i].sig.trusted_comment);
        if (o->no_trust && o->ntrusted == 0)
            continue;
        struct err ve = {0};
        const struct sig_public_key *ok = NULL;
        for (uint32_t t = 0; t < o->ntrusted && !ok; t++) {
            if (memcmp(o->trusted[t].keyid, w[i].sig.keyid, SIG_KEYID_BYTES) != 0)
                continue;
            s->trusted = true;
            if (sig_verify(&o->trusted[t], &w[i].sig, b->manifest_text, b->manifest_len, &ve) == 0)
                ok = &o->trusted[t];
        }
        if (s->trusted && !ok) {
            err_set(e, BUNDLE_E_SIGNATURE,
                    "%s: %s: the MANIFEST was altered or the signature is corrupt",
                    w[i].name ? w[i].name : "detached signature", ve.msg);
            free(counted);
            goto done;
        }
        if (!ok)
            continue;
        s->verified = true;
        bool seen = false;
        for (uint32_t c = 0; c < ncounted; c++)
            seen |= memcmp(counted[c], ok->pk, 32) == 0;
        if (seen) {
            dup_signer = true;
            continue;
        }
        counted[ncounted++] = ok->pk;
        s->counted = true;
    }
    free(counted);
    b->nsigners = k;
    b->ncounted = ncounted;
    if (!o->no_trust) {
        uint32_t need = o->threshold ? o->threshold : 1;
        struct strbuf who = STRBUF_INIT;
        for (uint32_t i = 0; i < k; i++)
            sb_printf(&who, "%s%s%s", i ? ", " : "", b->signers[i].keyid,
                      b->signers[i].trusted ? "" : " (not trusted)");
        if (ncounted == 0) {
            if (k == 0)
                err_set(e, BUNDLE_E_UNTRUSTED, "the bundle is not signed");
            else
                err_set(e, BUNDLE_E_UNTRUSTED, "no signature by a trusted key: signed by %s",
                        who.buf);
            sb_release(&who);
            goto done;
        }
        if (ncounted < need) {
            /* Say why a key did not count twice, if that is what happened. */
            bool dup_trust = false;
            for (uint32_t t = 0; t < o->ntrusted; t++)
                for (uint32_t u = t + 1; u < o->ntrusted; u++)
                    dup_trust |= memcmp(o->trusted[t].pk, o->trusted[u].pk, 32) == 0;
            err_set(e, BUNDLE_E_THRESHOLD,
                    "%u of %u required signatures by distinct trusted keys (signed by %s)%s",
                    ncounted, need, who.buf,
                    dup_signer  ? "; signatures by the same key count once"
                    : dup_trust ? "; the same key was trusted twice and counts once"
                                : "");
            sb_release(&who);
            goto done;
        }
        sb_release(&who);
    }
    rc = 0;
done:
    if (rc < 0)
        b->nsigners = k;
    free(w);
    return rc;
}

/* Every entry other than MANIFEST* must be listed with its size and hash,
 * and every listed file must be present. Both lists are sorted. */
static int check_listing(struct bundle *b, struct err *e)
{
    const struct manifest *m = &b->m;
    for (uint32_t i = 0; i < b->nentries; i++) {
        const struct bundle_entry *en = &b->entries[i];
        if (is_manifest_entry(en->path))
            continue;
        const struct manifest_file *f = find_file(m, en->path);
        if (!f)
            return err_set(e, BUNDLE_E_UNLISTED, "entry '%s' is not listed in the manifest",
                           en->path);
        if (f->size != en->len)
            return err_set(e, BUNDLE_E_MISMATCH,
                           "entry '%s' has %zu bytes, the manifest says %" PRIu64, en->path,
                           en->len, f->size);
        char h[65];
        sha256_hex(en->data, en->len, h);
        if (strcmp(h, f->sha256) != 0)
            return err_set(e, BUNDLE_E_MISMATCH, "sha256 of entry '%s' does not match the manifest",
                           en->path);
    }
    for (uint32_t i = 0; i < m->nfiles; i++)
        if (!find_entry(b->entries, b->nentries, m->files[i].path))
            return err_set(e, BUNDLE_E_MISSING,
                           "'%s' is listed in the manifest but missing from the archive",
                           m->files[i].path);
    return 0;
}

static int check_span_list(const struct bundle_entry *en, const struct manifest_rev *r,
                           const char *kind, const struct manifest_stmt *s, uint32_t n,
                           struct err *e)
{
    for (uint32_t i = 0; i < n; i++) {
        if (s[i].offset > en->len || s[i].length > en->len - s[i].offset)
            return err_set(e, BUNDLE_E_MANIFEST, "MANIFEST: %s %u %u lies outside %s (%zu bytes)",
                           kind, r->seq, s[i].index, en->path, en->len);
        char h[65];
        sha256_hex(en->data + s[i].offset, s[i].length, h);
        if (strcmp(h, s[i].sha256) != 0)
            return err_set(e, BUNDLE_E_MISMATCH,
                           "sha256 of %s %u %u (bytes %" PRIu64 "..%" PRIu64 " of %s) "
                           "does not match the manifest",
                           kind, r->seq, s[i].index, s[i].offset, s[i].offset + s[i].length,
                           en->path);
    }
    return 0;
}

/* What the manifest says about revisions must agree with its file list. */
static int check_revisions(struct bundle *b, struct err *e)
{
    const struct manifest *m = &b->m;
    const struct manifest_file *f = find_file(m, SCHEMA_FROM);
    if (!f)
        return err_set(e, BUNDLE_E_MANIFEST, "MANIFEST: %s is not listed", SCHEMA_FROM);
    if (strcmp(f->sha256, m->schema_from_sha256) != 0)
        return err_set(e, BUNDLE_E_MANIFEST, "MANIFEST: schema-from does not match %s",
                       SCHEMA_FROM);
    const char **ids = xmalloc(m->nrevs * sizeof *ids);
    int rc = 0;
    for (uint32_t i = 0; i < m->nrevs && rc == 0; i++) {
        const struct manifest_rev *r = &m->revs[i];
        ids[i] = r->id;
        const struct bundle_entry *up = find_entry(b->entries, b->nentries, r->up_path);
        const struct bundle_entry *down =
            r->down_path ? find_entry(b->entries, b->nentries, r->down_path) : NULL;
        if (!up || !find_file(m, r->up_path))
            rc = err_set(e, BUNDLE_E_MANIFEST,
                         "MANIFEST: revision %u names %s, which is not a listed file", r->seq,
                         r->up_path);
        else if (r->down_path && (!down || !find_file(m, r->down_path)))
            rc = err_set(e, BUNDLE_E_MANIFEST,
                         "MANIFEST: revision %u names %s, which is not a listed file", r->seq,
                         r->down_path);
        if (rc)
            break;
        char sp[64];
        snprintf(sp, sizeof sp, "schema/%s.schema", r->id);
        const struct manifest_file *sf = find_file(m, sp);
        if (!sf || strcmp(sf->sha256, r->schema_sha256) != 0)
            rc = err_set(e, BUNDLE_E_MANIFEST,
                         "MANIFEST: revision %u (%s): schema hash does not match %s", r->seq, r->id,
                         sp);
        else if (check_span_list(up, r, "stmt", r->stmts, r->nstmts, e) < 0 ||
                 (down && check_span_list(down, r, "dstmt", r->dstmts, r->ndstmts, e) < 0))
            rc = -1;
    }
    if (rc == 0) {
        qsort(ids, m->nrevs, sizeof *ids, id_cmp);
        for (uint32_t i = 1; i < m->nrevs && rc == 0; i++)
            if (strcmp(ids[i - 1], ids[i]) == 0)
                rc = err_set(e, BUNDLE_E_MANIFEST, "MANIFEST: revision %s appears twice", ids[i]);
    }
    free(ids);
    if (rc)
        return rc;
    /* The range's ends: an up bundle ends at 'to', a down bundle starts at 'from'. */
    const char *end_id = m->down ? m->revs[0].id : m->revs[m->nrevs - 1].id;
    const char *want = m->down ? m->from : m->to;
    if (!want || strcmp(want, end_id) != 0)
        return err_set(e, BUNDLE_E_MANIFEST, "MANIFEST: '%s %s' does not match revision %s",
                       m->down ? "from" : "to", want ? want : "base", end_id);
    return 0;
}

struct canon_job {
    const struct bundle *b;
    const unsigned char *data;
    size_t len;
    struct cmp_sink cs;
    struct err we;
    int wr;
};

static void *canon_thread(void *arg)
{
    struct canon_job *j = arg;
    j->cs = (struct cmp_sink){.data = j->data, .len = j->len};
    j->wr = bundle_archive_write(j->b->entries, j->b->nentries, j->b->m.created, cmp_cb, &j->cs,
                                 &j->we);
    return NULL;
}

static int open_checked(const unsigned char *data, size_t len, const struct bundle_verify_opts *o,
                        struct bundle *b, struct err *e)
{
    if (len > BUNDLE_MAX_FILE)
        return err_set(e, BUNDLE_E_LIMIT, "the file has %zu bytes, over the limit of %llu", len,
                       (unsigned long long)BUNDLE_MAX_FILE);
    b->file_size = len;
    sha256_hex(data, len, b->sha256);

    /* 1. container and entries */
    struct bundle_archive ar;
    if (bundle_archive_read(data, len, &ar, e) < 0)
        return -1;
    b->entries = ar.entries;
    b->nentries = ar.n;
    /* Sorted by path (stable for the duplicate message), whatever the archive order. */
    qsort(b->entries, b->nentries, sizeof *b->entries, entry_cmp);
    for (uint32_t i = 1; i < b->nentries; i++)
        if (strcmp(b->entries[i - 1].path, b->entries[i].path) == 0)
            return err_set(e, BUNDLE_E_DUPLICATE,
                           "entry '%s' appears more than once in the archive", b->entries[i].path);

    /* 2. MANIFEST */
    const struct bundle_entry *me = find_entry(b->entries, b->nentries, "MANIFEST");
    if (!me)
        return err_set(e, BUNDLE_E_MANIFEST, "the bundle has no MANIFEST");
    b->manifest_text = (const char *)me->data;
    b->manifest_len = me->len;
    struct err pe = {0};
    if (manifest_parse(b->manifest_text, b->manifest_len, &b->m, &pe) < 0) {
        err_set(e, BUNDLE_E_MANIFEST, "MANIFEST:%u:%u: %s", pe.line, pe.col, pe.msg);
        snprintf(e->file, sizeof e->file, "MANIFEST");
        e->line = pe.line;
        e->col = pe.col;
        return -1;
    }
    size_t clen;
    char *canon = manifest_format(&b->m, &clen);
    bool same = clen == b->manifest_len && memcmp(canon, b->manifest_text, clen) == 0;
    free(canon);
    if (!same)
        return err_set(e, BUNDLE_E_MANIFEST, "MANIFEST is not in canonical form");

    /* 3. signatures */
    if (check_signatures(b, o, e) < 0)
        return -1;

    /* 4. listing, hashes, revisions and statement spans, and 5. canonical
     * bytes: re-encoding the entries must give the file back, so a change to
     * bytes that carry no content (tar padding, zstd frame fields, data after
     * the end) is refused too. The two are independent and each costs about
     * half of verification (SHA-256 vs zstd), so the re-encoding runs on a
     * second thread; errors are still reported in this fixed order. */
    struct canon_job job = {.b = b, .data = data, .len = len};
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, canon_thread, &job) == 0;
    if (!threaded)
        canon_thread(&job);
    int lr = check_listing(b, e);
    if (lr == 0)
        lr = check_revisions(b, e);
    if (threaded)
        pthread_join(th, NULL);
    if (lr < 0)
        return -1;
    if (job.cs.differs || (job.wr == 0 && job.cs.pos != len))
        return err_set(e, BUNDLE_E_NONCANONICAL,
                       "the file is not the canonical encoding of its contents (first difference "
                       "at byte %zu of "
                       "%zu): it was altered, truncated or extended",
                       job.cs.pos, len);
    if (job.wr < 0)
        return err_set(e, BUNDLE_E_IO, "%s", job.we.msg);

    /* 6. policy: expiry, sequence */
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    if (b->m.expires && now >= b->m.expires) {
        char t[21];
        manifest_time_format(b->m.expires, t);
        if (!o->ignore_expiry)
            return err_set(e, BUNDLE_E_EXPIRED, "the bundle expired at %s", t);
        b->expired = true;
    }
    if (o->check_sequence && b->m.sequence <= o->min_sequence)
        return err_set(e, BUNDLE_E_SEQUENCE,
                       "bundle sequence %" PRIu64 " is not above %" PRIu64
                       " (already applied, or a replay of an older bundle)",
                       b->m.sequence, o->min_sequence);
    return 0;
}

int bundle_open_memory(const unsigned char *data, size_t len, const struct bundle_verify_opts *o,
                       struct bundle **out, struct err *e)
{
    struct bundle *b = xcalloc(1, sizeof *b);
    static const struct bundle_verify_opts none = {0};
    if (open_checked(data, len, o ? o : &none, b, e) < 0) {
        free_bundle(b);
        *out = NULL;
        return -1;
    }
    *out = b;
    return 0;
}

int bundle_open_verified(const char *path, const struct bundle_verify_opts *o, struct bundle **out,
                         struct err *e)
{
    char *data;
    size_t len;
    *out = NULL;
    struct err re = {0};
    if (read_file(path, BUNDLE_MAX_FILE, &data, &len, &re) < 0)
        return err_set(e, BUNDLE_E_IO, "%s", re.msg);
    int rc = bundle_open_memory((const unsigned char *)data, len, o, out, e);
    free(data);
    return rc;
}

/* ---- co-signing ---------------------------------------------------------- */

/* Adds signature s to the opened bundle b and re-encodes it. */
static int add_sig_entry(const struct bundle *b, const struct sig_signature *s, unsigned char **out,
                         size_t *out_len, struct err *e)
{
    char id[17], name[64];
    sig_keyid_hex(s->keyid, id);
    snprintf(name, sizeof name, "MANIFEST.%s.minisig", id);
    if (bundle_entry(b, name))
        return err_set(e, BUNDLE_E_IO, "key %s has already signed this bundle", id);
    if (b->nsigners + 1 > BUNDLE_MAX_SIGNERS)
        return err_set(e, BUNDLE_E_LIMIT, "the bundle already has %u signatures", b->nsigners);
    size_t slen;
    char *text = sig_signature_format(s, &slen);
    struct bundle_entry *v = xmalloc((b->nentries + 1) * sizeof *v);
    memcpy(v, b->entries, b->nentries * sizeof *v);
    v[b->nentries] =
        (struct bundle_entry){.path = name, .data = (unsigned char *)text, .len = slen};
    uint32_t n = b->nentries + 1;
    qsort(v, n, sizeof *v, entry_cmp);
    int rc = check_limits(v, n, 0, e);
    if (rc == 0)
        rc = bundle_archive_write_mem(v, n, b->m.created, out, out_len, e);
    free(v);
    free(text);
    return rc;
}

/* The bundle in data, checked for everything but trust and expiry: a
 * co-signer must not sign (or pass on) a damaged bundle. */
static int open_for_signing(const unsigned char *data, size_t len, struct bundle **b, struct err *e)
{
    struct bundle_verify_opts o = {.no_trust = true, .ignore_expiry = true};
    return bundle_open_memory(data, len, &o, b, e);
}

int bundle_cosign(const unsigned char *data, size_t len, const struct sig_secret_key *sk,
                  int64_t timestamp, unsigned char **out, size_t *out_len, struct err *e)
{
    struct bundle *b;
    if (open_for_signing(data, len, &b, e) < 0)
        return -1;
    char tc[SIG_COMMENT_MAX + 1];
    trusted_comment(tc, sizeof tc, timestamp, b->m.project, b->m.sequence);
    struct sig_signature s;
    int rc = sig_sign(sk, b->manifest_text, b->manifest_len, tc, &s, e);
    if (rc == 0)
        rc = add_sig_entry(b, &s, out, out_len, e);
    bundle_close(b);
    return rc;
}

int bundle_add_signature(const unsigned char *data, size_t len, const char *minisig,
                         size_t minisig_len, const struct sig_public_key *pk, unsigned char **out,
                         size_t *out_len, struct err *e)
{
    struct sig_signature s;
    struct err pe = {0};
    if (sig_signature_parse(minisig, minisig_len, &s, &pe) < 0)
        return err_set(e, BUNDLE_E_SIGNATURE, "%s", pe.msg);
    struct bundle *b;
    if (open_for_signing(data, len, &b, e) < 0)
        return -1;
    int rc = 0;
    if (pk && sig_verify(pk, &s, b->manifest_text, b->manifest_len, &pe) < 0)
        rc = err_set(e, BUNDLE_E_SIGNATURE, "%s: it does not sign this bundle's MANIFEST", pe.msg);
    if (rc == 0)
        rc = add_sig_entry(b, &s, out, out_len, e);
    bundle_close(b);
    return rc;
}

const char *bundle_error_name(int code)
{
    switch (code) {
    case 0:
        return "ok";
    case BUNDLE_E_IO:
        return "input";
    case BUNDLE_E_FORMAT:
        return "format";
    case BUNDLE_E_NONCANONICAL:
        return "noncanonical";
    case BUNDLE_E_PATH:
        return "path";
    case BUNDLE_E_TYPE:
        return "entry-type";
    case BUNDLE_E_DUPLICATE:
        return "duplicate";
    case BUNDLE_E_LIMIT:
        return "limit";
    case BUNDLE_E_BOMB:
        return "bomb";
    case BUNDLE_E_MANIFEST:
        return "manifest";
    case BUNDLE_E_SIGNATURE:
        return "signature";
    case BUNDLE_E_UNTRUSTED:
        return "untrusted";
    case BUNDLE_E_THRESHOLD:
        return "threshold";
    case BUNDLE_E_UNLISTED:
        return "unlisted";
    case BUNDLE_E_MISSING:
        return "missing";
    case BUNDLE_E_MISMATCH:
        return "mismatch";
    case BUNDLE_E_EXPIRED:
        return "expired";
    case BUNDLE_E_SEQUENCE:
        return "sequence";
    default:
        return "error";
    }
}
