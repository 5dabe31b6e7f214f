/*
 * rules.c - the rule engine. Walks the chain's revisions in topological
 * order and, for each part, each statement: tracks the transaction it runs in,
 * the settings in force (lock_timeout, statement_timeout, search_path,
 * timezone) and the objects created so far in the revision, runs every
 * enabled rule, filters findings through ignore comments (airlock's and
 * squawk's), and reports ignores that suppressed nothing.
 *
 * All state lives in the diag list's arena; the walk is linear in the size of
 * the chain (hash maps for object lookups).
 */
#include "lint/rule.h"
#include "lint/arena.h"
#include "lint/hashmap.h"
#include "lint/load.h"
#include "lint/rule_roundtrip.h"
#include "lint/strbuf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- registry and settings ---- */

const struct rule *rule_find(const char *id)
{
    int i = rule_index(id);
    return i < 0 ? NULL : rule_registry[i];
}

int rule_index(const char *id)
{
    for (uint32_t i = 0; i < rule_registry_count; i++)
        if (strcmp(rule_registry[i]->id, id) == 0)
            return (int)i;
    return -1;
}

/* Whether comma-separated list contains name exactly. */
static bool list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && strncmp(p, name, n) == 0)
            return true;
        p = e;
    }
    return false;
}

const struct rule *rule_find_squawk(const char *squawk_name, uint32_t *iter)
{
    for (; *iter < rule_registry_count; (*iter)++) {
        const struct rule *r = rule_registry[*iter];
        if (r->squawk && list_has(r->squawk, squawk_name)) {
            (*iter)++;
            return r;
        }
    }
    return NULL;
}

const char *rule_group_name(enum rule_group g)
{
    switch (g) {
    case RG_LOCKING:
        return "locking";
    case RG_COMPAT:
        return "compatibility";
    case RG_DATA_LOSS:
        return "data-loss";
    case RG_TYPES:
        return "types";
    case RG_ROBUSTNESS:
        return "robustness";
    case RG_OBJECTS:
        return "objects";
    case RG_CHAIN:
        return "chain";
    }
    return "";
}

void rule_settings_init(struct rule_settings *s, struct arena *a)
{
    memset(s, 0, sizeof *s);
    s->pg_version = 15;
    s->enabled = arena_alloc(a, rule_registry_count + 1);
    s->sev = arena_alloc(a, sizeof(enum severity) * (rule_registry_count + 1));
    for (uint32_t i = 0; i < rule_registry_count; i++) {
        s->enabled[i] = -1;
        s->sev[i] = rule_registry[i]->sev;
    }
}

static int parse_severity(const char *v, int *on, enum severity *sev)
{
    if (strcmp(v, "off") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0) {
        *on = 0;
        return 0;
    }
    *on = 1;
    if (strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
        return 1; /* keep severity */
    if (strcmp(v, "error") == 0)
        *sev = SEV_ERROR;
    else if (strcmp(v, "warning") == 0)
        *sev = SEV_WARNING;
    else if (strcmp(v, "info") == 0)
        *sev = SEV_INFO;
    else
        return -1;
    return 0;
}

int rule_settings_set(struct rule_settings *s, const char *id, const char *value, struct err *e)
{
    int on = 1;
    enum severity sev = SEV_WARNING;
    int k = parse_severity(value, &on, &sev);
    if (k < 0)
        return err_set(
            e, 1, "invalid setting '%s' for rule %s (expected off, on, info, warning or error)",
            value, id);
    bool all = strcmp(id, "all") == 0;
    int idx = all ? 0 : rule_index(id);
    if (idx < 0)
        return err_set(e, 1, "unknown rule '%s' (see `airlock rules`)", id);
    for (uint32_t i = (uint32_t)idx; i < rule_registry_count; i++) {
        s->enabled[i] = (int8_t)on;
        if (on && k == 0)
            s->sev[i] = sev;
        if (!all)
            break;
    }
    return 0;
}

int rule_settings_apply(struct rule_settings *s, const char *list, struct err *e)
{
    char item[128];
    for (const char *p = list; *p;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ',' && !isspace((unsigned char)*q))
            q++;
        size_t n = (size_t)(q - p);
        if (n >= sizeof item)
            return err_set(e, 1, "rule list item too long");
        memcpy(item, p, n);
        item[n] = 0;
        p = q;
        const char *value = "on";
        char *id = item;
        char *eq = strchr(item, '=');
        if (eq) {
            *eq = 0;
            value = eq + 1;
        } else if (item[0] == '-' || item[0] == '!') {
            id = item + 1;
            value = "off";
        }
        if (strcmp(id, "none") == 0) {
            id = "all";
            value = "off";
        }
        if (rule_settings_set(s, id, value, e) < 0)
            return -1;
    }
    return 0;
}

bool rule_enabled(const struct rule_settings *s, uint32_t idx)
{
    if (s && s->enabled && s->enabled[idx] >= 0)
        return s->enabled[idx] != 0;
    return !(rule_registry[idx]->flags & RULE_OFF_BY_DEFAULT);
}

enum severity rule_severity(const struct rule_settings *s, uint32_t idx)
{
    return s && s->sev ? s->sev[idx] : rule_registry[idx]->sev;
}

/* ---- engine state ---- */

struct ign {
    struct loc loc;
    const char **names; /* rule ids, or squawk names when squawk */
    uint32_t nnames;
    bool *used; /* per name */
    bool squawk, file_wide, all;
    enum part_kind part;
    int32_t stmt;
    struct ignore *orig; /* the reader's record, to set used */
};

struct obj_mark {
    uint32_t rev_order;
    enum part_kind part;
    uint32_t txid;
};

struct rule_engine {
    struct arena *a;
    struct chain *chain;
    const struct rule_settings *set;
    struct diag_list *d;
    struct hashmap objs;        /* "r:public.t", "c:public.t.col", ... -> obj_mark */
    struct hashmap seen;        /* relations created or dropped so far in the chain (qualified) */
    struct hashmap chain_names; /* bare names of everything the chain creates, anywhere */
    const char *search_schema;
    /* where we are */
    const struct revision *rev;
    enum part_kind part;
    bool report; /* findings in this revision are reported (--since) */
    /* transactions */
    bool in_tx, tx_explicit;
    uint32_t txid;
    struct rule_stmt_info *tx_stmts;
    uint32_t ntx, captx;
    /* settings in force: session (this part) and SET LOCAL (this transaction) */
    const char *sess[3], *local[3];
    const struct stmt *tx_begin_stmt;
    /* ignores of the current revision */
    struct ign *igns;
    uint32_t nigns, capigns;
    uint32_t *nrep;           /* findings per rule in the current part */
    uint32_t stmt_diag_start; /* first diagnostic of the current statement */
    bool chain_has_down;
    /* the simulator (NULL when unavailable or disabled) */
    struct catalog *cat;
    struct sim *sim;
    bool part_failed;           /* a statement of the current part was rejected */
    struct rt *rt;              /* objects the revision touches, for the round trip; NULL: off */
    const char *roundtrip_diff; /* set before the end-of-part rules of a down part */
};

