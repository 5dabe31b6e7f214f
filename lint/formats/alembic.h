/*
 * alembic.h - internals shared by the Alembic static reader (alembic.c: files,
 * revision graph, upgrade()/downgrade() bodies) and its translator of
 * operations into SQL (alembic_ops.c: op.*, SQLAlchemy's PostgreSQL DDL,
 * alembic_utils entities). Not used outside lint/formats/.
 */
#ifndef AIRLOCK_FORMATS_ALEMBIC_H
#define AIRLOCK_FORMATS_ALEMBIC_H

#include "lint/formats/fmt.h"
#include "lint/formats/pyparse.h"
#include "lint/hashmap.h"

/* Translation state for one upgrade() or downgrade() body. */
struct alb_ctx {
    struct arena *a;
    const struct source *src;
    struct diag_list *d;
    struct revision *r;
    struct fmt_builder *b;
    struct hashmap *locals; /* name -> const struct py_node * (assigned values) */
    struct hashmap *module;
    struct hashmap *binds;            /* names bound to op.get_bind() */
    struct hashmap *imports;          /* local name -> canonical ("create_table" ->
                                       * "op.create_table", "f" -> "func") */
    uint32_t flags;                   /* STMT_NO_TX inside an autocommit_block() */
    const char *batch_var;            /* "batch_op" inside a batch_alter_table() block */
    const struct py_node *batch_call; /* the op.batch_alter_table(...) call */
    const struct py_tokens *toks;     /* the revision file's tokens */
    struct hashmap *funcs;            /* module-level `def f():` without parameters:
                                       * name -> struct alb_func */
    int depth;                        /* helper calls being followed */
};

/* A module-level function without parameters: its body's tokens. */
struct alb_func {
    uint32_t body, body_end;
};

/* Translates a call made as a statement (op.create_table(...), ...). Returns
 * true when it was turned into SQL (or is known to emit none); false with
 * *why set when it cannot be translated statically. */
bool alb_call(struct alb_ctx *x, const struct py_node *call, const char **why);

/* Resolves a plain name to the value assigned to it (locals, then module). */
const struct py_node *alb_resolve(const struct alb_ctx *x, const struct py_node *n);
/* A dotted name with its first component replaced through the module's
 * imports ("create_table" -> "op.create_table", "f.now" -> "func.now"). */
const char *alb_canon(const struct alb_ctx *x, const char *name);
/* Evaluates a string expression: literals, implicit/explicit concatenation,
 * names assigned to strings. False when not a literal. */
bool alb_str(const struct alb_ctx *x, const struct py_node *n, struct py_str *out);

/* The expression `helper()` evaluates to, when helper is a module-level
 * function without parameters whose body is only `return <expr>` (after an
 * optional docstring); NULL otherwise. */
const struct py_node *alb_helper_result(const struct alb_ctx *x, const struct py_node *call);

/* Emits a not-analyzed placeholder statement and warning for code at [off, end). */
void alb_not_analyzed(struct alb_ctx *x, uint32_t off, uint32_t end, const char *why);

#endif
