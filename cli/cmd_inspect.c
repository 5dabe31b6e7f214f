/*
 * cmd_inspect.c - `airlock inspect FILE.airlock`: what a bundle holds and who
 * signed it (manifest fields, revisions with statement counts, signers,
 * expiry), as text or JSON. The bundle is checked like `verify` except for
 * trust and expiry, which are reported instead of refused.
 */
#include "bundle/bundle.h"
#include "cli/cli.h"
#include "lint/strbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: airlock inspect FILE.airlock [--trust KEY.pub ...] [--output text|json]\n"
    "\n"
    "Shows a bundle's manifest, its revisions with statement counts, its signers\n"
    "and expiry. The bundle is checked (structure, hashes, canonical form) but not\n"
    "required to be signed by a trusted key or unexpired; with --trust, each\n"
    "signature by a given key is verified and marked.\n"
    "\n"
    "  --trust KEY.pub         check signatures by this key; repeatable\n"
    "  --output text|json      output format (default text)\n"
    "  -h, --help              this text\n";

static void text_out(const char *file, const struct bundle *b, int checked)
{
    const struct manifest *m = &b->m;
    char t[21], x[21] = "never";
    manifest_time_format(m->created, t);
    if (m->expires)
        manifest_time_format(m->expires, x);
    printf("bundle         %s (%" PRIu64 " bytes, sha256 %s)\n", file, b->file_size, b->sha256);
    printf("project        %s\nsequence       %" PRIu64
           "\ncreated        %s\nexpires        %s%s\n",
           m->project, m->sequence, t, x, b->expired ? " (expired)" : "");
    printf("direction      %s\nfrom           %s\nto             %s\nversion-table  %s\n",
           m->down ? "down" : "up", m->from ? m->from : "base", m->to ? m->to : "base",
           m->version_table);
    printf("files          %u\nrevisions      %u\n", m->nfiles, m->nrevs);
    for (uint32_t i = 0; i < m->nrevs; i++) {
        const struct manifest_rev *r = &m->revs[i];
        printf("  %4u  %-32s tx=%-3s %5u statement%s", r->seq, r->id, r->tx ? "on" : "off",
               r->nstmts, r->nstmts == 1 ? " " : "s");
        if (r->down_path)
            printf("  (reverse: %u)", r->ndstmts);
        printf("  parents ");
        if (!r->nparents)
            printf("-");
        for (uint32_t k = 0; k < r->nparents; k++)
            printf("%s%s", k ? "," : "", r->parents[k]);
        printf("\n");
    }
    printf("signers        %u\n", b->nsigners);
    for (uint32_t i = 0; i < b->nsigners; i++) {
        const struct bundle_signer *s = &b->signers[i];
        const char *st = !checked      ? "not checked (no --trust)"
                         : s->verified ? "trusted, verified"
                                       : "not trusted";
        printf("  %s  %s%s\n    trusted comment: %s\n", s->keyid, st,
               s->detached ? " (detached)" : "", s->trusted_comment);
    }
}