enum { SET_LOCK_TIMEOUT, SET_STATEMENT_TIMEOUT, SET_TIMEZONE };
static const char *const setting_names[] = {"lock_timeout", "statement_timeout", "timezone"};

/* ---- names and new objects ---- */

const char *rule_qualify(struct rule_ctx *c, const PgQuery__RangeVar *rv)
{
    if (!rv)
        return "";
    if (rv->schemaname && rv->schemaname[0])
        return arena_printf(c->eng->a, "%s.%s", rv->schemaname, rv->relname);
    return arena_printf(c->eng->a, "%s.%s", c->eng->search_schema, rv->relname);
}

const char *rule_qualify_list(struct rule_ctx *c, PgQuery__Node **names, size_t n)
{
    if (n == 0)
        return "";
    const char *last = node_str(names[n - 1]);
    const char *schema = n >= 2 ? node_str(names[n - 2]) : c->eng->search_schema;
    return arena_printf(c->eng->a, "%s.%s", schema ? schema : "", last ? last : "");
}

static const char *objkey(struct rule_engine *e, const char *kind, const char *name)
{
    return arena_printf(e->a, "%s:%s", kind, name);
}

static void mark_new(struct rule_engine *e, const char *kind, const char *name)
{
    if (strcmp(kind, "r") == 0)
        hashmap_put(&e->seen, arena_strdup(e->a, name), (void *)1);
    struct obj_mark *m = arena_alloc(e->a, sizeof *m);
    m->rev_order = e->rev->order;
    m->part = e->part;
    m->txid = e->in_tx ? e->txid : 0;
    hashmap_put(&e->objs, objkey(e, kind, name), m);
}

static void unmark(struct rule_engine *e, const char *kind, const char *name)
{
    if (strcmp(kind, "r") == 0)
        hashmap_put(&e->seen, arena_strdup(e->a, name), (void *)1);
    hashmap_del(&e->objs, objkey(e, kind, name));
}

static bool is_new(struct rule_engine *e, const char *kind, const char *name, bool *same_tx)
{
    if (same_tx)
        *same_tx = false;
    const struct obj_mark *m = hashmap_get(&e->objs, objkey(e, kind, name));
    if (!m)
        return false;
    bool tx = e->in_tx && m->txid && m->txid == e->txid;
    if (same_tx)
        *same_tx = tx;
    /* The down part counts too: what the up part created is only as old as
     * the revision, and rolling it back touches nothing production relied on. */
    return tx || m->rev_order == e->rev->order;
}

bool rule_rel_is_new(struct rule_ctx *c, const char *qualname, bool *same_tx)
{
    return is_new(c->eng, "r", qualname, same_tx);
}

bool rule_rv_is_new(struct rule_ctx *c, const PgQuery__RangeVar *rv)
{
    return rv && rule_rel_is_new(c, rule_qualify(c, rv), NULL);
}

bool rule_col_is_new(struct rule_ctx *c, const char *qualrel, const char *col)
{
    if (rule_rel_is_new(c, qualrel, NULL))
        return true;
    return is_new(c->eng, "c", arena_printf(c->eng->a, "%s.%s", qualrel, col), NULL);
}

bool rule_obj_is_new(struct rule_ctx *c, const char *kind, const char *qualname)
{
    return is_new(c->eng, kind, qualname, NULL);
}

const struct cat_rel *rule_find_rel(struct rule_ctx *c, const PgQuery__RangeVar *rv)
{
    if (!c->cat || !rv || !rv->relname)
        return NULL;
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    return catalog_find_rel(c->cat, schema, rv->relname);
}

const struct cat_rel *rule_find_rel_list(struct rule_ctx *c, PgQuery__Node **names, size_t n)
{
    if (!c->cat || n == 0)
        return NULL;
    const char *name = node_str(names[n - 1]);
    const char *schema = n >= 2 ? node_str(names[n - 2]) : NULL;
    return name ? catalog_find_rel(c->cat, schema, name) : NULL;
}

const struct cat_column *rule_find_col(const struct cat_rel *r, const char *name)
{
    return r && name ? catalog_find_column(r, name) : NULL;
}

bool rule_rel_absent(struct rule_ctx *c, const char *qualname, const struct cat_rel *found)
{
    if (!c->cat || found)
        return false;
    /* Not in the catalog. If the chain created or dropped it before, it is
     * gone for sure. Otherwise it predates the chain (a history that starts
     * after its baseline, objects created by another tool or by hand; a
     * DROP ... IF EXISTS of a legacy object is the typical case): assume it
     * exists. */
    return hashmap_get(&c->eng->seen, qualname) != NULL;
}

bool rule_rv_existing(struct rule_ctx *c, const PgQuery__RangeVar *rv)
{
    if (!rv || rule_rv_is_new(c, rv))
        return false;
    return !rule_rel_absent(c, rule_qualify(c, rv), rule_find_rel(c, rv));
}

bool rule_missing_predates(struct rule_ctx *c, const char *sqlstate, const char *msg)
{
    return rules_missing_predates(c->eng->a, &c->eng->chain_names, sqlstate, msg);
}

static void add_chain_name(struct hashmap *e, const char *name)
{
    if (name && *name)
        hashmap_put(e, name, (void *)1);
}

