/*
 * ledger.h - the applier's local audit trail: an SQLite file (WAL,
 * synchronous=FULL) recording every run of airlock-apply (verify, status,
 * apply, refusals), every revision attempt and every statement, with times,
 * outcome, error text, bundle sha256, signer key ids and the target's
 * identity (never a password). The target's airlock.history stays the
 * authority for resuming; the ledger is what the operator keeps.
 */
#ifndef AIRLOCK_LEDGER_H
#define AIRLOCK_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/strbuf.h"
#include "lint/util.h"

struct ledger;

/* What is known about a run when it starts; any field may be NULL. */
struct ledger_run {
    const char *command; /* verify | status | apply */
    const char *bundle_path;
    const char *bundle_sha256;
    const char *project;
    int64_t sequence; /* -1 when unknown */
    const char *direction;
    const char *from_rev, *to_rev;
    const char *signers; /* comma-separated key ids */
    bool dry_run;
};

/* The target's identity, filled once connected. */
struct ledger_target {
    const char *system_identifier; /* pg_control_system(), or NULL when not readable */
    const char *database, *host, *port, *user, *server_version;
};

/* Opens (creating if needed) the ledger at path. Returns 0 or -1 with e filled. */
int ledger_open(const char *path, struct ledger **out, struct err *e);
/* Commits what is pending and closes. NULL is fine. */
void ledger_close(struct ledger *l);

/* Writes are grouped into one SQLite transaction until ledger_flush(), which
 * commits (one fsync). Callers flush before anything that waits and at every
 * point a crash must not lose. All writers return 0 or -1 with e filled;
 * a NULL ledger accepts every call and records nothing. */
int ledger_flush(struct ledger *l, struct err *e);

int ledger_run_begin(struct ledger *l, const struct ledger_run *r, int64_t *run_id, struct err *e);
int ledger_run_target(struct ledger *l, int64_t run_id, const struct ledger_target *t,
                      struct err *e);
/* outcome: ok | nothing-to-do | dry-run | refused | failed | interrupted */
int ledger_run_end(struct ledger *l, int64_t run_id, const char *outcome, int exit_code,
                   const char *error, struct err *e);

int ledger_rev_begin(struct ledger *l, int64_t run_id, uint32_t seq, const char *revision, bool tx,
                     uint32_t attempt, uint32_t nstmts, int64_t *rev_row, struct err *e);
/* outcome: applied | failed | retry | resumed-partial */
int ledger_rev_end(struct ledger *l, int64_t rev_row, const char *outcome, uint32_t done,
                   const char *error, struct err *e);

/* One statement: index in its revision, sha256 of its text, start and end
 * (unix microseconds), outcome (ok | failed | skipped-done), error text. */
int ledger_stmt(struct ledger *l, int64_t rev_row, uint32_t index, const char *sha256,
                int64_t started_us, int64_t finished_us, const char *outcome, const char *error,
                struct err *e);

/* Free-form event of a run: lock waits, retries with their backoff, drift reports. */
int ledger_event(struct ledger *l, int64_t run_id, const char *kind, const char *message,
                 struct err *e);

/* Appends a human-readable dump of the ledger at path to out (`airlock-apply log`). */
int ledger_print(const char *path, struct strbuf *out, struct err *e);

/* Current time in unix microseconds (wall clock) and its ISO-8601 UTC text. */
int64_t ledger_now_us(void);
void ledger_time_text(int64_t us, char out[32]);

#endif
