/*
 * archive.h - the bundle's container through libarchive: a pax tar with
 * fixed metadata and sorted entries, compressed with zstd (writer), and a
 * reader that enforces the hostile-input rules entirely in memory (regular
 * files only, safe paths, size/count/ratio limits of bundle.h). Knows nothing
 * of manifests or signatures; bundle.c builds on it.
 */
#ifndef AIRLOCK_ARCHIVE_H
#define AIRLOCK_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"

/* Receives the archive bytes as they are produced; returns 0, or -1 to stop. */
typedef int (*bundle_sink_fn)(void *ctx, const void *buf, size_t n);

/* Writes entries, which must be sorted by path and unique, as pax tar + zstd:
 * mode 0644, uid/gid 0, no owner names, mtime = mtime, no directories. The
 * same entries give the same bytes. Returns 0 or -1 (e->code BUNDLE_E_IO). */
int bundle_archive_write(const struct bundle_entry *entries, uint32_t n, int64_t mtime,
                         bundle_sink_fn sink, void *ctx, struct err *e);
/* The same into a malloc'd buffer. */
int bundle_archive_write_mem(const struct bundle_entry *entries, uint32_t n, int64_t mtime,
                             unsigned char **out, size_t *out_len, struct err *e);

/* The entries of an archive in archive order, each data malloc'd with a NUL after it. */
struct bundle_archive {
    struct bundle_entry *entries;
    uint32_t n;
    uint64_t tar_bytes; /* decompressed size of the tar stream */
};

/* Reads an archive from memory, refusing (e->code from enum bundle_error):
 * anything but one zstd-compressed tar (FORMAT), entries that are not regular
 * files (TYPE), unsafe or unexpected paths (PATH), too many or too large
 * entries (LIMIT), more decompressed bytes than the ratio budget (BOMB).
 * Duplicates are not checked here (bundle.c reports them). */
int bundle_archive_read(const unsigned char *data, size_t len, struct bundle_archive *out,
                        struct err *e);
void bundle_archive_free(struct bundle_archive *a);

#endif
