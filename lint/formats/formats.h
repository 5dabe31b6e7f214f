/*
 * formats.h - reading other migration tools' layouts into a struct chain.
 * One reader per tool in lint/formats/<tool>.c; format_read() picks one by
 * name, or detects the layout of a directory ("auto"). Every reader fills the
 * same struct chain (ids, parents, up/down SQL mapped back to the user's own
 * files, transaction mode, per-statement flags) and reports the tool's own
 * errors at file:line:col. See docs/formats.md for each tool's rules.
 */
#ifndef AIRLOCK_FORMATS_H
#define AIRLOCK_FORMATS_H

#include <stdbool.h>

#include "lint/chain.h"
#include "lint/strbuf.h"

struct arena;

/* "native", "alembic", ..., NULL-terminated; "auto" is not in the list. */
extern const char *const format_names[];

/* Is name "auto" or one of format_names? */
bool format_known(const char *name);

/* Reads dir as the given format ("auto" or a name) into a new chain in the
 * arena. With "auto" the layout is detected: an ambiguous directory is an
 * error naming the candidates; with verbose an info diagnostic says which
 * layout was chosen. The chain is read but not validated (chain_validate()
 * is the caller's next step). Returns 0, or -1 when the chain could not be
 * read at all (a diagnostic with input_error says why; *out is then NULL or
 * a partial chain). */
int format_read(struct chain **out, struct arena *a, const char *format, const char *dir,
                bool verbose, struct diag_list *d);

/* Options of format_read_opts. */
struct format_opts {
    bool verbose;            /* an info diagnostic says which layout auto-detection chose */
    const char *flyway_conf; /* Flyway's configuration file; NULL: the one found with the chain */
};

/* format_read with options. */
int format_read_opts(struct chain **out, struct arena *a, const char *format, const char *dir,
                     const struct format_opts *o, struct diag_list *d);

/* Detects the layout of dir: 0 with *name set, or -1 with e filled (nothing
 * recognised, or several candidates: the message names them). */
int format_detect(const char *dir, const char **name, struct err *e);

/* Deterministic text dump of a chain (ids, parents, transaction mode, every
 * statement with file:line:col, flags and first line) for golden tests and
 * `airlock chain`. Paths are printed as the chain's sources name them. */
void format_dump(struct strbuf *sb, const struct chain *c);
/* The up (or down) SQL of every revision in chain order as one psql script:
 * tx on revisions inside BEGIN/COMMIT, statements flagged no-tx between
 * COMMIT and BEGIN, tx off revisions statement by statement; bookkeeping
 * statements and not-analyzed placeholders are left out (as comments). */
void format_dump_sql(struct strbuf *sb, const struct chain *c, bool down);

#endif