/* Bare names of what a statement creates (or renames something to). */
static void collect_stmt_names(struct hashmap *e, const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        add_chain_name(e, n->create_stmt->relation->relname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        if (n->create_table_as_stmt->into && n->create_table_as_stmt->into->rel)
            add_chain_name(e, n->create_table_as_stmt->into->rel->relname);
        break;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        add_chain_name(e, n->view_stmt->view->relname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        add_chain_name(e, n->create_seq_stmt->sequence->relname);
        break;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        add_chain_name(e, n->index_stmt->idxname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        add_chain_name(e, node_last_str(n->create_function_stmt->funcname,
                                        n->create_function_stmt->n_funcname));
        break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        add_chain_name(
            e, node_last_str(n->create_enum_stmt->type_name, n->create_enum_stmt->n_type_name));
        break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        add_chain_name(e, node_last_str(n->create_domain_stmt->domainname,
                                        n->create_domain_stmt->n_domainname));
        break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        add_chain_name(e, n->composite_type_stmt->typevar->relname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        add_chain_name(e, n->create_schema_stmt->schemaname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        add_chain_name(e, n->create_extension_stmt->extname);
        break;
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
        /* roles are the cluster's: kept apart, so that a schema named like
         * the role that owns it does not make the role look created */
        if (n->create_role_stmt->role)
            hashmap_put(e, arena_printf(e->arena, "role:%s", n->create_role_stmt->role),
                        (void *)1);
        break;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        add_chain_name(e, n->rename_stmt->newname);
        break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
            const PgQuery__Node *cn = n->alter_table_stmt->cmds[i];
            if (cn->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD && cn->alter_table_cmd->def &&
                cn->alter_table_cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
                add_chain_name(e, cn->alter_table_cmd->def->column_def->colname);
        }
        break;
    default:
        break;
    }
}

void rules_chain_names(const struct chain *ch, struct hashmap *out)
{
    for (uint32_t i = 0; i < ch->nrevs; i++) {
        const struct part *parts[2] = {&ch->revs[i]->up, &ch->revs[i]->down};
        for (int k = 0; k < 2; k++)
            for (uint32_t j = 0; j < parts[k]->nstmts; j++)
                if (parts[k]->stmts[j].node)
                    collect_stmt_names(out, parts[k]->stmts[j].node);
    }
}

/* SQLSTATEs of "X does not exist". */
static bool undefined_object(const char *sqlstate)
{
    static const char *const codes[] = {"42P01", "42704", "3F000", "42883", "42P02", "42602"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(sqlstate, codes[i]) == 0)
            return true;
    return false;
}

bool rules_missing_predates(struct arena *a, const struct hashmap *names, const char *sqlstate,
                            const char *msg)
{
    if (!sqlstate || !undefined_object(sqlstate))
        return false;
    /* 42704 is also "unrecognized configuration parameter", which no earlier
     * history makes known; and a role named pg_... is the server's own (the
     * names are reserved), never one created before the chain */
    if (!msg || !strstr(msg, "does not exist") || strncmp(msg, "role \"pg_", 9) == 0)
        return false;
    /* the object the message names: its first double-quoted word, without
     * schema or argument list */
    const char *q = msg ? strchr(msg, '"') : NULL;
    const char *end = q ? strchr(q + 1, '"') : NULL;
    if (!end)
        return false;
    const char *name = arena_printf(a, "%.*s", (int)(end - q - 1), q + 1);
    if (strncmp(msg, "role \"", 6) == 0)
        return hashmap_get(names, arena_printf(a, "role:%s", name)) == NULL;
    /* a constraint, trigger, policy or rule of a table (or domain) the chain
     * creates: the chain defined that object completely, so what it lacks
     * does not predate the chain */
    static const char *const owners[] = {"\" of relation \"", "\" for table \"",
                                         "\" for relation \"", "\" of domain \""};
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++) {
        const char *o = strstr(end, owners[i]);
        const char *oend = o ? strchr(o + strlen(owners[i]), '"') : NULL;
        if (o != end || !oend)
            continue;
        const char *owner = o + strlen(owners[i]);
        owner = arena_printf(a, "%.*s", (int)(oend - owner), owner);
        const char *odot = strrchr(owner, '.');
        if (hashmap_get(names, odot ? odot + 1 : owner) != NULL)
            return false;
    }
    const char *dot = strrchr(name, '.');
    const char *paren = strchr(name, '(');
    if (paren) /* function(args) */
        name = arena_printf(a, "%.*s", (int)(paren - name), name);
    if (dot && (!paren || dot < paren))
        name = dot + 1;
    return hashmap_get(names, name) == NULL;
}

/* Records what n creates, renames or drops, so later statements of the same
 * revision or transaction know those objects are new. */
static void track_objects(struct rule_ctx *c, const PgQuery__Node *n)
{
    struct rule_engine *e = c->eng;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: {
        const PgQuery__CreateStmt *s = n->create_stmt;
        const char *rel = rule_qualify(c, s->relation);
        if (s->if_not_exists && hashmap_get(&e->objs, objkey(e, "r", rel)) == NULL) {
            /* IF NOT EXISTS on a table that may exist: it is not known to be new */
        }
        mark_new(e, "r", rel);
        for (size_t i = 0; i < s->n_table_elts; i++)
            if (s->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
                mark_new(e, "c",
                         arena_printf(e->a, "%s.%s", rel, s->table_elts[i]->column_def->colname));
        break;
    }
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        if (n->create_table_as_stmt->into)
            mark_new(e, "r", rule_qualify(c, n->create_table_as_stmt->into->rel));
        break;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        if (!n->view_stmt->replace)
            mark_new(e, "r", rule_qualify(c, n->view_stmt->view));
        break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        mark_new(e, "r", rule_qualify(c, n->create_seq_stmt->sequence));
        break;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        if (n->index_stmt->idxname && n->index_stmt->idxname[0]) {
            const char *schema = n->index_stmt->relation->schemaname;
            mark_new(e, "r",
                     arena_printf(e->a, "%s.%s", schema && *schema ? schema : e->search_schema,
                                  n->index_stmt->idxname));
        }
        break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        if (!n->create_function_stmt->replace)
            mark_new(e, "f",
                     rule_qualify_list(c, n->create_function_stmt->funcname,
                                       n->create_function_stmt->n_funcname));
        break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        mark_new(
            e, "t",
            rule_qualify_list(c, n->create_enum_stmt->type_name, n->create_enum_stmt->n_type_name));
        break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        mark_new(e, "t",
                 rule_qualify_list(c, n->create_domain_stmt->domainname,
                                   n->create_domain_stmt->n_domainname));
        break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        mark_new(e, "t", rule_qualify(c, n->composite_type_stmt->typevar));
        break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        mark_new(e, "s", n->create_schema_stmt->schemaname);
        break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *s = n->alter_table_stmt;
        const char *rel = rule_qualify(c, s->relation);
        for (size_t i = 0; i < s->n_cmds; i++) {
            if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                continue;
            const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
            if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
                 cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) &&
                cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
                mark_new(e, "c", arena_printf(e->a, "%s.%s", rel, cmd->def->column_def->colname));
            if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint ||
                 cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse) &&
                cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                cmd->def->constraint->conname && cmd->def->constraint->conname[0])
                mark_new(e, "k", arena_printf(e->a, "%s.%s", rel, cmd->def->constraint->conname));
        }
        break;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        const PgQuery__RenameStmt *r = n->rename_stmt;
        if (r->relation && (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
                            r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ||
                            r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
                            r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
                            r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)) {
            const char *old = rule_qualify(c, r->relation);
            if (is_new(e, "r", old, NULL)) {
                const char *schema = r->relation->schemaname;
                mark_new(e, "r",
                         arena_printf(e->a, "%s.%s", schema && *schema ? schema : e->search_schema,
                                      r->newname));
            }
        } else if (r->relation && r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
            const char *rel = rule_qualify(c, r->relation);
            if (rule_col_is_new(c, rel, r->subname))
                mark_new(e, "c", arena_printf(e->a, "%s.%s", rel, r->newname));
        }
        break;
    }
    case PG_QUERY__NODE__NODE_DROP_STMT: {
        const PgQuery__DropStmt *d = n->drop_stmt;
        const char *kind = NULL;
        switch (d->remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
            kind = "r";
            break;
        default:
            break;
        }
        for (size_t i = 0; kind && i < d->n_objects; i++)
            if (d->objects[i]->node_case == PG_QUERY__NODE__NODE_LIST)
                unmark(
                    e, kind,
                    rule_qualify_list(c, d->objects[i]->list->items, d->objects[i]->list->n_items));
        break;
    }
    default:
        break;
    }
}

