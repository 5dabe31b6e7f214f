/*
 * bundle.h - signed, reproducible release bundles (SPEC.md §4, docs/bundle-format.md).
 * bundle_build() turns a plain description of a revision range into the
 * bytes of a NAME.airlock file (pax tar + zstd, one minisign signature);
 * bundle_open_verified() checks a bundle completely, in memory, and hands the
 * verified manifest and entry contents to `airlock verify` and airlock-apply.
 * Never uses libpg_query: statement spans were computed when the bundle was made.
 */
#ifndef AIRLOCK_BUNDLE_H
#define AIRLOCK_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle/manifest.h"
#include "bundle/sig.h"
#include "lint/util.h"

/* Refusal classes: struct err.code after a bundle_* call fails. Each class is
 * also the exit code of `airlock verify` / `airlock-apply verify` for it
 * (docs/bundle-format.md "Exit codes"); 2 keeps SPEC.md's meaning (usage or
 * input error, e.g. the file cannot be read). */
enum bundle_error {
    BUNDLE_E_IO = 2,            /* cannot read/write a file, bad argument */
    BUNDLE_E_FORMAT = 10,       /* not a zstd-compressed pax tar, corrupt or truncated */
    BUNDLE_E_NONCANONICAL = 11, /* bytes differ from the canonical encoding of the content */
    BUNDLE_E_PATH = 12,         /* absolute path, '..', or a name outside the allowed set */
    BUNDLE_E_TYPE = 13,      /* symlink, hard link, device, FIFO, directory: only regular files */
    BUNDLE_E_DUPLICATE = 14, /* two entries with the same name */
    BUNDLE_E_LIMIT = 15,     /* entry count, entry size or total size over the limits */
    BUNDLE_E_BOMB = 16,      /* decompressed size over BUNDLE_MAX_RATIO x the file size */
    BUNDLE_E_MANIFEST = 17,  /* MANIFEST missing, does not parse, or is inconsistent */
    BUNDLE_E_SIGNATURE = 18, /* a signature is malformed or does not verify */
    BUNDLE_E_UNTRUSTED = 19, /* no valid signature by a trusted key */
    BUNDLE_E_THRESHOLD = 20, /* fewer distinct trusted signers than the threshold */
    BUNDLE_E_UNLISTED = 21,  /* an entry the manifest does not list */
    BUNDLE_E_MISSING = 22,   /* an entry the manifest lists is absent */
    BUNDLE_E_MISMATCH = 23,  /* size or sha256 of an entry or statement differs */
    BUNDLE_E_EXPIRED = 24,   /* now >= expires */
    BUNDLE_E_SEQUENCE = 25,  /* sequence not above the given minimum */
};

/* Documented limits (docs/bundle-format.md "Limits"): checked while reading,
 * before any memory is committed for the data they bound. */
#define BUNDLE_MAX_FILE (1024ull << 20)  /* compressed .airlock file */
#define BUNDLE_MAX_ENTRIES 200000u       /* archive entries */
#define BUNDLE_MAX_ENTRY (256ull << 20)  /* one entry's size */
#define BUNDLE_MAX_TOTAL (1024ull << 20) /* sum of entry sizes */
#define BUNDLE_MAX_RATIO 1000u           /* decompressed tar / compressed file */
#define BUNDLE_RATIO_FLOOR (4ull << 20)  /* ratio not applied below this many bytes */
#define BUNDLE_MAX_SIGNERS 64u           /* MANIFEST.<KEYID>.minisig entries */
#define BUNDLE_MAX_SIGFILE 4096u         /* size of one signature entry */

/* ---- building ---------------------------------------------------------- */

struct bundle_span {
    uint64_t off, len; /* a statement's bytes in its SQL text (no trailing ';' needed) */
};

/* One revision as the chain has it. For a down bundle the applier runs 'down'
 * (with down_stmts) and 'up' is its reverse; bundle_build swaps them so that
 * manifest 'up=' always names the SQL the bundle runs. */
struct bundle_rev_input {
    const char *id;
    const char *const *parents;
    uint32_t nparents;
    bool tx;        /* one transaction for the revision */
    const char *up; /* the revision's up part */
    size_t up_len;
    const struct bundle_span *up_stmts;
    uint32_t nup_stmts;
    const char *down; /* the revision's down part, NULL if it has none */
    size_t down_len;
    const struct bundle_span *down_stmts;
    uint32_t ndown_stmts;
    const char *schema_after; /* canonical schema text after this step of the bundle */
    size_t schema_after_len;
};

