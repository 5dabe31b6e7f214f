/*
 * alembic.c - placeholder while the static reader is written.
 */
#include "lint/formats/fmt.h"

int fmt_read_alembic(struct chain *c, const char *dir, struct diag_list *d)
{
    (void)c;
    (void)dir;
    (void)d;
    return -1;
}