/* ---- settings and transactions ---- */

static const char *const_value(const PgQuery__Node *n, struct arena *a)
{
    if (!n)
        return NULL;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
        const PgQuery__AConst *k = n->a_const;
        if (k->val_case == PG_QUERY__A__CONST__VAL_SVAL && k->sval)
            return k->sval->sval;
        if (k->val_case == PG_QUERY__A__CONST__VAL_IVAL && k->ival)
            return arena_printf(a, "%d", k->ival->ival);
        if (k->val_case == PG_QUERY__A__CONST__VAL_FVAL && k->fval)
            return k->fval->fval;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        return const_value(n->type_cast->arg, a);
    return NULL;
}

/* "0" (or "0ms", ...) disables a timeout. */
static bool is_zero(const char *v)
{
    if (!v)
        return true;
    while (*v == ' ')
        v++;
    if (*v != '0')
        return false;
    while (*v == '0')
        v++;
    return *v == 0 || isalpha((unsigned char)*v);
}

static void set_setting(struct rule_engine *e, int which, const char *value, bool local)
{
    if (which == SET_LOCK_TIMEOUT || which == SET_STATEMENT_TIMEOUT)
        if (is_zero(value))
            value = NULL;
    if (local) {
        if (e->in_tx) /* SET LOCAL outside a transaction block has no effect */
            e->local[which] = value;
    } else {
        e->sess[which] = value;
        e->local[which] = NULL;
    }
}

static int setting_index(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(setting_names[i], name) == 0)
            return i;
    if (strcmp(name, "time zone") == 0)
        return SET_TIMEZONE;
    return -1;
}

static void track_set(struct rule_engine *e, const PgQuery__VariableSetStmt *v)
{
    if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
        for (int i = 0; i < 3; i++)
            set_setting(e, i, NULL, false);
        e->search_schema = "public";
        return;
    }
    if (!v->name)
        return;
    if (strcmp(v->name, "search_path") == 0) {
        const char *first = v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && v->n_args
                                ? const_value(v->args[0], e->a)
                                : NULL;
        /* "$user" resolves to a schema named after the role, which rarely exists */
        if (first && strcmp(first, "$user") == 0 && v->n_args > 1)
            first = const_value(v->args[1], e->a);
        e->search_schema = first && *first ? arena_strdup(e->a, first) : "public";
        return;
    }
    int which = setting_index(v->name);
    if (which < 0)
        return;
    const char *value = NULL;
    if (v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && v->n_args)
        value = const_value(v->args[0], e->a);
    if (which == SET_TIMEZONE && v->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && !value)
        value = "?";
    set_setting(e, which, value, v->is_local);
}

/* SELECT set_config('lock_timeout', '2s', is_local) */
static bool find_set_config(const PgQuery__Node *n, void *arg)
{
    struct rule_engine *e = arg;
    if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return true;
    const PgQuery__FuncCall *f = n->func_call;
    const char *fname = node_last_str(f->funcname, f->n_funcname);
    if (!fname || strcmp(fname, "set_config") != 0 || f->n_args != 3)
        return true;
    const char *name = const_value(f->args[0], e->a);
    const char *value = const_value(f->args[1], e->a);
    const PgQuery__Node *loc = f->args[2];
    bool local = loc->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                 loc->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL &&
                 loc->a_const->boolval && loc->a_const->boolval->boolval;
    int which = name ? setting_index(name) : -1;
    if (which >= 0)
        set_setting(e, which, value, local);
    return true;
}

static void tx_begin(struct rule_engine *e, bool explicit_)
{
    e->in_tx = true;
    e->tx_explicit = explicit_;
    e->txid++;
    e->ntx = 0;
    memset(e->local, 0, sizeof e->local);
}

static void tx_end(struct rule_engine *e)
{
    e->tx_begin_stmt = NULL;
    e->in_tx = false;
    e->tx_explicit = false;
    e->ntx = 0;
    memset(e->local, 0, sizeof e->local);
}

/* The format sends a revision as one multi-statement simple query, whose
 * implicit transaction block a BEGIN in it takes over (golang-migrate). */
static bool implicit_block(const struct rule_engine *e)
{
    return e->chain->format && strcmp(e->chain->format, "golang-migrate") == 0;
}

bool rule_tx_implicit_block(const struct rule_ctx *c)
{
    return implicit_block(c->eng);
}

static void track_tx(struct rule_engine *e, const PgQuery__TransactionStmt *t, const struct stmt *s)
{
    switch (t->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        if (!e->in_tx) { /* BEGIN inside a transaction is a no-op with a WARNING */
            tx_begin(e, true);
            e->tx_begin_stmt = s;
        } else if (!e->tx_explicit && implicit_block(e)) {
            /* BEGIN in a multi-statement query turns its implicit block
             * into an explicit transaction, silently */
            e->tx_explicit = true;
            e->tx_begin_stmt = s;
        }
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
        tx_end(e);
        if (t->chain)
            tx_begin(e, true);
        break;
    default:
        break;
    }
}

/* ---- ignores ---- */

static void add_ign(struct rule_engine *e, struct ign *g)
{
    if (e->nigns == e->capigns) {
        uint32_t cap = e->capigns ? e->capigns * 2 : 8;
        e->igns = arena_grow(e->a, e->igns, e->capigns, cap, sizeof *e->igns);
        e->capigns = cap;
    }
    g->used = arena_alloc(e->a, sizeof(bool) * (g->nnames + 1));
    e->igns[e->nigns++] = *g;
}

/* Index of the statement an ignore at text offset off applies to: the first
 * statement not ending before it (a comment inside or before a statement). */
static int32_t stmt_at(const struct part *p, uint32_t off)
{
    uint32_t lo = 0, hi = p->nstmts;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->stmts[mid].off + p->stmts[mid].len < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nstmts ? (int32_t)lo : -1;
}

static bool same_place(const struct loc *a, const struct loc *b)
{
    return a->src == b->src && a->line == b->line;
}