struct bundle_input {
    const char *project; /* [A-Za-z0-9_.-]{1,64} */
    uint64_t sequence;
    int64_t created;           /* unix seconds, UTC; also every entry's mtime */
    int64_t expires;           /* 0 = never */
    bool down;                 /* direction */
    const char *from;          /* NULL = base */
    const char *to;            /* NULL = base (a down bundle to base) */
    const char *version_table; /* "alembic" or "airlock" */
    const char *schema_from;   /* schema text before the first step */
    size_t schema_from_len;
    const struct bundle_rev_input *revs; /* in application order */
    uint32_t nrevs;
};

/* Builds the whole archive in memory, signed by sk with the trusted comment
 * of docs/bundle-format.md. Deterministic: same input, same key -> same bytes.
 * *out is malloc'd. Checks the result against the reader's limits, so that it
 * never writes a bundle that bundle_open_verified would refuse. */
int bundle_build(const struct bundle_input *in, const struct sig_secret_key *sk,
                 unsigned char **out, size_t *out_len, struct err *e);

/* Adds sk's signature of the MANIFEST to the bundle in data (other entries
 * unchanged). Refuses when that key already signed. *out is malloc'd. */
int bundle_cosign(const unsigned char *data, size_t len, const struct sig_secret_key *sk,
                  int64_t timestamp, unsigned char **out, size_t *out_len, struct err *e);
/* Adds a signature made elsewhere (e.g. `minisign -S` over the extracted
 * MANIFEST), given as the text of its .minisig file. If pk is not NULL the
 * signature must verify with it. */
int bundle_add_signature(const unsigned char *data, size_t len, const char *minisig,
                         size_t minisig_len, const struct sig_public_key *pk, unsigned char **out,
                         size_t *out_len, struct err *e);

/* ---- reading and verifying --------------------------------------------- */

struct bundle_verify_opts {
    const struct sig_public_key *trusted; /* trusted public keys */
    uint32_t ntrusted;
    uint32_t threshold;  /* distinct trusted signers required; 0 means 1 */
    bool no_trust;       /* inspect: check everything but who signed */
    int64_t now;         /* for expiry; 0 = time(NULL) */
    bool ignore_expiry;  /* inspect: report, do not refuse */
    bool check_sequence; /* refuse sequence <= min_sequence */
    uint64_t min_sequence;
    /* Detached signatures (text of .minisig files) counted like embedded ones. */
    const char *const *extra_sigs;
    const size_t *extra_sig_lens;
    uint32_t nextra_sigs;
};

struct bundle_entry {
    const char *path;
    const unsigned char *data; /* NUL after the last byte, for text use */
    size_t len;
};

struct bundle_signer {
    char keyid[17]; /* uppercase hex, as minisign prints it */
    bool trusted;   /* its key id and public key are among the trusted keys */
    bool verified;  /* signature and global signature verify (trusted only) */
    bool counted;   /* counted toward the threshold (distinct key) */
    bool detached;  /* came from extra_sigs, not from the archive */
    char trusted_comment[1025];
};

struct bundle {
    struct manifest m;
    const char *manifest_text; /* the signed MANIFEST bytes (NUL-terminated) */
    size_t manifest_len;
    char sha256[65]; /* of the whole .airlock file (for airlock.history) */
    uint64_t file_size;
    struct bundle_entry *entries; /* every archive entry, sorted by path */
    uint32_t nentries;
    struct bundle_signer *signers; /* sorted by key id */
    uint32_t nsigners;
    uint32_t ncounted; /* distinct trusted keys with a valid signature */
    bool expired;      /* set when ignore_expiry let an expired bundle through */
};

/* Reads and verifies a bundle file entirely in memory (nothing is written to
 * disk): structure and limits, MANIFEST, signatures and threshold, every entry
 * against the manifest, statement spans, canonical encoding, expiry, sequence.
 * On failure returns -1 with e->code one of enum bundle_error and a message
 * that names the entry (and MANIFEST line) at fault. */
int bundle_open_verified(const char *path, const struct bundle_verify_opts *o, struct bundle **out,
                         struct err *e);
/* The same for bytes already in memory (copied; data may be freed after). */
int bundle_open_memory(const unsigned char *data, size_t len, const struct bundle_verify_opts *o,
                       struct bundle **out, struct err *e);
/* An entry by path, or NULL. */
const struct bundle_entry *bundle_entry(const struct bundle *b, const char *path);
void bundle_close(struct bundle *b);

/* Short name of a refusal class ("signature", "expired", ...) for reports. */
const char *bundle_error_name(int code);

#endif
