/*
 * pyparse.h - just enough Python for reading Alembic revision files without
 * running them: a tokenizer (all string prefixes, triple quotes, implicit
 * concatenation, comments, brackets, line continuations, INDENT/DEDENT) and
 * a parser of literal expressions (strings, numbers, names, calls, tuples,
 * lists, dicts) and of the statement structure of a module. String values
 * keep a map back to the file so SQL found in them is located exactly.
 */
#ifndef AIRLOCK_FORMATS_PYPARSE_H
#define AIRLOCK_FORMATS_PYPARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/arena.h"
#include "lint/source.h"

enum py_tok { PT_END, PT_NAME, PT_NUMBER, PT_STRING, PT_OP, PT_NEWLINE, PT_INDENT, PT_DEDENT };

/* A string value and where each of its bytes came from (text_off is the
 * offset in the value, src_off in the file). */
struct py_str {
    char *s;
    uint32_t len;
    struct srcmap *map;
    uint32_t nmap;
    bool fstring; /* has replacement fields: not a literal */
    bool bytes;
};

struct py_token {
    enum py_tok kind;
    uint32_t off, len; /* in the file */
    struct py_str str; /* PT_STRING */
};

struct py_tokens {
    struct py_token *v;
    uint32_t n;
    bool error;         /* tokenizing stopped early */
    uint32_t error_off; /* where */
    const char *error_msg;
};

/* Tokenizes a whole file. Never fails: on malformed input it stops with
 * error set and a final NEWLINE/DEDENTs/END so the parser terminates. */
void py_tokenize(struct arena *a, const struct source *src, struct py_tokens *out);

enum py_node_kind {
    PN_OTHER, /* anything not understood (operators, comprehensions, ...) */
    PN_STR,
    PN_NUM,
    PN_NAME, /* a name or dotted name: text in .name */
    PN_ATTR, /* base.name where base is not a plain name */
    PN_CALL,
    PN_TUPLE,
    PN_LIST,
    PN_DICT, /* items: key, value, key, value, ... */
    PN_TRUE,
    PN_FALSE,
    PN_NONE,
    PN_BINOP, /* left op right: items[0], items[1], name = operator */
    PN_NEG,   /* -x: items[0] */
};

struct py_node {
    enum py_node_kind kind;
    uint32_t off, end;      /* span in the file */
    const char *name;       /* PN_NAME, PN_ATTR (attribute), PN_NUM (text), PN_BINOP (op) */
    struct py_str str;      /* PN_STR */
    struct py_node *base;   /* PN_ATTR base, PN_CALL function */
    struct py_node **items; /* positional args, elements, dict keys/values */
    uint32_t nitems;
    const char **kwnames;
    struct py_node **kwvals;
    uint32_t nkw;
    bool star; /* *args / **kwargs present */
    /* PN_CALL: the `*x` arguments (not in items), each inserted before
     * items[star_at[i]]; dstar when a `**x` is present */
    struct py_node **stars;
    uint32_t *star_at;
    uint32_t nstars;
    bool dstar;
};

/* A parser position over a token array. */
struct py_parser {
    struct arena *a;
    const struct source *src;
    const struct py_token *t;
    uint32_t n, i;
};

/* Parses one expression at p->i (stops before ',', ')', ']', '}', ':', '=',
 * NEWLINE at bracket depth 0). Never returns NULL. */
struct py_node *py_parse_expr(struct py_parser *p);

/* Statement structure: a simple statement spans tokens [start, end) (without
 * its NEWLINE); a compound statement has a header [start, colon) and a body
 * [body, body_end) that is either an indented block (INDENT..DEDENT, both
 * excluded) or the simple statements after the colon. */
struct py_stmt {
    uint32_t start, end;
    bool compound;
    uint32_t colon, body, body_end;
};

/* Reads the statement at p->i and advances past it; false at END / DEDENT. */
bool py_next_stmt(struct py_parser *p, struct py_stmt *s);

/* Accessors */
const struct py_node *py_kwarg(const struct py_node *call, const char *name);
/* Positional argument i, or keyword name when not given positionally. */
const struct py_node *py_arg(const struct py_node *call, uint32_t i, const char *name);
/* The last component of a dotted name ("sa.Column" -> "Column"), or NULL. */
const char *py_last_name(const struct py_node *n);
/* Is n a call whose function is a dotted name ending in fn ("create_table")
 * with the given prefix object ("op")? prefix NULL: any. */
bool py_is_call(const struct py_node *n, const char *prefix, const char *fn);
/* Token text as a NUL-terminated arena copy. */
char *py_tok_text(struct arena *a, const struct source *src, const struct py_token *t);

#endif
