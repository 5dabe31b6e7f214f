/*
 * sim_env.h - what the simulator's unit tests (test_simulate.c,
 * test_sim_data.c) share: a fresh catalog with a simulator over it, and the
 * SQLSTATE the last statement of some SQL would raise. Included after
 * <cmocka.h>.
 */
#ifndef AIRLOCK_TESTS_SIM_ENV_H
#define AIRLOCK_TESTS_SIM_ENV_H

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/simulate.h"

struct env {
    struct arena *a;
    struct catalog *c;
    struct sim *s;
    struct diag_list d;
};

static inline struct env *env_new(void)
{
    static struct env e;
    e.a = arena_new();
    e.c = catalog_new(e.a);
    e.s = sim_new(e.a, e.c, NULL);
    diag_list_init(&e.d, e.a);
    return &e;
}

static inline void env_free(struct env *e)
{
    catalog_free(e->c);
    arena_free(e->a);
}

/* The SQLSTATE of the last statement of sql ("" when it succeeds); every
 * statement is simulated in autocommit. */
static inline const char *env_state(struct env *e, const char *sql)
{
    const struct effect *ef = NULL;
    sim_sql(e->s, sql, &e->d, &ef);
    return ef && ef->sqlstate ? ef->sqlstate : "";
}

#endif
