/*
 * apply.h - the applier (SPEC.md §5): given a bundle that has already been
 * verified, lock the target, read its state, refuse what cannot be explained
 * (wrong position, rollback, drift, a foreign half-applied revision), replay
 * the pending revisions, and record every step in airlock.history and in the
 * SQLite ledger. Used by airlock-apply and by `airlock apply`; never parses SQL
 * (the bundle carries statement spans). Protocol details: docs/applier.md.
 */
#ifndef AIRLOCK_APPLY_H
#define AIRLOCK_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"
#include "lint/util.h"

/* Exit codes of airlock-apply; every refusal has its own (docs/applier.md). */
enum apply_exit {
    APPLY_EXIT_OK = 0,        /* applied, nothing to do, dry run, or status/verify fine */
    APPLY_EXIT_FAILED = 1,    /* a statement failed, or lock retries were exhausted */
    APPLY_EXIT_USAGE = 2,     /* bad arguments, unreadable files */
    APPLY_EXIT_INVALID = 3,   /* bundle integrity: archive, manifest, sizes, hashes */
    APPLY_EXIT_SIGNATURE = 4, /* untrusted or too few valid signatures */
    APPLY_EXIT_EXPIRED = 5,   /* the bundle's expiry is past */
    APPLY_EXIT_POSITION = 6,  /* target neither at `from` nor inside the bundle's range */
    APPLY_EXIT_SEQUENCE = 7,  /* sequence not above the last applied (rollback) */
    APPLY_EXIT_DRIFT = 8,     /* live schema differs from the bundle's expected schema */
    APPLY_EXIT_BUSY = 9,      /* another applier held the lock longer than --wait */
    APPLY_EXIT_DB = 10,       /* cannot connect, or the applier's own bookkeeping failed */
    APPLY_EXIT_PARTIAL =
        11, /* a tx=off revision is half applied and this bundle cannot resume it */
};

/* Symbolic name of an exit code ("drift", "sequence", ...), for messages and the ledger. */
const char *apply_exit_name(int code);

enum apply_cmd { APPLY_CMD_VERIFY, APPLY_CMD_STATUS, APPLY_CMD_APPLY };

/* What the caller is told as the run progresses (only cli code prints). */
enum apply_event_kind {
    APPLY_EV_INFO,      /* a plain message: text */
    APPLY_EV_WARN,      /* a warning: text */
    APPLY_EV_REPORT,    /* multi-line report (status, drift diff, dry-run plan): text */
    APPLY_EV_REV_BEGIN, /* revision rev/nrevs starts: rev_id, nstmts */
    APPLY_EV_STMT,      /* statement stmt/nstmts of the revision starts */
    APPLY_EV_TICK,      /* periodic while a statement runs (progress redraw) */
    APPLY_EV_REV_END,   /* revision finished: text = outcome */
    APPLY_EV_RETRY,     /* lock not available, backing off: text */
};

struct apply_event {
    enum apply_event_kind kind;
    const char *text;
    uint32_t rev, nrevs; /* 1-based position among the revisions this run replays */
    const char *rev_id;
    bool tx;
    uint32_t stmt, nstmts; /* 1-based */
    double elapsed;        /* seconds since the run started */
};

struct apply_opts {
    enum apply_cmd cmd;
    const char *conninfo;
    const char *ledger_path; /* NULL: no ledger */
    bool dry_run;
    bool skip_drift_check;
    int lock_timeout_ms;      /* SET LOCAL lock_timeout per attempt; 0 = none */
    int statement_timeout_ms; /* 0 = none */
    int max_lock_retries;     /* retries after SQLSTATE 55P03 */
    int wait_ms;              /* how long to wait for another applier's lock; <0 forever */
    int64_t now;              /* unix seconds, for expiry; 0 = time(NULL) */
    void (*on_event)(void *ctx, const struct apply_event *ev);
    void *event_ctx;
};

/* Runs cmd on a bundle that bundle_open_verified() accepted (path is for
 * messages and the ledger). Returns an enum apply_exit code; on non-zero e
 * says why (e->file/line/col locate the statement when one failed). */
int apply_run(const struct bundle *b, const char *path, const struct apply_opts *o, struct err *e);

/* Records a run that ended before the bundle could be trusted (verification
 * failed): the ledger must show refusals too. bundle_sha256 may be NULL. */
void apply_record_refusal(const struct apply_opts *o, const char *bundle_path,
                          const char *bundle_sha256, int exit_code, const char *message);

/* Parses "2s", "500ms", "1.5m", "1h", "0" into milliseconds; -1 on error. */
int64_t apply_parse_duration_ms(const char *s);

/* The advisory lock key every airlock applier takes (documented in docs/applier.md). */
#define APPLY_LOCK_KEY INT64_C(0x4149524c4f434b31) /* "AIRLOCK1" */

#endif
