/*
 * diag.h - diagnostics: what every stage reports (chain reader, graph checks,
 * SQL parse, simulator, rules) and cli/ renders. Shaped like PostgreSQL's
 * ereport: a rule id (or SQLSTATE-like code), a primary message, a help line
 * saying what to do instead, and a location.
 */
#ifndef AIRLOCK_DIAG_H
#define AIRLOCK_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/source.h"

struct arena;

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 };

struct diag {
    const char *rule; /* kebab-case id: "syntax-error", "duplicate-revision", ... */
    enum severity sev;
    bool input_error;      /* the chain itself could not be read: exit code 2 */
    const char *message;   /* one line, lower case start, no trailing period */
    const char *help;      /* optional: what to do instead */
    const char *note;      /* optional: extra detail (e.g. PostgreSQL's DETAIL) */
    struct loc loc;        /* loc.src may be NULL for a diagnostic about a directory */
    const char *path;      /* file or directory the diagnostic is about when loc.src is NULL */
    uint32_t span;         /* bytes to underline from loc (0: a single caret) */
    const char *revision;  /* revision id, when known */
    const char *sqlstate;  /* PostgreSQL SQLSTATE the statement would raise, when known */
    const char *lock_mode; /* lock the statement takes, when known (for --explain-locks) */
    const char *lock_relation;
    uint32_t seq; /* insertion order, the last sort key */
};

struct diag_list {
    struct arena *arena;
    struct diag *items;
    uint32_t n, cap;
};

void diag_list_init(struct diag_list *l, struct arena *a);
/* Adds a diagnostic; message is printf-formatted and copied into the arena.
 * Returns the diag so the caller can set help, span, revision, ... */
struct diag *diag_add(struct diag_list *l, const char *rule, enum severity sev, struct loc loc,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Stable order: path, line, col, then insertion order. */
void diag_sort(struct diag_list *l);
uint32_t diag_count(const struct diag_list *l, enum severity min);
bool diag_has_input_error(const struct diag_list *l);
const char *severity_name(enum severity s);

#endif
