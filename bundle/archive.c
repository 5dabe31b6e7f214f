/*
 * archive.c - see archive.h. Writing: libarchive's pax writer (restricted: a
 * pax header only when ustar cannot say it) and zstd filter, every entry with
 * the same fixed metadata, so output depends on paths and contents alone.
 * Reading: libarchive from memory, nothing touches the file system; every
 * limit is checked against the entry header before the data is read, and the
 * decompressed byte count is checked again while reading, so memory stays
 * bounded by the limits whatever the archive claims.
 */
#include "bundle/archive.h"
#include "lint/arena.h"
#include "lint/strbuf.h"

#include <archive.h>
#include <archive_entry.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------- */

struct wctx {
    bundle_sink_fn sink;
    void *ctx;
};

static la_ssize_t write_cb(struct archive *a, void *client, const void *buf, size_t n)
{
    (void)a;
    struct wctx *w = client;
    return w->sink(w->ctx, buf, n) < 0 ? -1 : (la_ssize_t)n;
}

int bundle_archive_write(const struct bundle_entry *entries, uint32_t n, int64_t mtime,
                         bundle_sink_fn sink, void *ctx, struct err *e)
{
    struct archive *a = archive_write_new();
    struct archive_entry *ae = archive_entry_new();
    struct wctx w = {sink, ctx};
    int rc = -1;
    if (!a || !ae) {
        err_set(e, BUNDLE_E_IO, "out of memory creating the archive");
        goto done;
    }
    /* zstd level 3 (zstd's default): the level is part of the canonical
     * encoding, see docs/bundle-format.md. One 'last block' byte: no padding. */
    if (archive_write_add_filter_zstd(a) != ARCHIVE_OK ||
        archive_write_set_filter_option(a, "zstd", "compression-level", "3") != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
        archive_write_open2(a, &w, NULL, write_cb, NULL, NULL) != ARCHIVE_OK) {
        err_set(e, BUNDLE_E_IO, "cannot create archive: %s", archive_error_string(a));
        goto done;
    }
    for (uint32_t i = 0; i < n; i++) {
        archive_entry_clear(ae);
        archive_entry_set_pathname(ae, entries[i].path);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_uid(ae, 0);
        archive_entry_set_gid(ae, 0);
        archive_entry_set_mtime(ae, mtime, 0);
        archive_entry_set_size(ae, (la_int64_t)entries[i].len);
        if (archive_write_header(a, ae) != ARCHIVE_OK) {
            err_set(e, BUNDLE_E_IO, "cannot write %s: %s", entries[i].path,
                    archive_error_string(a));
            goto done;
        }
        size_t off = 0;
        while (off < entries[i].len) {
            la_ssize_t w2 = archive_write_data(a, entries[i].data + off, entries[i].len - off);
            if (w2 <= 0) {
                err_set(e, BUNDLE_E_IO, "cannot write %s: %s", entries[i].path,
                        archive_error_string(a));
                goto done;
            }
            off += (size_t)w2;
        }
    }
    if (archive_write_close(a) != ARCHIVE_OK) {
        err_set(e, BUNDLE_E_IO, "cannot finish archive: %s", archive_error_string(a));
        goto done;
    }
    rc = 0;
done:
    if (ae)
        archive_entry_free(ae);
    if (a)
        archive_write_free(a);
    return rc;
}

static int mem_sink(void *ctx, const void *buf, size_t n)
{
    sb_add(ctx, buf, n);
    return 0;
}

int bundle_archive_write_mem(const struct bundle_entry *entries, uint32_t n, int64_t mtime,
                             unsigned char **out, size_t *out_len, struct err *e)
{
    struct strbuf sb = STRBUF_INIT;
    if (bundle_archive_write(entries, n, mtime, mem_sink, &sb, e) < 0) {
        sb_release(&sb);
        return -1;
    }
    *out = (unsigned char *)sb_detach(&sb, out_len);
    return 0;
}

/* ---- reading ------------------------------------------------------------- */

static const char *type_name(mode_t t)
{
    switch (t) {
    case AE_IFLNK:
        return "a symbolic link";
    case AE_IFDIR:
        return "a directory";
    case AE_IFCHR:
        return "a character device";
    case AE_IFBLK:
        return "a block device";
    case AE_IFIFO:
        return "a FIFO";
    case AE_IFSOCK:
        return "a socket";
    default:
        return "not a regular file";
    }
}

/* Checks a path as the archive gives it; the message says what is wrong. */
static int check_path(const char *p, struct err *e)
{
    if (!p || !*p)
        return err_set(e, BUNDLE_E_PATH, "archive entry with an empty name");
    size_t len = strlen(p);
    if (p[0] == '/')
        return err_set(e, BUNDLE_E_PATH, "entry '%s' has an absolute path", p);
    for (const char *c = p; (c = strstr(c, "..")) != NULL; c += 2)
        if ((c == p || c[-1] == '/') && (c[2] == 0 || c[2] == '/'))
            return err_set(e, BUNDLE_E_PATH, "entry '%s' has a '..' component", p);
    if (!manifest_path_valid(p, len))
        return err_set(e, BUNDLE_E_PATH,
                       "entry '%s' is not a plain relative path of [A-Za-z0-9_.-] components", p);
    return 0;
}

static void free_entries(struct bundle_entry *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        free((char *)v[i].path);
        free((unsigned char *)v[i].data);
    }
    free(v);
}

