/*
 * config.h - the project's lint configuration, `.airlock.conf`, found by
 * walking up from the chain's directory (like .editorconfig or .git). An INI
 * file read with libinih; docs/config.md describes the keys. Command-line
 * flags override what it says.
 */
#ifndef AIRLOCK_CONFIG_H
#define AIRLOCK_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/diag.h"
#include "lint/rule.h"
#include "lint/util.h"

struct arena;

#define CONFIG_FILE_NAME ".airlock.conf"

/* One rule setting, in file order ("[rules] id = value" or items of "rules = ..."). */
struct config_rule {
    const char *id;
    const char *value; /* off, on, info, warning, error */
    uint32_t line;
};

struct lint_config {
    const char *path;             /* the file read, NULL when none was found */
    const char *dir;              /* its directory */
    int pg_version;               /* 0: not set */
    int fail_on;                  /* -1: not set, else enum severity */
    const char *chain_dir;        /* [lint] dir, resolved against dir; NULL: not set */
    const char *format;           /* [lint] format (chain layout); NULL: not set */
    const char *output;           /* [lint] output; NULL: not set */
    const char *since;            /* [lint] since; NULL: not set */
    int assume_lock_timeout;      /* -1: not set, 0/1 */
    int assume_statement_timeout; /* -1: not set, 0/1 */
    struct config_rule *rules;
    uint32_t nrules, caprules;
};

/* Searches start (a directory or a file in one) and its parents for
 * .airlock.conf; returns an arena path or NULL. */
const char *config_find(struct arena *a, const char *start);
/* Reads a config file into cfg (zeroed first). Returns 0, or -1 with e filled
 * (e->file, e->line set) on an unreadable file, a syntax error, an unknown
 * section or key, or a bad value. */
int config_load(struct arena *a, const char *path, struct lint_config *cfg, struct err *e);
/* Applies cfg's rule settings and options to s. Returns 0, or -1 with e filled
 * (an unknown rule id, located in the config file). */
int config_apply(const struct lint_config *cfg, struct rule_settings *s, struct err *e);

#endif
