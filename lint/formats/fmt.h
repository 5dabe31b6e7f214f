/*
 * fmt.h - internals shared by the format readers (lint/formats/): sorted
 * directory listings, loading files into the chain, diagnostics, turning file
 * slices or generated SQL into a revision part, and splitting a part's text
 * into statements with the PostgreSQL parser. Not used outside lint/formats/.
 */
#ifndef AIRLOCK_FORMATS_FMT_H
#define AIRLOCK_FORMATS_FMT_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/strbuf.h"

#define FMT_MAX_FILE (64u << 20) /* largest migration file read */

/* One entry of a directory, as listed by fmt_list_dir. */
struct fmt_ent {
    const char *name;
    bool is_dir;
};

/* Entries of dir except "." and "..", sorted bytewise by name. Returns 0 or
 * -1 with e filled. */
int fmt_list_dir(struct arena *a, const char *dir, struct fmt_ent **out, uint32_t *n,
                 struct err *e);
/* dir + "/" + name (dir "." or "" gives name alone). */
char *fmt_join(struct arena *a, const char *dir, const char *name);
bool fmt_is_dir(const char *path);
bool fmt_is_file(const char *path);
bool fmt_has_suffix(const char *s, const char *suffix);
bool fmt_has_prefix(const char *s, const char *prefix);

/* Loads a file into the chain's arena and remembers it as a chain source. On
 * failure adds an input error about path and returns NULL. */
struct source *fmt_load(struct chain *c, const char *path, struct diag_list *d);

/* An error that stops the chain from being read (input_error = true). */
struct diag *fmt_input_error(struct diag_list *d, const char *rule, struct loc loc,
                             const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Any diagnostic; path is used when loc.src is NULL. */
struct diag *fmt_diag(struct diag_list *d, const char *rule, enum severity sev, struct loc loc,
                      const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Location of a byte offset (line/col) in a source. */
static inline struct loc fmt_loc(const struct source *s, uint32_t off)
{
    return source_loc(s, off);
}

/* Makes the part a copy of src bytes [start, end) (linear map, base start). */
void fmt_part_slice(struct arena *a, struct part *p, const struct source *src, uint32_t start,
                    uint32_t end);
/* Splits bytes [off, end) of the part's text into statements (PostgreSQL's
 * parser, its scanner when the text does not parse, the whole range as one
 * statement when even that fails) and appends them with the given flags.
 * Empty statements (';;') are dropped. Returns the number added. */
uint32_t fmt_split(struct arena *a, struct part *p, uint32_t off, uint32_t end, uint32_t flags);
/* Appends one statement [off, off+len) of the part's text as is. */
struct stmt *fmt_add_stmt(struct arena *a, struct part *p, uint32_t off, uint32_t len,
                          uint32_t flags);
/* Offset of the first token at or after off (skipping blanks and comments). */
uint32_t fmt_skip_blank(const char *text, uint32_t off, uint32_t end);
/* Is [off, end) only blanks and comments? */
bool fmt_blank(const char *text, uint32_t off, uint32_t end);

/* Builder of a part whose SQL is generated (Alembic operations) or pieced
 * together: text is appended with its origin in the user's file, statements
 * are delimited with fmt_b_begin/fmt_b_end, and fmt_b_finish makes the part. */
struct fmt_chunk {
    uint32_t start, end, flags;
    bool split; /* split with the parser (user SQL) or keep as one statement */
};

struct fmt_builder {
    struct arena *a;
    const struct source *src;
    struct strbuf text;
    struct srcmap *map;
    uint32_t nmap, capmap;
    struct fmt_chunk *chunks;
    uint32_t nchunks, capchunks;
    uint32_t cur_start;
    uint32_t loc_off; /* where the part starts in src */
};

void fmt_b_init(struct fmt_builder *b, struct arena *a, const struct source *src, uint32_t loc_off);
/* Appends bytes copied one for one from src at src_off (linear), or generated
 * text reported at src_off (linear = false). */
void fmt_b_add(struct fmt_builder *b, const char *s, size_t n, uint32_t src_off, bool linear);
void fmt_b_adds(struct fmt_builder *b, const char *s, uint32_t src_off);
void fmt_b_begin(struct fmt_builder *b);
/* Ends the statement(s) begun by fmt_b_begin: appends ";\n\n". */
void fmt_b_end(struct fmt_builder *b, uint32_t flags, bool split);
/* Makes the part (present) from what was built and frees the builder. */
void fmt_b_finish(struct fmt_builder *b, struct part *p);
void fmt_b_release(struct fmt_builder *b);

/* A revision whose up statements all run outside its transaction (an Alembic
 * autocommit block around everything) is tx off: the per-statement no-tx
 * flags are then dropped from both parts. */
void fmt_settle_tx(struct revision *r);

/* Numeric comparison of two digit strings (leading zeros ignored). */
int fmt_numcmp(const char *a, const char *b);
/* A chain id from arbitrary text: characters outside [A-Za-z0-9_.] become '_',
 * at most CHAIN_ID_MAX bytes. */
char *fmt_sanitize_id(struct arena *a, const char *raw);
/* Adds a parent id to a revision. */
void fmt_add_parent(struct arena *a, struct revision *r, const char *id);
/* Links revs[0..n) into a line: each one's parent is the previous one. */
void fmt_link_linear(struct arena *a, struct revision **revs, uint32_t n);
/* Does the text (e.g. a statement) start with these words, case-insensitively,
 * separated by any whitespace/comments? words is space separated. */
bool fmt_starts_with_words(const char *text, uint32_t len, const char *words);

/* Flyway's configuration of a chain (flyway_conf.c): the settings that
 * change what Flyway runs, with Flyway's defaults. */
struct fw_placeholder {
    const char *name, *value;
};

struct fw_config {
    const char *files;          /* the files read, ", "-separated; NULL if none */
    const char *default_schema; /* NULL: the connection's (public) */
    const char **schemas;       /* flyway.schemas, NULL-terminated */
    uint32_t nschemas;
    const char *table;           /* the schema history table */
    const char *prefix, *suffix; /* placeholder delimiters */
    bool replace;                /* placeholderReplacement */
    bool create_schemas;
    struct fw_placeholder *ph; /* flyway.placeholders.<name> */
    uint32_t nph, capph;
    const char *v_prefix, *u_prefix, *r_prefix, *separator; /* file names */
    const char **suffixes;
    uint32_t nsuffixes;
};

void fmt_flyway_config_init(struct fw_config *cfg);
/* Reads conf_file, or else the flyway.conf / flyway.toml files found at or
 * above dir (see docs/formats.md), into cfg. Returns 0, or -1 with an input
 * error when a named file cannot be read. */
int fmt_flyway_config(struct chain *c, const char *dir, const char *conf_file,
                      struct fw_config *cfg, struct diag_list *d);

/* The readers (one file each). Each returns 0, or -1 when the chain could not
 * be read at all (an input error diagnostic says why). */
int fmt_read_golang_migrate(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_goose(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_dbmate(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_flyway(struct chain *c, const char *dir, const char *conf_file, struct diag_list *d);
int fmt_read_diesel(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_sqitch(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_alembic(struct chain *c, const char *dir, struct diag_list *d);
int fmt_read_alembic_sql(struct chain *c, const char *dir, struct diag_list *d);

#endif