static void json_out(const char *file, const struct bundle *b, int checked)
{
    const struct manifest *m = &b->m;
    struct strbuf sb = STRBUF_INIT;
    char t[21];
    sb_adds(&sb, "{\"file\":");
    sb_add_json_str(&sb, file);
    sb_printf(&sb,
              ",\"size\":%" PRIu64 ",\"sha256\":\"%s\",\"format\":%u,\"project\":", b->file_size,
              b->sha256, m->format_version);
    sb_add_json_str(&sb, m->project);
    manifest_time_format(m->created, t);
    sb_printf(&sb, ",\"sequence\":%" PRIu64 ",\"created\":\"%s\",\"expires\":", m->sequence, t);
    if (m->expires) {
        manifest_time_format(m->expires, t);
        sb_printf(&sb, "\"%s\"", t);
    } else {
        sb_adds(&sb, "null");
    }
    sb_printf(&sb, ",\"expired\":%s,\"direction\":\"%s\",\"from\":", b->expired ? "true" : "false",
              m->down ? "down" : "up");
    if (m->from)
        sb_add_json_str(&sb, m->from);
    else
        sb_adds(&sb, "null");
    sb_adds(&sb, ",\"to\":");
    if (m->to)
        sb_add_json_str(&sb, m->to);
    else
        sb_adds(&sb, "null");
    sb_printf(&sb, ",\"version_table\":\"%s\",\"files\":%u,\"revisions\":[", m->version_table,
              m->nfiles);
    for (uint32_t i = 0; i < m->nrevs; i++) {
        const struct manifest_rev *r = &m->revs[i];
        sb_printf(&sb, "%s{\"seq\":%u,\"id\":", i ? "," : "", r->seq);
        sb_add_json_str(&sb, r->id);
        sb_adds(&sb, ",\"parents\":[");
        for (uint32_t k = 0; k < r->nparents; k++) {
            if (k)
                sb_addc(&sb, ',');
            sb_add_json_str(&sb, r->parents[k]);
        }
        sb_printf(&sb, "],\"tx\":%s,\"sql\":", r->tx ? "true" : "false");
        sb_add_json_str(&sb, r->up_path);
        sb_adds(&sb, ",\"reverse_sql\":");
        if (r->down_path)
            sb_add_json_str(&sb, r->down_path);
        else
            sb_adds(&sb, "null");
        sb_printf(&sb, ",\"statements\":%u,\"reverse_statements\":%u,\"schema_sha256\":\"%s\"}",
                  r->nstmts, r->ndstmts, r->schema_sha256);
    }
    sb_printf(&sb, "],\"signers\":[");
    for (uint32_t i = 0; i < b->nsigners; i++) {
        const struct bundle_signer *s = &b->signers[i];
        sb_printf(
            &sb,
            "%s{\"keyid\":\"%s\",\"checked\":%s,\"trusted\":%s,\"verified\":%s,\"detached\":%s,"
            "\"trusted_comment\":",
            i ? "," : "", s->keyid, checked ? "true" : "false", s->trusted ? "true" : "false",
            s->verified ? "true" : "false", s->detached ? "true" : "false");
        sb_add_json_str(&sb, s->trusted_comment);
        sb_addc(&sb, '}');
    }
    sb_adds(&sb, "]}\n");
    fwrite(sb.buf, 1, sb.len, stdout);
    sb_release(&sb);
}

static int run(int argc, char **argv)
{
    const char *file = NULL, *output = "text";
    struct sig_public_key *trusted = calloc((size_t)argc, sizeof *trusted);
    uint32_t ntrusted = 0;
    struct err e = {0};
    int rc = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            rc = EXIT_OK;
            goto done;
        } else if (!strcmp(a, "--trust") && i + 1 < argc) {
            if (sig_public_key_load(argv[++i], &trusted[ntrusted], &e) < 0) {
                fprintf(stderr, "airlock inspect: error: %s\n", e.msg);
                goto done;
            }
            ntrusted++;
        } else if (!strcmp(a, "--output") && i + 1 < argc) {
            output = argv[++i];
            if (strcmp(output, "text") != 0 && strcmp(output, "json") != 0) {
                fprintf(stderr, "airlock inspect: --output must be text or json\n");
                goto done;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "airlock inspect: unexpected argument '%s'\n%s", a, usage);
            goto done;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "airlock inspect: one bundle at a time ('%s')\n", a);
            goto done;
        }
    }
    if (!file) {
        fprintf(stderr, "airlock inspect: no bundle given\n%s", usage);
        goto done;
    }
    struct bundle_verify_opts o = {
        .trusted = trusted, .ntrusted = ntrusted, .no_trust = true, .ignore_expiry = true};
    struct bundle *b;
    if (bundle_open_verified(file, &o, &b, &e) < 0) {
        fprintf(stderr, "%s: error: %s [%s]\n", file, e.msg, bundle_error_name(e.code));
        rc = e.code ? e.code : EXIT_USAGE;
        goto done;
    }
    if (!strcmp(output, "json"))
        json_out(file, b, ntrusted > 0);
    else
        text_out(file, b, ntrusted > 0);
    bundle_close(b);
    rc = EXIT_OK;
done:
    free(trusted);
    return rc;
}

const struct command cmd_inspect = {
    .name = "inspect",
    .summary = "show a bundle's manifest, revisions and signers",
    .usage = usage,
    .run = run,
};