/* Splits "a, b c" into names (arena copies). */
static uint32_t split_names(struct arena *a, const char *p, const char *end, const char ***out)
{
    uint32_t n = 0, cap = 0;
    const char **v = NULL;
    while (p < end) {
        while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
            p++;
        const char *q = p;
        while (q < end && *q != ',' && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
            q++;
        if (q > p) {
            if (n == cap) {
                uint32_t nc = cap ? cap * 2 : 4;
                v = arena_grow(a, v, cap, nc, sizeof *v);
                cap = nc;
            }
            v[n++] = arena_strndup(a, p, (size_t)(q - p));
        }
        p = q;
        if (q < end && (*q == '\r' || *q == '\n'))
            break;
    }
    *out = v;
    return n;
}

/* One comment's text [p, end): an airlock or squawk ignore directive? */
static void comment_directive(struct rule_engine *e, const struct part *pt, enum part_kind pk,
                              uint32_t off, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    static const struct {
        const char *word;
        bool squawk, file;
    } kinds[] = {
        {"airlock:ignore-file", false, true},
        {"airlock:ignore", false, false},
        {"squawk-ignore-file", true, true},
        {"squawk-ignore", true, false},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t n = strlen(kinds[k].word);
        if ((size_t)(end - p) < n || strncmp(p, kinds[k].word, n) != 0)
            continue;
        const char *q = p + n;
        if (q < end && !(*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
            continue; /* e.g. airlock:ignored */
        struct ign g = {0};
        g.loc = sqltext_loc(&pt->sql, off);
        g.squawk = kinds[k].squawk;
        g.file_wide = kinds[k].file;
        g.part = pk;
        g.nnames = split_names(e->a, q, end, &g.names);
        g.all = g.squawk && g.file_wide && g.nnames == 0;
        g.stmt = g.file_wide ? -1 : stmt_at(pt, off);
        /* the reader may have recorded this airlock directive already */
        if (!g.squawk)
            for (uint32_t i = 0; i < e->nigns; i++)
                if (!e->igns[i].squawk && same_place(&e->igns[i].loc, &g.loc))
                    return;
        if (!g.file_wide && g.stmt < 0)
            return; /* a trailing comment after the last statement: nothing to apply to */
        add_ign(e, &g);
        return;
    }
}

/* Finds the comments of a part's SQL, skipping string literals, quoted
 * identifiers and dollar-quoted bodies, and reads ignore directives in them. */
static void scan_comments(struct rule_engine *e, const struct part *pt, enum part_kind pk)
{
    const char *s = pt->sql.text;
    uint32_t n = pt->sql.len;
    uint32_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch == '-' && i + 1 < n && s[i + 1] == '-') {
            uint32_t j = i + 2;
            while (j < n && s[j] != '\n')
                j++;
            comment_directive(e, pt, pk, i, s + i + 2, s + j);
            i = j;
        } else if (ch == '/' && i + 1 < n && s[i + 1] == '*') {
            uint32_t j = i + 2;
            int depth = 1;
            while (j < n && depth > 0) {
                if (s[j] == '/' && j + 1 < n && s[j + 1] == '*') {
                    depth++;
                    j += 2;
                } else if (s[j] == '*' && j + 1 < n && s[j + 1] == '/') {
                    depth--;
                    j += 2;
                } else {
                    j++;
                }
            }
            uint32_t end = depth == 0 ? j - 2 : j;
            comment_directive(e, pt, pk, i, s + i + 2, s + end);
            i = j;
        } else if (ch == '\'' || ch == '"') {
            uint32_t j = i + 1;
            while (j < n) {
                if (s[j] == ch) {
                    if (j + 1 < n && s[j + 1] == ch) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                /* E'...' strings escape quotes with backslashes; a backslash
                 * before a quote in a standard string is harmless to skip too */
                if (s[j] == '\\' && ch == '\'' && j + 1 < n)
                    j++;
                j++;
            }
            i = j + 1;
        } else if (ch == '$' &&
                   (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
            /* $tag$ ... $tag$ */
            uint32_t j = i + 1;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            if (j < n && s[j] == '$' && !(j > i + 1 && isdigit((unsigned char)s[i + 1]))) {
                uint32_t taglen = j - i + 1;
                const char *tag = s + i;
                uint32_t k = j + 1;
                while (k + taglen <= n && strncmp(s + k, tag, taglen) != 0)
                    k++;
                i = k + taglen <= n ? k + taglen : n;
            } else {
                i = j;
            }
        } else {
            i++;
        }
    }
}

static void collect_ignores(struct rule_engine *e, struct revision *r)
{
    e->nigns = 0;
    for (uint32_t i = 0; i < r->nignores; i++) {
        struct ignore *ig = &r->ignores[i];
        struct ign g = {0};
        g.loc = ig->loc;
        g.names = ig->rules;
        g.nnames = ig->nrules;
        g.file_wide = ig->file_wide;
        g.part = ig->part;
        g.orig = ig;
        g.stmt = ig->stmt;
        if (!g.file_wide) {
            /* the statement the comment is in, or else the next one */
            const struct part *pt = ig->part == PART_DOWN ? &r->down : &r->up;
            g.stmt = stmt_at(pt, ig->text_off);
            ig->stmt = g.stmt;
        }
        add_ign(e, &g);
    }
    if (r->up.present)
        scan_comments(e, &r->up, PART_UP);
    if (r->down.present)
        scan_comments(e, &r->down, PART_DOWN);
}

/* Does an ignore suppress rule r at (part, stmt)? Marks it used. */
static bool suppressed(struct rule_engine *e, const struct rule *r, enum part_kind pk, int32_t stmt)
{
    bool hit = false;
    for (uint32_t i = 0; i < e->nigns; i++) {
        struct ign *g = &e->igns[i];
        if (!g->file_wide && (g->part != pk || g->stmt != stmt))
            continue;
        if (g->all) {
            g->used[0] = true;
            hit = true;
            continue;
        }
        for (uint32_t k = 0; k < g->nnames; k++) {
            bool match = g->squawk ? (r->squawk && list_has(r->squawk, g->names[k]))
                                   : strcmp(g->names[k], r->id) == 0;
            if (match) {
                g->used[k] = true;
                if (g->orig)
                    g->orig->used = true;
                hit = true;
            }
        }
    }
    return hit;
}

/* After a revision: unknown rule names and ignores that suppressed nothing. */
static void report_ignores(struct rule_engine *e)
{
    for (uint32_t i = 0; i < e->nigns; i++) {
        struct ign *g = &e->igns[i];
        const char *what = g->squawk ? (g->file_wide ? "squawk-ignore-file" : "squawk-ignore")
                                     : (g->file_wide ? "airlock:ignore-file" : "airlock:ignore");
        if (g->all) {
            if (!g->used[0] && e->report) {
                struct diag *d = diag_add(e->d, "unused-ignore", SEV_WARNING, g->loc,
                                          "%s suppresses nothing", what);
                d->revision = e->rev->id;
                d->help = "remove the comment";
            }
            continue;
        }
        for (uint32_t k = 0; k < g->nnames; k++) {
            const char *name = g->names[k];
            if (g->squawk) {
                uint32_t it = 0;
                const struct rule *r = rule_find_squawk(name, &it);
                if (!r)
                    continue; /* a squawk rule airlock has no counterpart for */
                bool enabled = false;
                it = 0;
                for (const struct rule *x; (x = rule_find_squawk(name, &it));)
                    if (rule_enabled(e->set, (uint32_t)rule_index(x->id)))
                        enabled = true;
                if (!g->used[k] && enabled && e->report) {
                    struct diag *d = diag_add(e->d, "unused-ignore", SEV_WARNING, g->loc,
                                              "%s %s suppresses nothing", what, name);
                    d->revision = e->rev->id;
                    d->help = "remove the rule from the comment";
                }
                continue;
            }
            int idx = rule_index(name);
            if (idx < 0) {
                /* the reader's directives were checked by chain_check_ignores;
                 * ignores of the loader's own diagnostics are applied there */
                if (!g->orig && !lint_rule_known(name)) {
                    struct diag *d = diag_add(e->d, "unknown-rule", SEV_ERROR, g->loc,
                                              "unknown rule '%s' in %s", name, what);
                    d->revision = e->rev->id;
                    d->help = "`airlock rules` lists the rule ids";
                }
                continue;
            }
            if (!g->used[k] && rule_enabled(e->set, (uint32_t)idx) && e->report) {
                struct diag *d = diag_add(e->d, "unused-ignore", SEV_WARNING, g->loc,
                                          "%s %s suppresses nothing", what, name);
                d->revision = e->rev->id;
                d->help = "remove the rule from the comment";
            }
        }
    }
}

/* ---- reporting ---- */

/* Bytes of the token at p (an identifier or keyword, a quoted identifier, a
 * number), for the underline under a finding; 0 for anything else. */
static uint32_t token_len(const char *p, uint32_t max)
{
    uint32_t n = 0;
    if (max && p[0] == '"') {
        n = 1;
        while (n < max && p[n] != '"')
            n++;
        return n < max ? n + 1 : 0;
    }
    while (n < max && (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$' ||
                       (unsigned char)p[n] >= 0x80))
        n++;
    return n;
}

struct diag *rule_report(struct rule_ctx *c, int32_t location, const char *fmt, ...)
{
    struct rule_engine *e = c->eng;
    if (!e->report)
        return NULL;
    int32_t si = c->stmt ? (int32_t)c->stmt->index : -1;
    if (suppressed(e, c->rule, c->part_kind, si))
        return NULL;
    struct loc loc;
    uint32_t span = 0;
    if (c->stmt) {
        uint32_t at = location >= 0 && (uint32_t)location < c->stmt->len ? (uint32_t)location : 0;
        loc = at ? sqltext_loc(&c->part->sql, c->stmt->off + at) : c->stmt->loc;
        span = token_len(c->part->sql.text + c->stmt->off + at, c->stmt->len - at);
    } else {
        loc = c->part && c->part->present ? c->part->loc : c->rev->loc;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int idx = rule_index(c->rule->id);
    struct diag *d =
        diag_add(e->d, c->rule->id, idx >= 0 ? rule_severity(e->set, (uint32_t)idx) : c->rule->sev,
                 loc, "%s", msg);
    if (idx >= 0)
        e->nrep[idx]++;
    d->span = span;
    d->revision = c->rev->id;
    /* the lock matters (and is shown) when others may be waiting on the relation */
    if (c->stmt && c->lock != LOCK_NONE && !c->lock_rel_new) {
        d->lock_mode = lock_mode_name(c->lock);
        d->lock_relation = c->lock_rel;
    }
    return d;
}

const char *rule_stmt_text(struct rule_ctx *c)
{
    if (!c->stmt)
        return "";
    return arena_strndup(c->eng->a, c->part->sql.text + c->stmt->off, c->stmt->len);
}

/* Skips blanks and comments from t[i]. */
static uint32_t skip_blank(const char *t, uint32_t n, uint32_t i)
{
    for (;;) {
        while (i < n && isspace((unsigned char)t[i]))
            i++;
        if (i + 1 < n && t[i] == '-' && t[i + 1] == '-') {
            while (i < n && t[i] != '\n')
                i++;
        } else if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
            i += 2;
            for (int depth = 1; i < n && depth > 0; i++) {
                if (i + 1 < n && t[i] == '/' && t[i + 1] == '*')
                    depth++, i++;
                else if (i + 1 < n && t[i] == '*' && t[i + 1] == '/')
                    depth--, i++;
            }
        } else {
            return i;
        }
    }
}

/* Skips the quoted token (string, quoted identifier, dollar quote) at t[i], if any. */
static uint32_t skip_quoted(const char *t, uint32_t n, uint32_t i)
{
    if (t[i] == '\'' || t[i] == '"') {
        char q = t[i++];
        while (i < n && !(t[i] == q && (i + 1 >= n || t[i + 1] != q)))
            i += t[i] == q ? 2 : 1;
        return i < n ? i + 1 : n;
    }
    if (t[i] == '$') {
        uint32_t e = i + 1;
        while (e < n && (isalnum((unsigned char)t[e]) || t[e] == '_'))
            e++;
        if (e < n && t[e] == '$') {
            uint32_t tag = e + 1 - i;
            for (uint32_t k = e + 1; k + tag <= n; k++)
                if (memcmp(t + k, t + i, tag) == 0)
                    return k + tag;
            return n;
        }
    }
    return i;
}

int32_t rule_alter_cmd_location(struct rule_ctx *c, const PgQuery__AlterTableCmd *cmd)
{
    if (!c->stmt || c->node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return -1;
    const PgQuery__AlterTableStmt *s = c->node->alter_table_stmt;
    size_t want = 0;
    while (want < s->n_cmds && s->cmds[want]->alter_table_cmd != cmd)
        want++;
    if (want == s->n_cmds || !s->relation || s->relation->location < 0)
        return -1;
    const char *t = c->part->sql.text + c->stmt->off;
    uint32_t n = c->stmt->len, i = (uint32_t)s->relation->location;
    /* past the (qualified) table name: the first subcommand starts there */
    for (;;) {
        uint32_t j = skip_quoted(t, n, i);
        if (j == i)
            while (j < n && (isalnum((unsigned char)t[j]) || t[j] == '_' || t[j] == '$' ||
                             (unsigned char)t[j] >= 0x80))
                j++;
        i = skip_blank(t, n, j);
        if (i >= n || t[i] != '.')
            break;
        i = skip_blank(t, n, i + 1);
    }
    /* the others follow commas outside parentheses */
    for (size_t k = 0, depth = 0; k < want && i < n;) {
        uint32_t j = skip_quoted(t, n, i);
        if (j != i) {
            i = j;
            continue;
        }
        j = skip_blank(t, n, i);
        if (j != i) {
            i = j;
            continue;
        }
        if (t[i] == '(')
            depth++;
        else if (t[i] == ')' && depth)
            depth--;
        else if (t[i] == ',' && !depth && ++k == want)
            i = skip_blank(t, n, i + 1) - 1;
        i++;
    }
    return i < n ? (int32_t)i : -1;
}

const char *rule_printf(struct rule_ctx *c, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *m = arena_alloc(c->eng->a, (size_t)n + 1);
    vsnprintf(m, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return m;
}

/* ---- the walk ---- */

static void push_tx_stmt(struct rule_engine *e, const struct rule_stmt_info *info)
{
    if (e->ntx == e->captx) {
        uint32_t cap = e->captx ? e->captx * 2 : 16;
        e->tx_stmts = arena_grow(e->a, e->tx_stmts, e->captx, cap, sizeof *e->tx_stmts);
        e->captx = cap;
    }
    e->tx_stmts[e->ntx++] = *info;
}

static void fill_ctx(struct rule_engine *e, struct rule_ctx *c, struct revision *r, struct part *p,
                     enum part_kind pk)
{
    memset(c, 0, sizeof *c);
    c->eng = e;
    c->chain = e->chain;
    c->rev = r;
    c->part = p;
    c->part_kind = pk;
    c->in_tx = e->in_tx;
    c->tx_explicit = e->tx_explicit;
    c->tx_prev = e->tx_stmts;
    c->ntx_prev = e->in_tx ? e->ntx : 0;
    c->lock_timeout =
        e->local[SET_LOCK_TIMEOUT] ? e->local[SET_LOCK_TIMEOUT] : e->sess[SET_LOCK_TIMEOUT];
    c->statement_timeout = e->local[SET_STATEMENT_TIMEOUT] ? e->local[SET_STATEMENT_TIMEOUT]
                                                           : e->sess[SET_STATEMENT_TIMEOUT];
    c->timezone = e->local[SET_TIMEZONE] ? e->local[SET_TIMEZONE] : e->sess[SET_TIMEZONE];
    if (e->set->assume_lock_timeout && !c->lock_timeout)
        c->lock_timeout = "(set by the runner)";
    if (e->set->assume_statement_timeout && !c->statement_timeout)
        c->statement_timeout = "(set by the runner)";
    c->pg_version = e->set->pg_version ? e->set->pg_version : 15;
    c->tx_begin = e->tx_begin_stmt;
    c->cat = e->cat;
    c->chain_has_down = e->chain_has_down;
    c->roundtrip_diff = e->roundtrip_diff;
}

static void run_rules(struct rule_engine *e, struct rule_ctx *c, bool end)
{
    for (uint32_t i = 0; i < rule_registry_count; i++) {
        const struct rule *r = rule_registry[i];
        if (!rule_enabled(e->set, i))
            continue;
        if ((r->flags & RULE_UP_ONLY) && c->part_kind == PART_DOWN)
            continue;
        c->rule = r;
        c->nreported = e->nrep[i];
        if (end) {
            if (r->end_part)
                r->end_part(c);
        } else if (r->check) {
            r->check(c);
        }
    }
    c->rule = NULL;
}

/* The statement itself created rel (CREATE TABLE ... AS, CREATE MATERIALIZED VIEW). */
static bool created_by(const struct effect *eff, const struct cat_rel *rel)
{
    for (uint32_t i = 0; i < eff->nobjects; i++)
        if (eff->objects[i].action == SIM_CREATED && eff->objects[i].obj == rel)
            return true;
    return false;
}

/* The lock, relation and weight of the statement: the simulator's when it
 * simulated the statement, else the parse tree's. */
static void stmt_lock(struct rule_engine *e, struct rule_ctx *c)
{
    const struct effect *eff = c->eff;
    c->lock = rule_stmt_lock(c, c->node, &c->lock_rel);
    c->lock_relobj = NULL;
    c->lock_rel_new = c->lock_rel && rule_rel_is_new(c, c->lock_rel, NULL);
    c->heavy = rule_stmt_heavy(c, c->node);
    if (!eff || !eff->simulated || eff->sqlstate || !eff->nlocks)
        return;
    const struct sim_lock *best = NULL;
    for (uint32_t i = 0; i < eff->nlocks; i++) {
        const struct sim_lock *l = &eff->locks[i];
        bool isnew = l->created_in_tx || l->created_in_rev || created_by(eff, l->rel);
        /* the strongest lock, preferring relations that existed before */
        if (!best || (!isnew && (best->created_in_tx || best->created_in_rev)) ||
            ((int)l->mode > (int)best->mode &&
             isnew == (best->created_in_tx || best->created_in_rev)))
            best = l;
    }
    c->lock = (enum lock_mode)best->mode;
    c->lock_relobj = best->rel;
    /* a rename's lock is reported under the name the statement uses */
    if (c->node->node_case != PG_QUERY__NODE__NODE_RENAME_STMT && best->relation)
        c->lock_rel = arena_printf(e->a, "%s.%s", best->schema ? best->schema : "", best->relation);
    c->lock_rel_new = best->created_in_tx || best->created_in_rev || created_by(eff, best->rel) ||
                      (c->lock_rel && rule_rel_is_new(c, c->lock_rel, NULL));
    /* the simulator knows user functions' volatility and columns' types; DML
     * and index builds are table-sized whatever it says */
    if (c->node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        c->heavy = (eff->rewrites || eff->scans) && !c->lock_rel_new;
}

uint32_t rule_stmt_findings(struct rule_ctx *c)
{
    struct rule_engine *e = c->eng;
    uint32_t n = 0;
    for (uint32_t i = e->stmt_diag_start; i < e->d->n; i++)
        n += e->d->items[i].sev >= SEV_WARNING;
    return n;
}

bool rule_stmt_has_error(struct rule_ctx *c)
{
    struct rule_engine *e = c->eng;
    for (uint32_t i = e->stmt_diag_start; i < e->d->n; i++)
        if (e->d->items[i].sqlstate)
            return true;
    return false;
}

static bool is_control_stmt(const PgQuery__Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT ||
           n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT;
}

/* Runs one part: rules on each statement (with the catalog before it and the
 * simulator's effect), then the end-of-part rules. compare: after a down
 * part, compare the objects the revision touched with their state before
 * its up part (down-not-reverting). */
static void run_part(struct rule_engine *e, struct revision *r, struct part *p, enum part_kind pk,
                     bool compare)
{
    e->part = pk;
    e->part_failed = false;
    e->roundtrip_diff = NULL;
    memset(e->nrep, 0, sizeof(uint32_t) * rule_registry_count);
    memset(e->sess, 0, sizeof e->sess);
    e->search_schema = "public";
    /* A transaction opened by BEGIN in an Alembic --sql script spans revisions. */
    bool carry = e->chain->format && strcmp(e->chain->format, "alembic-sql") == 0 && e->tx_explicit;
    if (!carry) {
        tx_end(e);
        if (r->tx == TX_ON)
            tx_begin(e, false);
    }
    if (e->sim)
        sim_begin_part(e->sim, r, pk);
    struct rule_ctx c;
    for (uint32_t i = 0; i < p->nstmts; i++) {
        struct stmt *s = &p->stmts[i];
        if (!s->node)
            continue;
        /* Statements run outside the revision's transaction (an autocommit
         * block) end it; the tool opens a new one after them. */
        bool no_tx = (s->flags & STMT_NO_TX) != 0;
        if (no_tx && e->in_tx && !e->tx_explicit)
            tx_end(e);
        fill_ctx(e, &c, r, p, pk);
        c.stmt = s;
        c.node = s->node;
        /* The effect comes from simulating the statement; the rules then see
         * the catalog as it was before it (the undo log takes it back), and
         * the statement is simulated again for good afterwards. */
        const struct effect *eff = NULL;
        /* Transaction control and autocommit statements move the simulator's
         * own transaction marks, which a mark taken around them would cross:
         * control statements (which change no object) are simulated once
         * before the rules, autocommit ones once after them. */
        bool control = is_control_stmt(s->node);
        bool analyzed = !(s->flags & (STMT_BOOKKEEPING | STMT_NOT_ANALYZED));
        if (e->sim && control) {
            eff = sim_statement(e->sim, p, s, NULL);
        } else if (e->sim && !no_tx) {
            catalog_mark_t m = catalog_mark(e->cat);
            eff = sim_statement(e->sim, p, s, NULL);
            catalog_rollback(e->cat, m);
            if (e->rt)
                rt_capture(e->rt, e->cat, eff);
        }
        c.eff = eff;
        stmt_lock(e, &c);
        e->stmt_diag_start = e->d->n;
        if (analyzed)
            run_rules(e, &c, false);
        if (e->sim && !control && !(eff && eff->sqlstate)) {
            const struct effect *after = sim_statement(e->sim, p, s, NULL);
            if (no_tx && after && after->sqlstate && analyzed) {
                /* the autocommit statement's failure, reported by the rule for it */
                c.eff = eff = after;
                int k = rule_index("statement-rejected");
                if (k >= 0 && rule_enabled(e->set, (uint32_t)k)) {
                    c.rule = rule_registry[k];
                    c.rule->check(&c);
                    c.rule = NULL;
                }
            }
        }
        if (eff && eff->sqlstate)
            e->part_failed = true;
        /* now the statement has run: update what later statements see */
        struct rule_stmt_info info = {
            s, p, c.lock, c.lock_rel, c.lock_rel_new, c.heavy, c.lock_relobj};
        switch (s->node->node_case) {
        case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
            track_tx(e, s->node->transaction_stmt, s);
            break;
        case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
            track_set(e, s->node->variable_set_stmt);
            break;
        case PG_QUERY__NODE__NODE_SELECT_STMT:
            node_walk(s->node, find_set_config, e);
            break;
        default:
            track_objects(&c, s->node);
            break;
        }
        if (e->in_tx && s->node->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
            push_tx_stmt(e, &info);
        if (no_tx && r->tx == TX_ON && !e->in_tx)
            tx_begin(e, false);
    }
    if (e->sim)
        sim_end_part(e->sim);
    if (compare && !e->part_failed)
        e->roundtrip_diff = rt_compare(e->rt, e->cat);
    fill_ctx(e, &c, r, p, pk);
    run_rules(e, &c, true);
}

int rules_run(struct chain *ch, const struct rule_settings *s, struct diag_list *d, struct err *err)
{
    struct rule_engine e;
    memset(&e, 0, sizeof e);
    e.a = d->arena;
    e.chain = ch;
    e.set = s;
    e.d = d;
    e.search_schema = "public";
    hashmap_init(&e.objs, e.a);
    hashmap_init(&e.seen, e.a);
    hashmap_init(&e.chain_names, e.a);
    rules_chain_names(ch, &e.chain_names);
    e.nrep = arena_alloc(e.a, sizeof(uint32_t) * (rule_registry_count + 1));
    bool *old = arena_alloc(e.a, ch->nrevs + 1);
    if (s->since) {
        struct revision *since = NULL;
        if (chain_resolve(ch, s->since, &since, err) < 0)
            return -1;
        if (since) {
            /* ancestors by an explicit walk: a long linear chain must not
             * recurse once per revision */
            struct revision **stack = arena_alloc(e.a, sizeof *stack * (ch->nrevs + 1));
            uint32_t sp = 0;
            stack[sp++] = since;
            old[since->order] = true;
            while (sp) {
                struct revision *x = stack[--sp];
                for (uint32_t i = 0; i < x->nparents; i++) {
                    struct revision *p = x->parent_revs ? x->parent_revs[i] : NULL;
                    if (p && !old[p->order]) {
                        old[p->order] = true;
                        stack[sp++] = p;
                    }
                }
            }
        }
    }
    /* A down part with no statement (dbmate's and goose's templates leave
     * `-- migrate:down` empty) is no down part: a revision nobody meant to
     * revert, reported as such, not as a down part that fails to revert. */
    for (uint32_t i = 0; i < ch->nrevs; i++)
        if (ch->revs[i]->down.present && ch->revs[i]->down.nstmts)
            e.chain_has_down = true;
    if (!s->no_simulation) {
        e.cat = catalog_new(e.a);
        e.sim = e.cat ? sim_new(e.a, e.cat, &(struct sim_options){0}) : NULL;
        if (e.sim)
            sim_tool_tables(e.sim, ch->format);
        if (!e.sim && e.cat) { /* a catalog nobody fills would say nothing exists */
            catalog_free(e.cat);
            e.cat = NULL;
        }
    }
    int rti = rule_index("down-not-reverting");
    bool roundtrip_rule = rti >= 0 && rule_enabled(s, (uint32_t)rti);
    struct rt *rt = NULL;
    for (uint32_t i = 0; i < ch->nrevs; i++) {
        struct revision *r = ch->revs[i];
        e.rev = r;
        e.report = !old[r->order];
        collect_ignores(&e, r);
        /* up, then down on the state after up (its catalog before), then back
         * to the state after up for the next revision */
        bool has_down = e.sim && r->down.present && r->down.nstmts && !r->broken;
        bool roundtrip = has_down && e.report && roundtrip_rule;
        catalog_mark_t m0 = 0;
        e.rt = NULL;
        if (roundtrip) {
            if (!rt)
                rt = rt_new(e.a);
            rt_reset(rt);
            e.rt = rt;
        }
        if (r->up.present || r->up.nstmts) {
            run_part(&e, r, &r->up, PART_UP, false);
        } else {
            struct rule_ctx c;
            e.part = PART_UP;
            memset(e.nrep, 0, sizeof(uint32_t) * rule_registry_count);
            fill_ctx(&e, &c, r, &r->up, PART_UP);
            run_rules(&e, &c, true);
        }
        bool up_failed = e.part_failed;
        if (r->down.present) {
            if (has_down)
                m0 = catalog_mark(e.cat);
            run_part(&e, r, &r->down, PART_DOWN, roundtrip && !up_failed);
            if (has_down)
                catalog_rollback(e.cat, m0);
        }
        e.rt = NULL;
        report_ignores(&e);
    }
    if (e.cat)
        catalog_free(e.cat);
    return 0;
}

const PgQuery__AlterTableStmt *rule_alter_existing_table(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return NULL;
    const PgQuery__AlterTableStmt *s = c->node->alter_table_stmt;
    if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        return NULL; /* ALTER TYPE (composite), VIEW, INDEX...: no rows to scan or rewrite */
    if (!rule_rv_existing(c, s->relation))
        return NULL;
    return s;
}

const PgQuery__AlterTableCmd *rule_next_alter_cmd(const PgQuery__AlterTableStmt *s, size_t *i,
                                                  PgQuery__AlterTableType t)
{
    for (; *i < s->n_cmds; (*i)++) {
        const PgQuery__Node *n = s->cmds[*i];
        if (n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
            n->alter_table_cmd->subtype == t)
            return s->cmds[(*i)++]->alter_table_cmd;
    }
    return NULL;
}