int bundle_archive_read(const unsigned char *data, size_t len, struct bundle_archive *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    /* The tar stream may be BUNDLE_MAX_RATIO times the file, but at least
     * the floor (tiny bundles compress poorly either way). */
    uint64_t budget = (uint64_t)len * BUNDLE_MAX_RATIO;
    if (budget < BUNDLE_RATIO_FLOOR)
        budget = BUNDLE_RATIO_FLOOR;
    struct archive *a = archive_read_new();
    if (!a)
        return err_set(e, BUNDLE_E_IO, "out of memory reading the archive");
    struct bundle_entry *v = NULL;
    uint32_t n = 0, cap = 0;
    uint64_t total = 0;
    int rc = -1;
    archive_read_support_filter_zstd(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        err_set(e, BUNDLE_E_FORMAT, "not a zstd-compressed tar archive: %s",
                archive_error_string(a));
        goto done;
    }
    if (archive_filter_count(a) != 2 || archive_filter_code(a, 0) != ARCHIVE_FILTER_ZSTD) {
        err_set(e, BUNDLE_E_FORMAT, "not a zstd-compressed tar archive (compression: %s)",
                archive_filter_name(a, 0));
        goto done;
    }
    for (;;) {
        struct archive_entry *ae;
        int r = archive_read_next_header(a, &ae);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK) {
            err_set(e, BUNDLE_E_FORMAT, "corrupt or truncated archive after %u entries: %s", n,
                    archive_error_string(a));
            goto done;
        }
        int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
        if (fmt != ARCHIVE_FORMAT_TAR) {
            err_set(e, BUNDLE_E_FORMAT, "not a tar archive (%s)", archive_format_name(a));
            goto done;
        }
        const char *path = archive_entry_pathname(ae);
        if (n == BUNDLE_MAX_ENTRIES) {
            err_set(e, BUNDLE_E_LIMIT, "more than %u archive entries", BUNDLE_MAX_ENTRIES);
            goto done;
        }
        /* Links first: libarchive gives a hard link the type of its target. */
        if (archive_entry_hardlink(ae)) {
            err_set(e, BUNDLE_E_TYPE,
                    "entry '%s' is a hard link (to '%s'): only regular files are allowed",
                    path ? path : "", archive_entry_hardlink(ae));
            goto done;
        }
        mode_t t = archive_entry_filetype(ae);
        if (t != AE_IFREG || archive_entry_symlink(ae)) {
            err_set(e, BUNDLE_E_TYPE, "entry '%s' is %s: only regular files are allowed",
                    path ? path : "", type_name(archive_entry_symlink(ae) ? AE_IFLNK : t));
            goto done;
        }
        if (check_path(path, e) < 0)
            goto done;
        if (!archive_entry_size_is_set(ae) || archive_entry_size(ae) < 0) {
            err_set(e, BUNDLE_E_FORMAT, "entry '%s' has no size", path);
            goto done;
        }
        uint64_t size = (uint64_t)archive_entry_size(ae);
        if (size > BUNDLE_MAX_ENTRY) {
            err_set(e, BUNDLE_E_LIMIT,
                    "entry '%s' declares %" PRIu64 " bytes, over the limit of %llu", path, size,
                    (unsigned long long)BUNDLE_MAX_ENTRY);
            goto done;
        }
        if (total + size > BUNDLE_MAX_TOTAL) {
            err_set(e, BUNDLE_E_LIMIT, "entries add up to more than %llu bytes (at '%s')",
                    (unsigned long long)BUNDLE_MAX_TOTAL, path);
            goto done;
        }
        uint64_t pos = (uint64_t)archive_filter_bytes(a, 0);
        if (pos + size > budget) {
            err_set(e, BUNDLE_E_BOMB,
                    "entry '%s' would decompress the bundle past %" PRIu64
                    " bytes, %u times its size of %zu bytes (decompression bomb?)",
                    path, budget, BUNDLE_MAX_RATIO, len);
            goto done;
        }
        if (archive_entry_sparse_count(ae) > 0) {
            err_set(e, BUNDLE_E_TYPE, "entry '%s' is a sparse file: only regular files are allowed",
                    path);
            goto done;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        unsigned char *buf = xmalloc(size + 1);
        v[n].path = xstrdup(path);
        v[n].data = buf;
        v[n].len = size;
        n++;
        uint64_t got = 0;
        while (got < size) {
            size_t want = size - got > (1u << 20) ? (1u << 20) : (size_t)(size - got);
            la_ssize_t r2 = archive_read_data(a, buf + got, want);
            if (r2 < 0) {
                err_set(e, BUNDLE_E_FORMAT, "corrupt archive data in '%s': %s", path,
                        archive_error_string(a));
                goto done;
            }
            if (r2 == 0) {
                err_set(e, BUNDLE_E_FORMAT, "archive truncated inside '%s'", path);
                goto done;
            }
            got += (uint64_t)r2;
            /* Belt and braces: the stream itself, not only the headers. */
            if ((uint64_t)archive_filter_bytes(a, 0) > budget) {
                err_set(e, BUNDLE_E_BOMB,
                        "decompressed data passes %" PRIu64 " bytes (decompression bomb?)", budget);
                goto done;
            }
        }
        buf[size] = 0;
        total += size;
    }
    out->tar_bytes = (uint64_t)archive_filter_bytes(a, 0);
    if (out->tar_bytes > budget) {
        err_set(e, BUNDLE_E_BOMB,
                "decompressed data passes %" PRIu64 " bytes (decompression bomb?)", budget);
        goto done;
    }
    out->entries = v;
    out->n = n;
    v = NULL;
    n = 0;
    rc = 0;
done:
    free_entries(v, n);
    archive_read_free(a);
    return rc;
}

void bundle_archive_free(struct bundle_archive *a)
{
    free_entries(a->entries, a->n);
    memset(a, 0, sizeof *a);
}
