/*
 * apply.c - the applier's protocol (SPEC.md §5; docs/applier.md is the user's
 * description): a session-level advisory lock taken by polling on a dedicated
 * connection; the target's state from airlock.history and alembic_version;
 * refusals; replay of tx=on revisions as one pipelined transaction each
 * (retried with backoff on lock timeouts) and of tx=off revisions statement by
 * statement with a durable record of each, resume after a crash, repair of
 * INVALID indexes, COPY data; every step also in the SQLite ledger.
 */
#include "bundle/apply.h"
#include "bundle/introspect.h"
#include "bundle/ledger.h"
#include "bundle/textdiff.h"
#include "lint/arena.h"
#include "lint/hashmap.h"
#include "lint/strbuf.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* application_name of each connection: orphan detection relies on them. */
#define APP_WORK "airlock-apply"
#define APP_LOCK "airlock-apply-lock"
#define APP_READ "airlock-apply-status"

/* Larger revisions are sent statement by statement rather than pipelined,
 * so that neither side can fill its socket buffer waiting for the other. */
#define PIPELINE_MAX 512

/* ---------------------------------------------------------------------- */
/* Version heads: the set of current revisions, one per branch (Alembic's  */
/* alembic_version rows). Small sets: linear scans are the right tool.     */

struct heads {
    const char **v;
    uint32_t n, cap;
};

static bool heads_has(const struct heads *h, const char *id)
{
    for (uint32_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i], id) == 0)
            return true;
    return false;
}

static void heads_add(struct arena *a, struct heads *h, const char *id)
{
    if (heads_has(h, id))
        return;
    if (h->n == h->cap) {
        uint32_t cap = h->cap ? h->cap * 2 : 4;
        h->v = arena_grow(a, h->v, h->cap, cap, sizeof *h->v);
        h->cap = cap;
    }
    h->v[h->n++] = id;
}

static void heads_del(struct heads *h, const char *id)
{
    for (uint32_t i = 0; i < h->n; i++) {
        if (strcmp(h->v[i], id) == 0) {
            memmove(&h->v[i], &h->v[i + 1], (h->n - i - 1) * sizeof *h->v);
            h->n--;
            return;
        }
    }
}

static bool heads_eq(const struct heads *x, const struct heads *y)
{
    if (x->n != y->n)
        return false;
    for (uint32_t i = 0; i < x->n; i++)
        if (!heads_has(y, x->v[i]))
            return false;
    return true;
}

static struct heads heads_copy(struct arena *a, const struct heads *h)
{
    struct heads c = {0};
    for (uint32_t i = 0; i < h->n; i++)
        heads_add(a, &c, h->v[i]);
    return c;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* "a, b" (sorted) or "base". */
static char *heads_text(struct arena *a, const struct heads *h)
{
    if (h->n == 0)
        return arena_strdup(a, "base");
    const char **v = arena_memdup(a, h->v, h->n * sizeof *v);
    qsort(v, h->n, sizeof *v, cmp_str);
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < h->n; i++)
        sb_printf(&sb, "%s%s", i ? ", " : "", v[i]);
    char *s = arena_strdup(a, sb.buf);
    sb_release(&sb);
    return s;
}

/* PostgreSQL text[] literal of the sorted heads, every element quoted. */
static char *heads_array(struct arena *a, const struct heads *h)
{
    const char **v = h->n ? arena_memdup(a, h->v, h->n * sizeof *v) : NULL;
    if (h->n)
        qsort(v, h->n, sizeof *v, cmp_str);
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '{');
    for (uint32_t i = 0; i < h->n; i++) {
        sb_adds(&sb, i ? ",\"" : "\"");
        for (const char *p = v[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_addc(&sb, '\\');
            sb_addc(&sb, *p);
        }
        sb_addc(&sb, '"');
    }
    sb_addc(&sb, '}');
    char *s = arena_strdup(a, sb.buf);
    sb_release(&sb);
    return s;
}

/* ---------------------------------------------------------------------- */
/* Run state                                                                */

enum vop_kind { VOP_INSERT, VOP_UPDATE, VOP_DELETE };

/* One alembic_version change, exactly as Alembic's HeadMaintainer makes it. */
struct vop {
    enum vop_kind kind;
    const char *from, *to;
};

struct pgerr {
    char state[6];
    const char *msg, *detail, *hint, *context;
    int pos; /* 1-based character position in the statement, 0 = none */
};

/* A tx=off revision row of airlock.history that did not finish. */
struct partial {
    bool present;   /* latest row of the project is an unfinished tx=off revision */
    bool effective; /* ... and some of it may have run */
    int64_t id;
    char *revision, *bundle_sha256, *status;
    uint32_t statements, done;
    int64_t started_stmt; /* -1 = none */
    int64_t started_xid;
    char **hashes; /* done_sha256 */
    uint32_t nhashes;
};

struct run {
    const struct bundle *b;
    const struct manifest *m;
    const char *path;
    const struct apply_opts *o;
    struct err *e;
    struct arena *a;
    struct ledger *led;
    int64_t run_id;
    PGconn *lock, *conn;
    bool lock_taken; /* pg_try_advisory_lock() said yes on r->lock */
    double t0;
    long kill_after, stmts_run; /* AIRLOCK_APPLY_TEST_KILL_AFTER */
    struct hashmap revs;        /* id -> struct manifest_rev * */
    struct hashmap known;       /* id -> struct heads * of parents, from airlock.history */
    char *signers;
    char *client; /* who applies: os user@host, pid, version */
    /* target */
    char *alembic_table; /* quoted, schema-qualified; NULL when absent */
    bool history_exists;
    struct heads heads; /* current version heads */
    struct partial partial;
    bool last_seq_known;
    int64_t last_seq;
    char *last_seq_bundle;
    /* progress */
    uint32_t prog_rev, prog_nrevs, prog_stmt, prog_nstmts;
    const char *prog_id;
    bool prog_tx;
    bool begin_warning; /* notice 25001 seen: a BEGIN inside our transaction */
    int64_t last_flush_us;
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void emit(struct run *r, enum apply_event_kind kind, const char *text)
{
    if (!r->o->on_event)
        return;
    struct apply_event ev = {
        .kind = kind,
        .text = text,
        .rev = r->prog_rev,
        .nrevs = r->prog_nrevs,
        .rev_id = r->prog_id,
        .tx = r->prog_tx,
        .stmt = r->prog_stmt,
        .nstmts = r->prog_nstmts,
        .elapsed = mono() - r->t0,
    };
    r->o->on_event(r->o->event_ctx, &ev);
}

/* A message for the operator that the ledger keeps too. */
static void note(struct run *r, enum apply_event_kind kind, const char *ledger_kind,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void note(struct run *r, enum apply_event_kind kind, const char *ledger_kind,
                 const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    emit(r, kind, buf);
    if (ledger_kind)
        ledger_event(r->led, r->run_id, ledger_kind, buf, NULL);
}

/* Refusal or failure: fills e and returns the exit code. */
static int fail(struct run *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct run *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->e->msg, sizeof r->e->msg, fmt, ap);
    va_end(ap);
    r->e->code = code;
    return code;
}

static void flush_ledger(struct run *r)
{
    struct err e = {0};
    if (ledger_flush(r->led, &e))
        emit(r, APPLY_EV_WARN, e.msg);
    r->last_flush_us = ledger_now_us();
}

/* Test hook (docs/applier.md): die like kill -9 after N statements. */
static void statement_boundary(struct run *r)
{
    r->stmts_run++;
    if (r->kill_after > 0 && r->stmts_run >= r->kill_after) {
        flush_ledger(r);
        raise(SIGKILL);
    }
}

/* ---------------------------------------------------------------------- */
/* libpq helpers                                                            */

static char *trim_msg(struct arena *a, const char *s)
{
    if (!s)
        return arena_strdup(a, "");
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    return arena_strndup(a, s, n);
}

static void fill_pgerr(struct run *r, PGconn *c, const PGresult *res, struct pgerr *pe)
{
    memset(pe, 0, sizeof *pe);
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(pe->state, sizeof pe->state, "%s", st ? st : "");
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    pe->msg = trim_msg(r->a, msg ? msg : PQerrorMessage(c));
    const char *d = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    pe->detail = d ? trim_msg(r->a, d) : NULL;
    const char *h = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    pe->hint = h ? trim_msg(r->a, h) : NULL;
    const char *x = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
    pe->context = x ? trim_msg(r->a, x) : NULL;
    const char *p = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
    pe->pos = p ? atoi(p) : 0;
}

static char *pgerr_text(struct run *r, const struct pgerr *pe)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, pe->msg);
    if (pe->state[0])
        sb_printf(&sb, " (SQLSTATE %s)", pe->state);
    if (pe->detail)
        sb_printf(&sb, "; detail: %s", pe->detail);
    if (pe->hint)
        sb_printf(&sb, "; hint: %s", pe->hint);
    char *s = arena_strdup(r->a, sb.buf);
    sb_release(&sb);
    return s;
}

/* Runs an applier query (never bundle SQL) and returns its result, or NULL
 * with r->e filled (APPLY_EXIT_DB). */
/* Outside a transaction on the work connection, a revision may have left
 * the session in another role (SET ROLE): the query then runs in one
 * pipelined implicit transaction after SET LOCAL ROLE NONE, i.e. as the
 * session user, and the revision's role is back right after. */
static PGresult *exec_as_applier(PGconn *c, const char *sql, int n, const char *const *params)
{
    if (!PQenterPipelineMode(c))
        return PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    PGresult *res = NULL, *x;
    if (PQsendQueryParams(c, "SELECT set_config('role', 'none', true)", 0, NULL, NULL, NULL, NULL,
                          0) &&
        PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0) && PQpipelineSync(c)) {
        for (int item = 0; item < 2; item++) {
            while ((x = PQgetResult(c)) != NULL) {
                ExecStatusType st = PQresultStatus(x);
                /* keep the query's result, or the first error */
                if ((item == 1 && st != PGRES_PIPELINE_ABORTED &&
                     !(res && PQresultStatus(res) == PGRES_FATAL_ERROR)) ||
                    (st == PGRES_FATAL_ERROR && !res)) {
                    PQclear(res);
                    res = x;
                } else {
                    PQclear(x);
                }
            }
        }
        while ((x = PQgetResult(c)) != NULL) {
            ExecStatusType st = PQresultStatus(x);
            PQclear(x);
            if (st == PGRES_PIPELINE_SYNC)
                break;
        }
    }
    PQexitPipelineMode(c);
    return res ? res : PQmakeEmptyPGresult(c, PGRES_FATAL_ERROR);
}

static PGresult *q(struct run *r, PGconn *c, const char *sql, int n, const char *const *params)
{
    PGresult *res = c == r->conn && PQtransactionStatus(c) == PQTRANS_IDLE
                        ? exec_as_applier(c, sql, n, params)
                        : PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    struct pgerr pe;
    fill_pgerr(r, c, res, &pe);
    PQclear(res);
    err_set(r->e, APPLY_EXIT_DB, "database error: %s", pgerr_text(r, &pe));
    return NULL;
}

static int q_ok(struct run *r, PGconn *c, const char *sql, int n, const char *const *params)
{
    PGresult *res = q(r, c, sql, n, params);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

/* Single text value of a one-row query, arena-copied; NULL value -> NULL. */
static int q_value(struct run *r, PGconn *c, const char *sql, int n, const char *const *params,
                   char **out)
{
    PGresult *res = q(r, c, sql, n, params);
    if (!res)
        return -1;
    *out = PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? arena_strdup(r->a, PQgetvalue(res, 0, 0))
                                                         : NULL;
    PQclear(res);
    return 0;
}

static void on_notice(void *arg, const PGresult *res)
{
    struct run *r = arg;
    const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (st && strcmp(st, "25001") == 0)
        r->begin_warning = true;
    if (sev && strcmp(sev, "WARNING") == 0) {
        const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        note(r, APPLY_EV_WARN, "server-warning", "server warning: %s", msg ? msg : "");
    }
}

static PGconn *connect_db(struct run *r, const char *appname)
{
    /* Later keywords override the expanded conninfo, so the application
     * name is always ours; a connect_timeout given by the user wins. */
    const char *keys[] = {"connect_timeout", "dbname", "application_name", NULL};
    const char *vals[] = {"10", r->o->conninfo ? r->o->conninfo : "", appname, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(c) != CONNECTION_OK) {
        err_set(r->e, APPLY_EXIT_DB, "cannot connect to the target: %s",
                trim_msg(r->a, PQerrorMessage(c)));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeReceiver(c, on_notice, r);
    return c;
}

static void sleep_ms(double ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000),
                          (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Uniform in [lo, hi] milliseconds: jitter keeps racing appliers apart. */
static double jitter(double lo, double hi)
{
    return lo + (hi - lo) * ((double)randombytes_uniform(1000001) / 1e6);
}

/* ---------------------------------------------------------------------- */
/* Connecting, identity, the advisory lock, orphans                         */

static int read_identity(struct run *r, PGconn *c)
{
    char *db = NULL, *ver = NULL, *sysid = NULL;
    if (q_value(r, c, "SELECT current_database()", 0, NULL, &db) ||
        q_value(r, c, "SELECT current_setting('server_version')", 0, NULL, &ver))
        return -1;
    /* pg_control_system() may be denied to a non-superuser: identity then
     * stays unknown rather than failing the run. */
    PGresult *res = PQexec(c, "SELECT system_identifier::text FROM pg_control_system()");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        sysid = arena_strdup(r->a, PQgetvalue(res, 0, 0));
    PQclear(res);
    struct ledger_target t = {
        .system_identifier = sysid,
        .database = db,
        .host = PQhost(c),
        .port = PQport(c),
        .user = PQuser(c),
        .server_version = ver,
    };
    if (ledger_run_target(r->led, r->run_id, &t, r->e))
        return -1;
    if (PQserverVersion(c) < 140000)
        note(r, APPLY_EV_WARN, "server",
             "server %s is older than PostgreSQL 14: an interrupted applier's statement is "
             "not cancelled when its client dies",
             ver);
    return 0;
}

static int take_lock(struct run *r)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)APPLY_LOCK_KEY);
    const char *p[] = {key};
    double start = mono();
    bool told = false;
    for (;;) {
        char *got = NULL;
        if (q_value(r, r->lock, "SELECT pg_try_advisory_lock($1::bigint)", 1, p, &got))
            return APPLY_EXIT_DB;
        if (got && strcmp(got, "t") == 0) {
            r->lock_taken = true;
            break;
        }
        double waited = (mono() - start) * 1000;
        if (!told) {
            char *who = NULL;
            /* Who holds it, for the operator: the lock's objid/classid split of the key. */
            q_value(
                r, r->lock,
                "SELECT format('pid %s (%s) since %s', a.pid, a.application_name, "
                "date_trunc('second', a.backend_start)) FROM pg_locks l JOIN pg_stat_activity a "
                "USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND "
                "l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint LIMIT 1",
                1, p, &who);
            note(r, APPLY_EV_INFO, "lock-wait",
                 "another applier holds the airlock lock (%s); waiting%s", who ? who : "unknown",
                 r->o->wait_ms >= 0 ? "" : " without limit");
            told = true;
            flush_ledger(r);
        }
        if (r->o->wait_ms >= 0 && waited >= r->o->wait_ms)
            return fail(r, APPLY_EXIT_BUSY,
                        "gave up after %.1fs waiting for another applier's lock (--wait)",
                        waited / 1000);
        /* Polling, never a blocking pg_advisory_lock(): a session waiting in
         * the lock manager would make CREATE INDEX CONCURRENTLY wait for it. */
        sleep_ms(jitter(100, 300));
    }
    if (told)
        note(r, APPLY_EV_INFO, "lock", "lock acquired after %.1fs", mono() - start);
    return 0;
}

/* Whether the lock connection is still there, without a round trip: a
 * terminated backend leaves an error and EOF on the socket. Checked before
 * every revision and tx=off statement, so that a lost lock stops the run
 * before another applier could interleave with it. */
static int lock_held(struct run *r)
{
    PGconn *c = r->lock;
    if (!c)
        return 0;
    struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
    if (PQstatus(c) == CONNECTION_OK && (poll(&p, 1, 0) <= 0 || PQconsumeInput(c)) &&
        PQstatus(c) == CONNECTION_OK) {
        PGnotify *n;
        while ((n = PQnotifies(c)) != NULL)
            PQfreemem(n);
        return 0;
    }
    return fail(r, APPLY_EXIT_DB,
                "lost the airlock lock: its connection closed (%s); stopped, rerun to continue",
                trim_msg(r->a, PQerrorMessage(c)));
}

/* A killed applier's statement may still run on its backend (PostgreSQL
 * notices a dead client only when it next talks to it). Holding the lock,
 * any other busy airlock-apply backend is such an orphan: wait for it. */
static int wait_orphans(struct run *r)
{
    double start = mono();
    bool told = false;
    for (;;) {
        char *pids = NULL;
        if (q_value(r, r->conn,
                    "SELECT string_agg(pid::text, ', ') FROM pg_stat_activity WHERE datname = "
                    "current_database() AND application_name = '" APP_WORK
                    "' AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'",
                    0, NULL, &pids))
            return APPLY_EXIT_DB;
        if (!pids)
            return 0;
        if (!told) {
            note(r, APPLY_EV_INFO, "orphan",
                 "waiting for backend %s left running by an interrupted applier", pids);
            told = true;
        }
        if (r->o->wait_ms >= 0 && (mono() - start) * 1000 >= r->o->wait_ms)
            return fail(r, APPLY_EXIT_BUSY,
                        "backend %s of an interrupted applier is still running after %.0fs; "
                        "wait for it or cancel it with pg_cancel_backend()",
                        pids, mono() - start);
        sleep_ms(200);
    }
}

/* ---------------------------------------------------------------------- */
/* airlock.history and the target's state                                   */

static const char history_ddl[] =
    "CREATE SCHEMA IF NOT EXISTS airlock;"
    "CREATE TABLE IF NOT EXISTS airlock.history ("
    " id bigserial PRIMARY KEY,"
    " project text NOT NULL,"
    " sequence bigint NOT NULL,"
    " bundle_sha256 text NOT NULL,"
    " direction text NOT NULL CHECK (direction IN ('up', 'down')),"
    " seq integer NOT NULL,"
    " revision text NOT NULL,"
    " parents text[] NOT NULL DEFAULT '{}',"
    " tx boolean NOT NULL,"
    " statements integer NOT NULL,"
    " done integer NOT NULL DEFAULT 0,"
    " done_sha256 text[] NOT NULL DEFAULT '{}',"
    " started_stmt integer,"
    " started_xid bigint,"
    " status text NOT NULL CHECK (status IN ('running', 'applied', 'failed')),"
    " heads text[],"
    " error text,"
    " started_at timestamptz NOT NULL DEFAULT now(),"
    " finished_at timestamptz,"
    " applied_by text NOT NULL DEFAULT session_user,"
    " client text,"
    " signers text);"
    "COMMENT ON TABLE airlock.history IS 'airlock-apply: one row per revision attempt; "
    "see docs/applier.md'";

static int ensure_history(struct run *r)
{
    if (r->history_exists)
        return 0;
    PGresult *res = PQexec(r->conn, history_ddl);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        struct pgerr pe;
        fill_pgerr(r, r->conn, res, &pe);
        PQclear(res);
        return fail(r, APPLY_EXIT_DB, "cannot create airlock.history: %s", pgerr_text(r, &pe));
    }
    PQclear(res);
    r->history_exists = true;
    return 0;
}

static int read_state(struct run *r)
{
    const struct manifest *m = r->m;
    char *t = NULL;
    if (q_value(r, r->conn, "SELECT to_regclass('airlock.history')::text", 0, NULL, &t))
        return APPLY_EXIT_DB;
    r->history_exists = t != NULL;
    r->heads = (struct heads){0};
    memset(&r->partial, 0, sizeof r->partial);
    r->partial.started_stmt = -1;
    r->last_seq_known = false;
    if (strcmp(m->version_table, "alembic") == 0) {
        /* Resolved once, schema-qualified: a migration may change search_path. */
        if (q_value(r, r->conn,
                    "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN "
                    "pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = "
                    "to_regclass('alembic_version')",
                    0, NULL, &r->alembic_table))
            return APPLY_EXIT_DB;
        if (r->alembic_table) {
            char *sql = arena_printf(r->a, "SELECT version_num FROM %s", r->alembic_table);
            PGresult *res = q(r, r->conn, sql, 0, NULL);
            if (!res)
                return APPLY_EXIT_DB;
            for (int i = 0; i < PQntuples(res); i++)
                heads_add(r->a, &r->heads, arena_strdup(r->a, PQgetvalue(res, i, 0)));
            PQclear(res);
        }
    }
    if (!r->history_exists)
        return 0;
    const char *p[] = {m->project, r->b->sha256};
    if (strcmp(m->version_table, "alembic") != 0) {
        PGresult *res = q(r, r->conn,
                          "SELECT unnest(heads) FROM (SELECT heads FROM airlock.history WHERE "
                          "project = $1 AND status = 'applied' ORDER BY id DESC LIMIT 1) s",
                          1, p);
        if (!res)
            return APPLY_EXIT_DB;
        for (int i = 0; i < PQntuples(res); i++)
            heads_add(r->a, &r->heads, arena_strdup(r->a, PQgetvalue(res, i, 0)));
        PQclear(res);
    }
    /* The graph as far as the target's history knows it. */
    PGresult *g = q(r, r->conn,
                    "SELECT DISTINCT ON (revision) revision, array_to_string(parents, ',') FROM "
                    "airlock.history WHERE project = $1 AND status = 'applied' ORDER BY revision, "
                    "id DESC",
                    1, p);
    if (!g)
        return APPLY_EXIT_DB;
    for (int i = 0; i < PQntuples(g); i++) {
        struct heads *ph = arena_alloc(r->a, sizeof *ph);
        char *list = arena_strdup(r->a, PQgetvalue(g, i, 1));
        for (char *s = list, *tok; (tok = strsep(&s, ",")) != NULL;)
            if (*tok)
                heads_add(r->a, ph, tok);
        hashmap_put(&r->known, arena_strdup(r->a, PQgetvalue(g, i, 0)), ph);
    }
    PQclear(g);
    /* The last sequence that changed the target, from any other bundle. */
    PGresult *res = q(r, r->conn,
                      "SELECT sequence, bundle_sha256 FROM airlock.history WHERE project = $1 AND "
                      "bundle_sha256 <> $2 AND (status = 'applied' OR done > 0 OR started_stmt IS "
                      "NOT NULL) ORDER BY sequence DESC, id DESC LIMIT 1",
                      2, p);
    if (!res)
        return APPLY_EXIT_DB;
    if (PQntuples(res) == 1) {
        r->last_seq_known = true;
        r->last_seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        r->last_seq_bundle = arena_strdup(r->a, PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    res = q(r, r->conn,
            "SELECT id, revision, statements, done, started_stmt, started_xid, status, "
            "bundle_sha256, array_to_string(done_sha256, ','), tx FROM airlock.history WHERE "
            "project = $1 ORDER BY id DESC LIMIT 1",
            1, p);
    if (!res)
        return APPLY_EXIT_DB;
    if (PQntuples(res) == 1) {
        /* Only a tx=off row can be unfinished with effects (a tx=on row is
         * written in its revision's transaction, or as 'failed' after it). */
        bool is_tx = strcmp(PQgetvalue(res, 0, 9), "t") == 0;
        const char *status = PQgetvalue(res, 0, 6);
        if (!is_tx && strcmp(status, "applied") != 0) {
            struct partial *pa = &r->partial;
            pa->present = true;
            pa->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
            pa->revision = arena_strdup(r->a, PQgetvalue(res, 0, 1));
            pa->statements = (uint32_t)strtoul(PQgetvalue(res, 0, 2), NULL, 10);
            pa->done = (uint32_t)strtoul(PQgetvalue(res, 0, 3), NULL, 10);
            pa->started_stmt =
                PQgetisnull(res, 0, 4) ? -1 : strtoll(PQgetvalue(res, 0, 4), NULL, 10);
            pa->started_xid = PQgetisnull(res, 0, 5) ? 0 : strtoll(PQgetvalue(res, 0, 5), NULL, 10);
            pa->status = arena_strdup(r->a, status);
            pa->bundle_sha256 = arena_strdup(r->a, PQgetvalue(res, 0, 7));
            pa->effective = pa->done > 0 || pa->started_stmt >= 0;
            char *list = arena_strdup(r->a, PQgetvalue(res, 0, 8));
            pa->hashes = arena_alloc(r->a, (pa->done + 1) * sizeof *pa->hashes);
            for (char *s = list, *tok; (tok = strsep(&s, ",")) && *tok;)
                if (pa->nhashes <= pa->done)
                    pa->hashes[pa->nhashes++] = tok;
        }
    }
    PQclear(res);
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Position: where the target is in the bundle                              */

/* Ancestors of the given heads (themselves included) as far as the bundle
 * and airlock.history (the parents of every revision applied through
 * airlock) know the graph: used to decide, like Alembic, whether a
 * downgrade step deletes a branch (its parents are still implied by another
 * head). */
static void ancestors(struct run *r, const struct heads *from, struct hashmap *seen)
{
    hashmap_init(seen, r->a);
    const char **stack = NULL;
    uint32_t n = 0, cap = 0;
    for (uint32_t i = 0; i < from->n; i++) {
        if (n == cap) {
            stack = arena_grow(r->a, stack, cap, cap ? cap * 2 : 16, sizeof *stack);
            cap = cap ? cap * 2 : 16;
        }
        stack[n++] = from->v[i];
    }
    while (n) {
        const char *id = stack[--n];
        if (hashmap_get(seen, id))
            continue;
        hashmap_put(seen, id, (void *)id);
        const struct manifest_rev *rev = hashmap_get(&r->revs, id);
        const struct heads *kp = rev ? NULL : hashmap_get(&r->known, id);
        uint32_t np = rev ? rev->nparents : kp ? kp->n : 0;
        for (uint32_t i = 0; i < np; i++) {
            if (n == cap) {
                stack = arena_grow(r->a, stack, cap, cap ? cap * 2 : 16, sizeof *stack);
                cap = cap ? cap * 2 : 16;
            }
            stack[n++] = rev ? rev->parents[i] : kp->v[i];
        }
    }
}

/* Applies one step of the bundle to heads h, the way Alembic's
 * HeadMaintainer.update_to_step does, and lists the alembic_version
 * statements it implies. Returns -1 when the step cannot apply to h. */
static int step(struct run *r, struct heads *h, const struct manifest_rev *rev, struct vop **ops,
                uint32_t *nops)
{
    struct vop *v = arena_alloc(r->a, (rev->nparents + 2) * sizeof *v);
    uint32_t n = 0;
    if (!r->m->down) {
        const char **ph = arena_alloc(r->a, (rev->nparents + 1) * sizeof *ph);
        uint32_t nph = 0;
        for (uint32_t i = 0; i < rev->nparents; i++)
            if (heads_has(h, rev->parents[i]))
                ph[nph++] = rev->parents[i];
        if (nph == 0) {
            /* a base, or a branch from a revision that is no longer a head */
            v[n++] = (struct vop){VOP_INSERT, NULL, rev->id};
        } else {
            /* along a branch (one parent) or a merge: delete all but one, update that one */
            for (uint32_t i = 0; i + 1 < nph; i++)
                v[n++] = (struct vop){VOP_DELETE, ph[i], NULL};
            v[n++] = (struct vop){VOP_UPDATE, ph[nph - 1], rev->id};
            for (uint32_t i = 0; i < nph; i++)
                heads_del(h, ph[i]);
        }
        heads_add(r->a, h, rev->id);
    } else {
        if (!heads_has(h, rev->id))
            return -1;
        heads_del(h, rev->id);
        struct hashmap anc;
        ancestors(r, h, &anc);
        const char **to = arena_alloc(r->a, (rev->nparents + 1) * sizeof *to);
        uint32_t nto = 0;
        for (uint32_t i = 0; i < rev->nparents; i++)
            if (!hashmap_get(&anc, rev->parents[i]))
                to[nto++] = rev->parents[i];
        if (nto == 0) {
            /* a base, or every parent is still implied by another head */
            v[n++] = (struct vop){VOP_DELETE, rev->id, NULL};
        } else if (rev->nparents > 1) {
            /* unmerge: the merge row becomes one parent, the others are inserted */
            v[n++] = (struct vop){VOP_UPDATE, rev->id, to[nto - 1]};
            for (uint32_t i = 0; i + 1 < nto; i++)
                v[n++] = (struct vop){VOP_INSERT, NULL, to[i]};
        } else {
            v[n++] = (struct vop){VOP_UPDATE, rev->id, rev->parents[0]};
        }
        for (uint32_t i = 0; i < nto; i++)
            heads_add(r->a, h, to[i]);
    }
    *ops = v;
    *nops = n;
    return 0;
}

/* Finds k such that the target's heads equal the heads after the bundle's
 * first k revisions. Heads that the bundle never names (other branches) are
 * carried along, unless the bundle starts at base. Returns -1 if none. */
static int find_position(struct run *r, int *k_out)
{
    const struct manifest *m = r->m;
    struct heads s = {0};
    if (m->from)
        heads_add(r->a, &s, m->from);
    for (uint32_t i = 0; i < r->heads.n; i++) {
        const char *id = r->heads.v[i];
        bool named = hashmap_get(&r->revs, id) || (m->from && strcmp(m->from, id) == 0);
        if (!named && m->from)
            heads_add(r->a, &s, id);
    }
    for (uint32_t k = 0;; k++) {
        if (heads_eq(&s, &r->heads)) {
            *k_out = (int)k;
            return 0;
        }
        if (k == m->nrevs)
            break;
        struct vop *ops;
        uint32_t nops;
        if (step(r, &s, &m->revs[k], &ops, &nops))
            break;
    }
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Drift                                                                    */

/* The live schema text in the canonical form (ARCHITECTURE.md), from
 * bundle/introspect.c, the same code as `airlock introspect`. */
static int live_schema_text(struct run *r, PGconn *c, struct strbuf *out, struct err *e)
{
    (void)r;
    return introspect_conn_schema_text(c, out, e);
}

static const struct bundle_entry *schema_entry(struct run *r, int k)
{
    const char *want = k == 0 ? r->m->schema_from_sha256 : r->m->revs[k - 1].schema_sha256;
    const char *path = k == 0 ? "schema/_from.schema"
                              : arena_printf(r->a, "schema/%s.schema", r->m->revs[k - 1].id);
    for (uint32_t i = 0; i < r->m->nfiles; i++) {
        const struct manifest_file *f = &r->m->files[i];
        if (strcmp(f->path, path) == 0 && strcmp(f->sha256, want) == 0)
            return bundle_entry(r->b, f->path);
    }
    /* Any schema file with the expected hash is the same text. */
    for (uint32_t i = 0; i < r->m->nfiles; i++) {
        const struct manifest_file *f = &r->m->files[i];
        if (strncmp(f->path, "schema/", 7) == 0 && strcmp(f->sha256, want) == 0)
            return bundle_entry(r->b, f->path);
    }
    return NULL;
}

/* 0: no drift (or check not possible, said so); APPLY_EXIT_DRIFT with the
 * diff in report. */
static int check_drift(struct run *r, int k, struct strbuf *report, bool *checked)
{
    *checked = false;
    const struct bundle_entry *want = schema_entry(r, k);
    if (!want) {
        note(r, APPLY_EV_WARN, "drift", "drift check skipped: the bundle has no schema text for %s",
             k == 0 ? "its start" : r->m->revs[k - 1].id);
        return 0;
    }
    struct strbuf live = STRBUF_INIT;
    struct err e = {0};
    if (live_schema_text(r, r->conn, &live, &e)) {
        sb_release(&live);
        note(r, APPLY_EV_WARN, "drift", "drift check skipped: %s", e.msg);
        return 0;
    }
    *checked = true;
    char *label = arena_printf(r->a, "expected (bundle %s)", want->path);
    size_t changed = textdiff_unified((const char *)want->data, want->len, live.buf ? live.buf : "",
                                      live.len, label, "live (target database)", report);
    sb_release(&live);
    if (!changed)
        return 0;
    return APPLY_EXIT_DRIFT;
}

/* ---------------------------------------------------------------------- */
/* Executing bundle SQL                                                     */

/* IT_CLOCK: the server's clock between pipelined statements, which gives
 * each statement its real duration although all results arrive together. */
enum item_kind { IT_CTL, IT_STMT, IT_BOOK, IT_VOP_UPDATE, IT_CLOCK };

#define SQL_CLOCK "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
/* SET LOCAL ROLE NONE: bookkeeping as the session user whatever role the
 * revision switched to. */
#define SQL_OWN_ROLE "SELECT set_config('role', 'none', true)"
/* A tx=on revision's settings, as SET LOCAL (set_config(..., true)), and
 * the first clock reading, in one prepared statement. */
#define SQL_SETUP                                                                                  \
    "SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true), "     \
    "set_config('synchronous_commit', $3, true), "                                                 \
    "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

struct item {
    enum item_kind kind;
    const char *sql;
    const char *prepared; /* name of the applier's prepared statement for sql, or NULL */
    int nparams;
    const char *params[16];
    uint32_t stmt; /* IT_STMT: index in the revision */
    const char *copy;
    size_t copylen;
    bool has_copy;
};

struct exec_out {
    int failed; /* index of the first failing item, -1 = none */
    struct pgerr err;
    int64_t *end_us; /* per item, when its result arrived */
    int64_t *clock;  /* IT_CLOCK: server time in microseconds, 0 if not run */
};

/* A revision's SQL: NUL-terminated copies of its statements and the COPY
 * data that follows any of them (psql's layout: data lines after the
 * statement, ended by a line "\."). */
struct rev_sql {
    const struct bundle_entry *file;
    char **text;
    const char **copy;
    size_t *copylen;
    bool *has_copy;
    bool any_copy;
};

static void tick(struct run *r)
{
    emit(r, APPLY_EV_TICK, NULL);
}

static PGresult *get_result(struct run *r, PGconn *c)
{
    while (PQisBusy(c)) {
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        int n = poll(&p, 1, 250);
        if (n == 0) {
            tick(r);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (!PQconsumeInput(c))
            break;
    }
    return PQgetResult(c);
}

static int load_rev_sql(struct run *r, const struct manifest_rev *rev, struct rev_sql *s)
{
    memset(s, 0, sizeof *s);
    s->file = bundle_entry(r->b, rev->up_path);
    if (!s->file)
        return fail(r, APPLY_EXIT_INVALID, "bundle has no entry %s for revision %s", rev->up_path,
                    rev->id);
    const char *data = (const char *)s->file->data;
    size_t len = s->file->len;
    uint32_t n = rev->nstmts;
    s->text = arena_alloc(r->a, (n + 1) * sizeof *s->text);
    s->copy = arena_alloc(r->a, (n + 1) * sizeof *s->copy);
    s->copylen = arena_alloc(r->a, (n + 1) * sizeof *s->copylen);
    s->has_copy = arena_alloc(r->a, (n + 1) * sizeof *s->has_copy);
    for (uint32_t i = 0; i < n; i++) {
        const struct manifest_stmt *st = &rev->stmts[i];
        if (st->offset > len || st->length > len - st->offset)
            return fail(r, APPLY_EXIT_INVALID, "%s: statement %u lies outside the file",
                        rev->up_path, i + 1);
        if (memchr(data + st->offset, 0, st->length))
            return fail(r, APPLY_EXIT_INVALID, "%s: statement %u contains a NUL byte", rev->up_path,
                        i + 1);
        s->text[i] = arena_strndup(r->a, data + st->offset, st->length);
        /* COPY data lives in the gap before the next statement. */
        size_t gap = st->offset + st->length;
        size_t gap_end = i + 1 < n ? rev->stmts[i + 1].offset : len;
        if (gap_end <= gap)
            continue;
        const char *nl = memchr(data + gap, '\n', gap_end - gap);
        if (!nl)
            continue;
        size_t dstart = (size_t)(nl - data) + 1, line = dstart;
        while (line < gap_end) {
            const char *e = memchr(data + line, '\n', gap_end - line);
            size_t lend = e ? (size_t)(e - data) : gap_end;
            size_t l = lend - line;
            if (l && data[line + l - 1] == '\r')
                l--;
            if (l == 2 && data[line] == '\\' && data[line + 1] == '.') {
                s->copy[i] = data + dstart;
                s->copylen[i] = line - dstart;
                s->has_copy[i] = true;
                s->any_copy = true;
                break;
            }
            line = lend + 1;
        }
    }
    return 0;
}

/* Feeds COPY FROM STDIN data through libpq's copy protocol. */
static void send_copy(struct run *r, PGconn *c, const struct item *it)
{
    if (!it->has_copy) {
        PQputCopyEnd(c, "the bundle carries no COPY data for this statement");
        return;
    }
    size_t off = 0;
    while (off < it->copylen) {
        size_t n = it->copylen - off > 65536 ? 65536 : it->copylen - off;
        if (PQputCopyData(c, it->copy + off, (int)n) != 1)
            break;
        off += n;
        tick(r);
    }
    PQputCopyEnd(c, NULL);
}

/* Collects the results of one item (until NULL). Returns 1 if it failed. */
static int collect(struct run *r, PGconn *c, const struct item *it, struct exec_out *out, int idx,
                   bool *broken)
{
    int failed = 0;
    PGresult *res;
    while ((res = get_result(r, c)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        switch (st) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY:
            if ((it->kind == IT_CLOCK || it->kind == IT_BOOK) && st == PGRES_TUPLES_OK &&
                PQntuples(res) == 1 && PQnfields(res) >= 2 - (it->kind == IT_CLOCK))
                out->clock[idx] = strtoll(PQgetvalue(res, 0, PQnfields(res) - 1), NULL, 10);
            if (it->kind == IT_VOP_UPDATE && strcmp(PQcmdTuples(res), "1") != 0 && !failed &&
                out->failed < 0) {
                /* Alembic's own check: an UPDATE must match exactly one row. */
                out->failed = idx;
                memset(&out->err, 0, sizeof out->err);
                out->err.msg = arena_printf(
                    r->a,
                    "alembic_version: expected to match one row when updating '%s' to '%s'; "
                    "%s found",
                    it->params[0], it->params[1], PQcmdTuples(res));
                failed = 1;
            }
            break;
        case PGRES_COPY_IN:
            send_copy(r, c, it);
            break;
        case PGRES_COPY_OUT: {
            char *buf;
            while (PQgetCopyData(c, &buf, 0) > 0)
                PQfreemem(buf);
            break;
        }
        case PGRES_PIPELINE_ABORTED:
            failed = 1;
            break;
        default:
            if (out->failed < 0) {
                out->failed = idx;
                fill_pgerr(r, c, res, &out->err);
            }
            failed = 1;
            if (PQstatus(c) == CONNECTION_BAD)
                *broken = true;
            break;
        }
        PQclear(res);
        if (*broken)
            break;
    }
    if (PQstatus(c) == CONNECTION_BAD)
        *broken = true;
    out->end_us[idx] = ledger_now_us();
    return failed;
}

static int send_item(PGconn *c, const struct item *it)
{
    if (it->prepared)
        return PQsendQueryPrepared(c, it->prepared, it->nparams, it->params, NULL, NULL, 0);
    return PQsendQueryParams(c, it->sql, it->nparams, NULL, it->params, NULL, NULL, 0);
}

/* Runs items in order, pipelined (one round trip) or one by one. Returns 0
 * when all succeeded, 1 when one failed (out->failed, out->err), -1 when the
 * connection broke (r->e filled). kill_stmts: the statement boundary test
 * hook fires as each bundle statement's result arrives. */
static int exec_items(struct run *r, struct item *items, int n, bool pipelined, bool kill_stmts,
                      struct exec_out *out)
{
    PGconn *c = r->conn;
    out->failed = -1;
    out->end_us = arena_alloc(r->a, (size_t)(n + 1) * sizeof *out->end_us);
    out->clock = arena_alloc(r->a, (size_t)(n + 1) * sizeof *out->clock);
    bool broken = false;
    if (pipelined) {
        if (!PQenterPipelineMode(c))
            return err_set(r->e, APPLY_EXIT_DB, "cannot enter pipeline mode: %s",
                           trim_msg(r->a, PQerrorMessage(c)));
        for (int i = 0; i < n; i++) {
            if (!send_item(c, &items[i])) {
                err_set(r->e, APPLY_EXIT_DB, "cannot send to the target: %s",
                        trim_msg(r->a, PQerrorMessage(c)));
                return -1;
            }
        }
        if (!PQpipelineSync(c))
            return err_set(r->e, APPLY_EXIT_DB, "cannot send to the target: %s",
                           trim_msg(r->a, PQerrorMessage(c)));
        for (int i = 0; i < n && !broken; i++) {
            if (items[i].kind == IT_STMT && r->prog_stmt != items[i].stmt + 1) {
                r->prog_stmt = items[i].stmt + 1;
                emit(r, APPLY_EV_STMT, NULL);
            }
            int f = collect(r, c, &items[i], out, i, &broken);
            if (!f && kill_stmts && items[i].kind == IT_STMT)
                statement_boundary(r);
        }
        /* The sync point's result ends the pipeline. */
        for (int guard = 0; !broken && guard < 4; guard++) {
            PGresult *res = get_result(r, c);
            if (!res)
                continue;
            ExecStatusType st = PQresultStatus(res);
            PQclear(res);
            if (st == PGRES_PIPELINE_SYNC)
                break;
        }
        if (!broken && !PQexitPipelineMode(c))
            broken = true;
    } else {
        for (int i = 0; i < n && !broken; i++) {
            if (items[i].kind == IT_STMT && r->prog_stmt != items[i].stmt + 1) {
                r->prog_stmt = items[i].stmt + 1;
                emit(r, APPLY_EV_STMT, NULL);
            }
            if (!send_item(c, &items[i])) {
                broken = true;
                break;
            }
            int f = collect(r, c, &items[i], out, i, &broken);
            if (f)
                break;
            if (kill_stmts && items[i].kind == IT_STMT)
                statement_boundary(r);
        }
    }
    if (broken || PQstatus(c) == CONNECTION_BAD) {
        err_set(r->e, APPLY_EXIT_DB, "lost the connection to the target: %s",
                trim_msg(r->a, PQerrorMessage(c)));
        return -1;
    }
    return out->failed >= 0 ? 1 : 0;
}

/* Plain control statement on the work connection (BEGIN/COMMIT/ROLLBACK/SET). */
static int ctl(struct run *r, const char *sql, struct pgerr *pe)
{
    PGresult *res = PQexec(r->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        if (pe)
            fill_pgerr(r, r->conn, res, pe);
        rc = -1;
    }
    PQclear(res);
    return rc;
}

static bool retryable(const char *state)
{
    /* 55P03 lock_not_available (lock_timeout), 40P01 deadlock_detected. */
    return strcmp(state, "55P03") == 0 || strcmp(state, "40P01") == 0;
}

static double backoff_ms(int attempt)
{
    double d = 100.0;
    for (int i = 0; i < attempt && d < 10000; i++)
        d *= 2;
    if (d > 10000)
        d = 10000;
    return jitter(d / 2, d);
}

/* 1-based line and column of a byte offset in a file. */
static void locate(const unsigned char *data, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n') {
            l++;
            c = 1;
        } else if ((data[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Fills e for a failed statement: file:line:col of the error position. */
static int stmt_failure(struct run *r, const struct manifest_rev *rev, const struct rev_sql *s,
                        uint32_t idx, const struct pgerr *pe)
{
    const struct manifest_stmt *st = &rev->stmts[idx];
    size_t off = st->offset;
    /* The server's position counts characters from 1 within the statement. */
    for (int chars = 1; pe->pos > 0 && chars < pe->pos && off < st->offset + st->length; off++)
        if ((s->file->data[off + 1] & 0xC0) != 0x80)
            chars++;
    struct err *e = r->e;
    snprintf(e->file, sizeof e->file, "%s", rev->up_path);
    locate(s->file->data, off, &e->line, &e->col);
    return fail(r, APPLY_EXIT_FAILED, "revision %s statement %u: %s", rev->id, idx + 1,
                pgerr_text(r, pe));
}

/* ---------------------------------------------------------------------- */
/* Bookkeeping statements                                                   */

static const char sql_history_insert[] =
    "INSERT INTO airlock.history (project, sequence, bundle_sha256, direction, seq, revision, "
    "tx, statements, done, status, heads, error, started_at, finished_at, client, signers, "
    "parents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12, "
    "$13::timestamptz, CASE WHEN $10 = 'running' THEN NULL ELSE clock_timestamp() END, $14, $15, "
    "$16::text[]) RETURNING id, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

struct hist_params {
    char seq[24], rseq[16], stmts[16], done[16], started[40];
    const char *p[16];
};

static void history_params(struct run *r, struct hist_params *hp, const struct manifest_rev *rev,
                           const char *status, uint32_t done, const struct heads *h,
                           const char *error, int64_t started_us)
{
    const struct manifest *m = r->m;
    snprintf(hp->seq, sizeof hp->seq, "%llu", (unsigned long long)m->sequence);
    snprintf(hp->rseq, sizeof hp->rseq, "%u", rev->seq);
    snprintf(hp->stmts, sizeof hp->stmts, "%u", rev->nstmts);
    snprintf(hp->done, sizeof hp->done, "%u", done);
    char t[32];
    ledger_time_text(started_us, t);
    snprintf(hp->started, sizeof hp->started, "%s", t);
    struct heads ph = {0};
    for (uint32_t i = 0; i < rev->nparents; i++)
        heads_add(r->a, &ph, rev->parents[i]);
    const char *p[16] = {m->project,
                         hp->seq,
                         r->b->sha256,
                         m->down ? "down" : "up",
                         hp->rseq,
                         rev->id,
                         rev->tx ? "true" : "false",
                         hp->stmts,
                         hp->done,
                         status,
                         h ? heads_array(r->a, h) : NULL,
                         error,
                         hp->started,
                         r->client,
                         r->signers,
                         NULL};
    p[15] = heads_array(r->a, &ph);
    memcpy(hp->p, p, sizeof p);
}

/* alembic_version statements, worded as Alembic words them. */
static void vop_item(struct run *r, const struct vop *v, struct item *it)
{
    memset(it, 0, sizeof *it);
    const char *t = r->alembic_table;
    switch (v->kind) {
    case VOP_INSERT:
        it->kind = IT_BOOK;
        it->sql = arena_printf(r->a, "INSERT INTO %s (version_num) VALUES ($1)", t);
        it->nparams = 1;
        it->params[0] = v->to;
        break;
    case VOP_UPDATE:
        it->kind = IT_VOP_UPDATE;
        it->sql =
            arena_printf(r->a, "UPDATE %s SET version_num=$2 WHERE %s.version_num = $1", t, t);
        it->nparams = 2;
        it->params[0] = v->from;
        it->params[1] = v->to;
        break;
    case VOP_DELETE:
        it->kind = IT_VOP_UPDATE; /* Alembic checks deletes the same way */
        it->sql = arena_printf(r->a, "DELETE FROM %s WHERE %s.version_num = $1", t, t);
        it->nparams = 1; /* params[1] only names the change in a mismatch message */
        it->params[0] = v->from;
        it->params[1] = "(deleted)";
        break;
    }
}

static bool use_alembic(struct run *r)
{
    return strcmp(r->m->version_table, "alembic") == 0;
}

/* Creates alembic_version exactly as Alembic does, when absent. */
static int ensure_alembic_table(struct run *r)
{
    if (!use_alembic(r) || r->alembic_table)
        return 0;
    if (q_ok(r, r->conn,
             "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
             "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
             0, NULL) ||
        q_value(r, r->conn,
                "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace "
                "n ON n.oid = c.relnamespace WHERE c.oid = to_regclass('alembic_version')",
                0, NULL, &r->alembic_table))
        return APPLY_EXIT_DB;
    if (!r->alembic_table)
        return fail(r, APPLY_EXIT_DB, "alembic_version was created but cannot be found");
    return 0;
}

/* ---------------------------------------------------------------------- */
/* tx=on: one transaction per revision                                      */

/* Per-statement ledger rows of one tx=on attempt. Times come from the
 * server's clock items when the revision was pipelined, placed on the
 * client's timeline; otherwise from when each result arrived. */
static void ledger_stmts(struct run *r, int64_t rev_row, const struct manifest_rev *rev,
                         const struct item *items, int n, const struct exec_out *out,
                         int64_t start_us, bool committed, const char *err_text)
{
    int64_t first = 0, prev = start_us;
    for (int i = 0; i < n; i++) {
        if (items[i].kind == IT_CLOCK) {
            if (out->clock[i] && !first)
                first = out->clock[i];
            if (out->clock[i])
                prev = start_us + (out->clock[i] - first);
            continue;
        }
        if (items[i].kind != IT_STMT)
            continue;
        if (out->failed >= 0 && i > out->failed)
            break;
        int64_t end = out->end_us[i] ? out->end_us[i] : prev;
        for (int j = i + 1; first && j < n && items[j].kind != IT_STMT; j++) {
            if (out->clock[j]) {
                end = start_us + (out->clock[j] - first);
                break;
            }
        }
        if (end < prev)
            end = prev;
        bool bad = out->failed == i;
        ledger_stmt(r->led, rev_row, items[i].stmt, rev->stmts[items[i].stmt].sha256, prev, end,
                    bad         ? "failed"
                    : committed ? "ok"
                                : "rolled-back",
                    bad ? err_text : NULL, NULL);
        prev = end;
    }
}

static int replay_tx_on(struct run *r, uint32_t k)
{
    const struct manifest_rev *rev = &r->m->revs[k];
    struct rev_sql s;
    int rc = load_rev_sql(r, rev, &s);
    if (rc)
        return rc;
    if ((rc = ensure_alembic_table(r)))
        return rc;
    bool pipelined = !s.any_copy && rev->nstmts <= PIPELINE_MAX;
    char *lock_ms = arena_printf(r->a, "%dms", r->o->lock_timeout_ms);
    char *stmt_ms = arena_printf(r->a, "%dms", r->o->statement_timeout_ms);
    for (int attempt = 0;; attempt++) {
        struct heads h = heads_copy(r->a, &r->heads);
        struct vop *ops;
        uint32_t nops;
        if (step(r, &h, rev, &ops, &nops))
            return fail(r, APPLY_EXIT_POSITION, "revision %s cannot be undone: it is not a head",
                        rev->id);
        int n = 0, max = 2 * (int)rev->nstmts + (int)nops + 7;
        struct item *items = arena_alloc(r->a, (size_t)max * sizeof *items);
        items[n++] = (struct item){.kind = IT_CTL, .sql = "BEGIN"};
        /* SET LOCAL lock_timeout, statement_timeout. Only the run's last
         * commit waits for the WAL flush, which makes every earlier one
         * durable too (the WAL is flushed in order); until then a server
         * crash can lose the newest revisions, but only whole, each with its
         * own history row: the target stays explained. */
        struct item *setup = &items[n++];
        *setup = (struct item){
            .kind = IT_CLOCK, .sql = SQL_SETUP, .prepared = "airlock_setup", .nparams = 3};
        setup->params[0] = lock_ms;
        setup->params[1] = stmt_ms;
        setup->params[2] = k + 1 < r->m->nrevs ? "off" : "on";
        for (uint32_t i = 0; i < rev->nstmts; i++) {
            items[n++] = (struct item){.kind = IT_STMT,
                                       .sql = s.text[i],
                                       .stmt = i,
                                       .copy = s.copy[i],
                                       .copylen = s.copylen[i],
                                       .has_copy = s.has_copy[i]};
            /* the history row's clock_timestamp() ends the last statement */
            if (pipelined && i + 1 < rev->nstmts)
                items[n++] =
                    (struct item){.kind = IT_CLOCK, .sql = SQL_CLOCK, .prepared = "airlock_clock"};
        }
        int64_t start_us = ledger_now_us();
        struct hist_params hp;
        history_params(r, &hp, rev, "applied", rev->nstmts, &h, NULL, start_us);
        /* alembic_version as the migration's role (like Alembic), the
         * history row as the applier's own (a SET ROLE in the revision
         * outlives the SET LOCAL, which ends with the transaction). */
        for (uint32_t i = 0; use_alembic(r) && i < nops; i++)
            vop_item(r, &ops[i], &items[n++]);
        items[n++] = (struct item){.kind = IT_CTL, .sql = SQL_OWN_ROLE, .prepared = "airlock_role"};
        struct item *hi = &items[n++];
        *hi = (struct item){.kind = IT_BOOK,
                            .sql = sql_history_insert,
                            .prepared = "airlock_history",
                            .nparams = 16};
        memcpy(hi->params, hp.p, sizeof hp.p);

        int64_t rev_row = 0;
        ledger_rev_begin(r->led, r->run_id, rev->seq, rev->id, true, (uint32_t)attempt + 1,
                         rev->nstmts, &rev_row, NULL);
        r->prog_stmt = 0;
        r->prog_nstmts = rev->nstmts;
        emit(r, APPLY_EV_REV_BEGIN, NULL);
        struct exec_out out;
        int x = exec_items(r, items, n, pipelined, true, &out);
        if (x < 0)
            return APPLY_EXIT_DB;
        struct pgerr commit_err;
        if (x == 0 && ctl(r, "COMMIT", &commit_err) == 0) {
            r->heads = h;
            ledger_stmts(r, rev_row, rev, items, n, &out, start_us, true, NULL);
            ledger_rev_end(r->led, rev_row, "applied", rev->nstmts, NULL, NULL);
            if (ledger_now_us() - r->last_flush_us > 200000)
                flush_ledger(r);
            emit(r, APPLY_EV_REV_END, "applied");
            return 0;
        }
        if (x == 0) {
            /* COMMIT itself failed (deferred constraint, serialization): it
             * is the revision's failure, located at its last statement. */
            out.failed = n - 1;
            out.err = commit_err;
        }
        ctl(r, "ROLLBACK", NULL);
        if (PQstatus(r->conn) == CONNECTION_BAD)
            return fail(r, APPLY_EXIT_DB, "lost the connection to the target: %s",
                        trim_msg(r->a, PQerrorMessage(r->conn)));
        char *etext = pgerr_text(r, &out.err);
        ledger_stmts(r, rev_row, rev, items, n, &out, start_us, false, etext);
        if (retryable(out.err.state) && attempt < r->o->max_lock_retries) {
            double wait = backoff_ms(attempt);
            ledger_rev_end(r->led, rev_row, "retry", 0, etext, NULL);
            r->prog_stmt = 0;
            note(r, APPLY_EV_RETRY, "retry",
                 "revision %s: %s; rolled back, retry %d of %d in %.2fs", rev->id, out.err.msg,
                 attempt + 1, r->o->max_lock_retries, wait / 1000);
            flush_ledger(r);
            sleep_ms(wait);
            continue;
        }
        /* The failure goes on record outside the rolled-back transaction. */
        int fcode;
        if (out.failed >= 0 && items[out.failed].kind == IT_STMT) {
            fcode = stmt_failure(r, rev, &s, items[out.failed].stmt, &out.err);
        } else if (out.failed == n - 1 && x == 0) {
            fcode = fail(r, APPLY_EXIT_FAILED, "revision %s: COMMIT failed: %s", rev->id, etext);
        } else {
            fcode = fail(r, APPLY_EXIT_DB, "revision %s: bookkeeping failed: %s", rev->id, etext);
        }
        if (retryable(out.err.state))
            snprintf(r->e->msg + strlen(r->e->msg), sizeof r->e->msg - strlen(r->e->msg),
                     " (gave up after %d retries)", r->o->max_lock_retries);
        struct hist_params fp;
        history_params(r, &fp, rev, "failed", 0, NULL, r->e->msg, start_us);
        struct err save = *r->e;
        (void)q_ok(r, r->conn, sql_history_insert, 16, fp.p);
        *r->e = save;
        ledger_rev_end(r->led, rev_row, "failed", 0, r->e->msg, NULL);
        emit(r, APPLY_EV_REV_END, "failed");
        return fcode;
    }
}

/* ---------------------------------------------------------------------- */
/* tx=off: statement by statement, each recorded before the next           */

static const char sql_record_done[] =
    "UPDATE airlock.history SET done = $2::integer, done_sha256 = done_sha256 || $3::text, "
    "started_stmt = NULL, started_xid = NULL WHERE id = $1 AND done = $2::integer - 1";

/* Indexes left INVALID by an interrupted or failed CREATE INDEX
 * CONCURRENTLY of ours: created (pg_class.xmin) after the statement was
 * marked started, and not being built by any live backend. Drops them so
 * that the statement can run again. */
static int drop_invalid_indexes(struct run *r, int64_t since_xid)
{
    char xid[24];
    snprintf(xid, sizeof xid, "%lld", (long long)since_xid);
    const char *p[] = {xid};
    PGresult *res = q(r, r->conn,
                      "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i JOIN pg_class "
                      "c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE NOT i.indisvalid AND age(c.xmin) < txid_current() - $1::bigint AND "
                      "NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index x WHERE "
                      "x.index_relid = i.indexrelid) ORDER BY 1",
                      1, p);
    if (!res)
        return APPLY_EXIT_DB;
    int rc = 0;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        const char *name = PQgetvalue(res, i, 0);
        note(r, APPLY_EV_WARN, "invalid-index",
             "dropping INVALID index %s left by an interrupted CREATE INDEX CONCURRENTLY; the "
             "statement will build it again",
             name);
        char *sql = arena_printf(r->a, "DROP INDEX CONCURRENTLY IF EXISTS %s", name);
        struct pgerr pe;
        if (ctl(r, sql, &pe))
            rc = fail(r, APPLY_EXIT_FAILED, "cannot drop INVALID index %s: %s", name,
                      pgerr_text(r, &pe));
    }
    PQclear(res);
    return rc;
}

static int reload_done(struct run *r, int64_t row, uint32_t *done)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)row);
    const char *p[] = {id};
    char *v = NULL;
    if (q_value(r, r->conn, "SELECT done FROM airlock.history WHERE id = $1", 1, p, &v) || !v)
        return APPLY_EXIT_DB;
    *done = (uint32_t)strtoul(v, NULL, 10);
    return 0;
}

/* Outcome of one tx=off statement. */
enum off_rc { OFF_OK, OFF_FAILED, OFF_FATAL };

/* Runs statement i of a tx=off revision. When the session is not inside a
 * transaction the statement runs in a small one together with its record,
 * so that it and its record commit atomically; statements PostgreSQL
 * refuses in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...)
 * then run bare, marked as started first. Inside a transaction the revision
 * opened itself (BEGIN ... COMMIT in its SQL), the statement and its record
 * simply join that transaction. */
static enum off_rc run_off_stmt(struct run *r, const struct manifest_rev *rev,
                                const struct rev_sql *s, int64_t row, uint32_t i, bool uncertain,
                                struct pgerr *pe, int *code)
{
    char id[24], next[16];
    snprintf(id, sizeof id, "%lld", (long long)row);
    snprintf(next, sizeof next, "%u", i + 1);
    struct item stmt = {.kind = IT_STMT,
                        .sql = s->text[i],
                        .stmt = i,
                        .copy = s->copy[i],
                        .copylen = s->copylen[i],
                        .has_copy = s->has_copy[i]};
    struct item rec = {.kind = IT_VOP_UPDATE, .sql = sql_record_done, .nparams = 3};
    rec.params[0] = id;
    rec.params[1] = next;
    rec.params[2] = rev->stmts[i].sha256;
    struct exec_out out;
    memset(pe, 0, sizeof *pe);

    if (PQtransactionStatus(r->conn) == PQTRANS_INTRANS) {
        struct item items[2] = {stmt, rec};
        int x = exec_items(r, items, 2, false, false, &out);
        if (x < 0)
            return (*code = APPLY_EXIT_DB), OFF_FATAL;
        if (x == 0)
            return OFF_OK;
        *pe = out.err;
        ctl(r, "ROLLBACK", NULL);
        return OFF_FAILED;
    }

    r->begin_warning = false;
    struct item items[4] = {
        {.kind = IT_CTL, .sql = "BEGIN"}, stmt, {.kind = IT_CTL, .sql = SQL_OWN_ROLE}, rec};
    int x = exec_items(r, items, 4, !s->has_copy[i], false, &out);
    if (x < 0)
        return (*code = APPLY_EXIT_DB), OFF_FATAL;
    if (x == 0) {
        if (r->begin_warning) {
            /* The statement was a BEGIN: undo our wrapper and let it open the
             * revision's own transaction, which its records then join. */
            ctl(r, "ROLLBACK", NULL);
            struct item again[2] = {stmt, rec};
            x = exec_items(r, again, 2, false, false, &out);
            if (x < 0)
                return (*code = APPLY_EXIT_DB), OFF_FATAL;
            if (x) {
                *pe = out.err;
                ctl(r, "ROLLBACK", NULL);
                return OFF_FAILED;
            }
            return OFF_OK;
        }
        PGTransactionStatusType ts = PQtransactionStatus(r->conn);
        /* IDLE: the statement ended our wrapper itself (COMMIT/ROLLBACK);
         * its record ran in its own implicit transaction, already committed. */
        if (ts == PQTRANS_INTRANS && ctl(r, "COMMIT", pe))
            return OFF_FAILED;
        return OFF_OK;
    }
    *pe = out.err;
    ctl(r, "ROLLBACK", NULL);
    if (out.failed != 1 || (strcmp(pe->state, "25001") != 0 && strcmp(pe->state, "2D000") != 0))
        return OFF_FAILED;

    /* Not allowed in a transaction block: mark started, run bare, record. */
    const char *sp[] = {id, arena_printf(r->a, "%u", i)};
    if (q_ok(r, r->conn,
             "UPDATE airlock.history SET started_stmt = $2::integer, started_xid = txid_current() "
             "WHERE id = $1",
             2, sp))
        return (*code = APPLY_EXIT_DB), OFF_FATAL;
    char *xid = NULL;
    if (q_value(r, r->conn, "SELECT started_xid FROM airlock.history WHERE id = $1", 1, sp, &xid))
        return (*code = APPLY_EXIT_DB), OFF_FATAL;
    x = exec_items(r, &stmt, 1, false, false, &out);
    if (x < 0)
        return (*code = APPLY_EXIT_DB), OFF_FATAL;
    if (x) {
        *pe = out.err;
        int rc = drop_invalid_indexes(r, xid ? strtoll(xid, NULL, 10) : 0);
        if (rc)
            return (*code = rc), OFF_FATAL;
        if (uncertain && (strcmp(pe->state, "42P07") == 0 || strcmp(pe->state, "42710") == 0)) {
            /* Started by the interrupted run, no INVALID leftover, and its
             * object exists: that run completed it before dying. */
            note(r, APPLY_EV_WARN, "resume",
                 "revision %s statement %u: %s; it was started by the interrupted run, which "
                 "completed it: recorded as done",
                 rev->id, i + 1, pe->msg);
        } else {
            q_ok(r, r->conn,
                 "UPDATE airlock.history SET started_stmt = NULL, started_xid = NULL WHERE id = $1",
                 1, sp);
            return OFF_FAILED;
        }
    }
    struct item recs[2] = {{.kind = IT_CTL, .sql = SQL_OWN_ROLE}, rec};
    if (exec_items(r, recs, 2, true, false, &out) != 0) {
        *code = fail(r, APPLY_EXIT_DB, "cannot record statement %u of revision %s: %s", i + 1,
                     rev->id, out.err.msg ? out.err.msg : r->e->msg);
        return OFF_FATAL;
    }
    return OFF_OK;
}

static int replay_tx_off(struct run *r, uint32_t k, bool resume)
{
    const struct manifest_rev *rev = &r->m->revs[k];
    struct rev_sql s;
    int rc = load_rev_sql(r, rev, &s);
    if (rc)
        return rc;
    if ((rc = ensure_alembic_table(r)))
        return rc;
    int64_t start_us = ledger_now_us();
    int64_t row;
    uint32_t done = 0;
    bool uncertain = false;
    if (resume && r->partial.present) {
        row = r->partial.id;
        done = r->partial.done;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)row);
        const char *p[] = {id};
        if (q_ok(r, r->conn,
                 "UPDATE airlock.history SET status = 'running', error = NULL WHERE id = $1", 1, p))
            return APPLY_EXIT_DB;
        if (r->partial.effective)
            note(r, APPLY_EV_INFO, "resume",
                 "resuming revision %s at statement %u of %u (statements 1-%u verified by sha256)",
                 rev->id, done + 1, rev->nstmts, done);
        if (r->partial.started_stmt >= 0) {
            /* A statement outside a transaction was running when the last
             * run died: repair what it may have left, then run it again. */
            if ((rc = drop_invalid_indexes(r, r->partial.started_xid)))
                return rc;
            uncertain = true;
        }
    } else {
        struct hist_params hp;
        history_params(r, &hp, rev, "running", 0, NULL, NULL, start_us);
        char *v = NULL;
        if (q_value(r, r->conn, sql_history_insert, 16, hp.p, &v) || !v)
            return APPLY_EXIT_DB;
        row = strtoll(v, NULL, 10);
    }
    /* Session-level: statements of this revision may set their own. */
    char *set_lock = arena_printf(r->a, "SET lock_timeout = '%dms'", r->o->lock_timeout_ms);
    char *set_stmt =
        arena_printf(r->a, "SET statement_timeout = '%dms'", r->o->statement_timeout_ms);
    struct pgerr pe;
    if (ctl(r, set_lock, &pe) || ctl(r, set_stmt, &pe))
        return fail(r, APPLY_EXIT_DB, "cannot set timeouts: %s", pgerr_text(r, &pe));

    int64_t rev_row = 0;
    ledger_rev_begin(r->led, r->run_id, rev->seq, rev->id, false, 1, rev->nstmts, &rev_row, NULL);
    r->prog_nstmts = rev->nstmts;
    r->prog_stmt = done;
    emit(r, APPLY_EV_REV_BEGIN, NULL);
    flush_ledger(r);
    int retries = 0;
    uint32_t i = done;
    while (i < rev->nstmts) {
        int code = 0;
        if ((rc = lock_held(r)))
            return rc;
        int64_t t0 = ledger_now_us();
        enum off_rc orc = run_off_stmt(r, rev, &s, row, i, uncertain && i == done, &pe, &code);
        if (orc == OFF_FATAL)
            return code;
        if (orc == OFF_OK) {
            ledger_stmt(r->led, rev_row, i, rev->stmts[i].sha256, t0, ledger_now_us(), "ok", NULL,
                        NULL);
            flush_ledger(r);
            i++;
            retries = 0;
            uncertain = false;
            statement_boundary(r);
            continue;
        }
        char *etext = pgerr_text(r, &pe);
        ledger_stmt(r->led, rev_row, i, rev->stmts[i].sha256, t0, ledger_now_us(), "failed", etext,
                    NULL);
        /* A failure inside the revision's own transaction rolled back its
         * earlier statements too: continue from what the record says. */
        uint32_t failed_at = i;
        if ((rc = reload_done(r, row, &i)))
            return rc;
        if (retryable(pe.state) && retries < r->o->max_lock_retries) {
            double wait = backoff_ms(retries);
            retries++;
            note(r, APPLY_EV_RETRY, "retry",
                 "revision %s statement %u: %s; retry %d of %d from statement %u in %.2fs", rev->id,
                 failed_at + 1, pe.msg, retries, r->o->max_lock_retries, i + 1, wait / 1000);
            flush_ledger(r);
            sleep_ms(wait);
            continue;
        }
        int fcode = stmt_failure(r, rev, &s, failed_at, &pe);
        if (retryable(pe.state))
            snprintf(r->e->msg + strlen(r->e->msg), sizeof r->e->msg - strlen(r->e->msg),
                     " (gave up after %d retries)", r->o->max_lock_retries);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)row);
        const char *fp[] = {id, r->e->msg};
        struct err save = *r->e;
        q_ok(r, r->conn,
             "UPDATE airlock.history SET status = 'failed', error = $2, finished_at = "
             "clock_timestamp() WHERE id = $1",
             2, fp);
        *r->e = save;
        snprintf(r->e->msg + strlen(r->e->msg), sizeof r->e->msg - strlen(r->e->msg),
                 "; revision is tx=off: %u of %u statements are applied and recorded", i,
                 rev->nstmts);
        ledger_rev_end(r->led, rev_row, "failed", i, r->e->msg, NULL);
        emit(r, APPLY_EV_REV_END, "failed");
        return fcode;
    }
    if (PQtransactionStatus(r->conn) != PQTRANS_IDLE) {
        ctl(r, "ROLLBACK", NULL);
        uint32_t d = 0;
        reload_done(r, row, &d);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)row);
        int fcode = fail(r, APPLY_EXIT_FAILED,
                         "revision %s ends inside a transaction it opened (BEGIN without COMMIT); "
                         "rolled back to statement %u",
                         rev->id, d + 1);
        const char *fp[] = {id, r->e->msg};
        struct err save = *r->e;
        q_ok(r, r->conn, "UPDATE airlock.history SET status = 'failed', error = $2 WHERE id = $1",
             2, fp);
        *r->e = save;
        ledger_rev_end(r->led, rev_row, "failed", d, r->e->msg, NULL);
        return fcode;
    }

    /* All statements recorded: the version change and 'applied' commit together. */
    struct heads h = heads_copy(r->a, &r->heads);
    struct vop *ops;
    uint32_t nops;
    if (step(r, &h, rev, &ops, &nops))
        return fail(r, APPLY_EXIT_POSITION, "revision %s cannot be undone: it is not a head",
                    rev->id);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)row);
    struct item *items = arena_alloc(r->a, (nops + 4) * sizeof *items);
    int n = 0;
    items[n++] = (struct item){.kind = IT_CTL, .sql = "BEGIN"};
    for (uint32_t j = 0; use_alembic(r) && j < nops; j++)
        vop_item(r, &ops[j], &items[n++]);
    items[n++] = (struct item){.kind = IT_CTL, .sql = SQL_OWN_ROLE};
    items[n] = (struct item){.kind = IT_VOP_UPDATE,
                             .sql = "UPDATE airlock.history SET status = 'applied', finished_at = "
                                    "clock_timestamp(), heads = $2::text[], error = NULL WHERE "
                                    "id = $1 AND done = statements",
                             .nparams = 2};
    items[n].params[0] = id;
    items[n++].params[1] = heads_array(r->a, &h);
    struct exec_out out;
    int x = exec_items(r, items, n, true, false, &out);
    if (x < 0)
        return APPLY_EXIT_DB;
    if (x || ctl(r, "COMMIT", &out.err)) {
        ctl(r, "ROLLBACK", NULL);
        int fcode = fail(r, APPLY_EXIT_DB, "revision %s: bookkeeping failed: %s", rev->id,
                         pgerr_text(r, &out.err));
        ledger_rev_end(r->led, rev_row, "failed", rev->nstmts, r->e->msg, NULL);
        return fcode;
    }
    r->heads = h;
    ledger_rev_end(r->led, rev_row, "applied", rev->nstmts, NULL, NULL);
    flush_ledger(r);
    emit(r, APPLY_EV_REV_END, "applied");
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Reports                                                                  */

static void plan_report(struct run *r, int k, struct strbuf *sb)
{
    const struct manifest *m = r->m;
    for (uint32_t i = (uint32_t)k; i < m->nrevs; i++) {
        const struct manifest_rev *rev = &m->revs[i];
        sb_printf(sb, "  %u/%u %s %s tx=%s, %u statement%s\n", i - (uint32_t)k + 1,
                  m->nrevs - (uint32_t)k, m->down ? "undo" : "apply", rev->id,
                  rev->tx ? "on" : "off", rev->nstmts, rev->nstmts == 1 ? "" : "s");
        if (r->partial.present && i == (uint32_t)k && strcmp(r->partial.revision, rev->id) == 0 &&
            r->partial.effective)
            sb_printf(sb, "      resumes at statement %u (statements 1-%u already applied)\n",
                      r->partial.done + 1, r->partial.done);
    }
}

static void state_report(struct run *r, struct strbuf *sb)
{
    const struct manifest *m = r->m;
    sb_printf(sb, "target revision: %s\n", heads_text(r->a, &r->heads));
    sb_printf(sb, "version table: %s%s%s\n", m->version_table,
              use_alembic(r) ? (r->alembic_table ? " " : " (alembic_version absent)") : "",
              use_alembic(r) && r->alembic_table ? r->alembic_table : "");
    if (r->last_seq_known)
        sb_printf(sb, "last applied sequence: %lld (bundle sha256:%.16s...)\n",
                  (long long)r->last_seq, r->last_seq_bundle);
    else
        sb_printf(sb, "last applied sequence: none%s\n",
                  r->history_exists ? "" : " (airlock.history absent)");
    if (r->partial.present && r->partial.effective)
        sb_printf(sb, "partially applied: revision %s, %u of %u statements (tx=off, %s)\n",
                  r->partial.revision, r->partial.done, r->partial.statements, r->partial.status);
    sb_printf(sb, "bundle: project %s, sequence %llu, %s %s -> %s, %u revision%s\n", m->project,
              (unsigned long long)m->sequence, m->down ? "down" : "up", m->from ? m->from : "base",
              m->to ? m->to : "base", m->nrevs, m->nrevs == 1 ? "" : "s");
}

/* ---------------------------------------------------------------------- */
/* The run                                                                  */

static int check_expiry(struct run *r)
{
    const struct manifest *m = r->m;
    int64_t now = r->o->now ? r->o->now : (int64_t)time(NULL);
    if (m->expires && now >= m->expires) {
        char at[32];
        ledger_time_text(m->expires * 1000000, at);
        return fail(r, APPLY_EXIT_EXPIRED, "bundle expired at %.19sZ; ask for a fresh bundle", at);
    }
    return 0;
}

static int check_bundle(struct run *r)
{
    const struct manifest *m = r->m;
    if (m->nrevs == 0)
        return fail(r, APPLY_EXIT_INVALID, "bundle has no revisions");
    if (strcmp(m->version_table, "alembic") != 0 && strcmp(m->version_table, "airlock") != 0)
        return fail(r, APPLY_EXIT_INVALID, "unknown version table '%s'", m->version_table);
    hashmap_init(&r->revs, r->a);
    hashmap_init(&r->known, r->a);
    for (uint32_t i = 0; i < m->nrevs; i++) {
        const struct manifest_rev *rev = &m->revs[i];
        if (use_alembic(r) && strlen(rev->id) > 32)
            return fail(r, APPLY_EXIT_INVALID,
                        "revision id %s is longer than alembic_version's varchar(32)", rev->id);
        if (hashmap_put(&r->revs, rev->id, (void *)rev))
            return fail(r, APPLY_EXIT_INVALID, "revision %s appears twice in the bundle", rev->id);
    }
    return 0;
}

/* The checks of SPEC.md §5 step 4 on the state read. Returns 0 with *k the
 * first pending revision, or a refusal code with e filled. */
static int decide(struct run *r, int *k_out, bool *resume)
{
    const struct manifest *m = r->m;
    *resume = false;
    if (r->last_seq_known && r->last_seq >= (int64_t)m->sequence)
        return fail(r, APPLY_EXIT_SEQUENCE,
                    "bundle sequence %llu is not above the last applied sequence %lld (bundle "
                    "sha256:%.16s...): refusing a rollback; make a new bundle with a higher "
                    "sequence",
                    (unsigned long long)m->sequence, (long long)r->last_seq, r->last_seq_bundle);
    int k;
    if (find_position(r, &k))
        return fail(r, APPLY_EXIT_POSITION,
                    "target is at %s, which is neither the bundle's start (%s) nor a revision "
                    "inside it (%s -> %s)",
                    heads_text(r->a, &r->heads), m->from ? m->from : "base",
                    m->from ? m->from : "base", m->to ? m->to : "base");
    const struct partial *pa = &r->partial;
    if (pa->present && pa->effective) {
        const struct manifest_rev *next = (uint32_t)k < m->nrevs ? &m->revs[k] : NULL;
        if (!next || strcmp(next->id, pa->revision) != 0)
            return fail(r, APPLY_EXIT_PARTIAL,
                        "revision %s (tx=off) is partially applied: %u of %u statements ran "
                        "(bundle sha256:%.16s...); this bundle does not continue it; finish it "
                        "with its own bundle",
                        pa->revision, pa->done, pa->statements, pa->bundle_sha256);
        if (pa->done > next->nstmts)
            return fail(r, APPLY_EXIT_PARTIAL,
                        "revision %s is recorded with %u statements done but has %u in this "
                        "bundle",
                        pa->revision, pa->done, next->nstmts);
        for (uint32_t i = 0; i < pa->done; i++)
            if (i >= pa->nhashes || strcmp(pa->hashes[i], next->stmts[i].sha256) != 0)
                return fail(r, APPLY_EXIT_PARTIAL,
                            "revision %s is partially applied, but its statement %u differs "
                            "from the one that ran (sha256 %.12s... recorded, %.12s... in the "
                            "bundle)",
                            pa->revision, i + 1, i < pa->nhashes ? pa->hashes[i] : "?",
                            next->stmts[i].sha256);
        *resume = true;
    } else if (pa->present && (uint32_t)k < m->nrevs && strcmp(m->revs[k].id, pa->revision) == 0) {
        *resume = true; /* same revision, nothing of it ran yet: reuse its row */
    }
    *k_out = k;
    return 0;
}

/* The bookkeeping statements every tx=on revision sends, parsed once. */
static int prepare_statements(struct run *r)
{
    static const struct {
        const char *name, *sql;
        int nparams;
    } ps[] = {
        {"airlock_setup", SQL_SETUP, 3},
        {"airlock_clock", SQL_CLOCK, 0},
        {"airlock_role", SQL_OWN_ROLE, 0},
        {"airlock_history", sql_history_insert, 16},
    };
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        PGresult *res = PQprepare(r->conn, ps[i].name, ps[i].sql, ps[i].nparams, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            struct pgerr pe;
            fill_pgerr(r, r->conn, res, &pe);
            PQclear(res);
            return fail(r, APPLY_EXIT_DB, "cannot prepare %s: %s", ps[i].name, pgerr_text(r, &pe));
        }
        PQclear(res);
    }
    return 0;
}

static void close_run(struct run *r)
{
    if (r->conn)
        PQfinish(r->conn);
    if (r->lock) {
        /* Unlocking a lock this session does not hold makes the server warn. */
        if (r->lock_taken && PQstatus(r->lock) == CONNECTION_OK) {
            char key[32];
            snprintf(key, sizeof key, "%lld", (long long)APPLY_LOCK_KEY);
            const char *p[] = {key};
            PQclear(PQexecParams(r->lock, "SELECT pg_advisory_unlock($1::bigint)", 1, NULL, p, NULL,
                                 NULL, 0));
        }
        PQfinish(r->lock);
    }
    r->conn = r->lock = NULL;
    r->lock_taken = false;
}

static int run_main(struct run *r)
{
    const struct apply_opts *o = r->o;
    int rc = check_bundle(r);
    if (rc)
        return rc;
    if ((rc = check_expiry(r))) {
        if (o->cmd != APPLY_CMD_STATUS)
            return rc;
        note(r, APPLY_EV_WARN, NULL, "%s", r->e->msg);
        memset(r->e, 0, sizeof *r->e);
    }
    if (o->cmd == APPLY_CMD_VERIFY && !o->conninfo)
        return 0;

    bool locking = o->cmd == APPLY_CMD_APPLY;
    if (locking) {
        if (!(r->lock = connect_db(r, APP_LOCK)))
            return APPLY_EXIT_DB;
        if (read_identity(r, r->lock))
            return APPLY_EXIT_DB;
        flush_ledger(r);
        if ((rc = take_lock(r)))
            return rc;
        if (!(r->conn = connect_db(r, APP_WORK)))
            return APPLY_EXIT_DB;
        /* PostgreSQL 14+: a backend whose client died stops within a second
         * instead of finishing the statement alone (docs/applier.md). */
        PQclear(PQexec(r->conn, "SET client_connection_check_interval = '1s'"));
        if ((rc = wait_orphans(r)))
            return rc;
    } else {
        if (!(r->conn = connect_db(r, APP_READ)))
            return APPLY_EXIT_DB;
        if (read_identity(r, r->conn))
            return APPLY_EXIT_DB;
    }
    if ((rc = read_state(r)))
        return rc;
    int k = 0;
    bool resume = false;
    int refusal = decide(r, &k, &resume);
    struct strbuf report = STRBUF_INIT;
    if (o->cmd == APPLY_CMD_STATUS) {
        state_report(r, &report);
        if (!refusal) {
            uint32_t pending = r->m->nrevs - (uint32_t)k;
            sb_printf(&report, "pending: %u revision%s\n", pending, pending == 1 ? "" : "s");
            plan_report(r, k, &report);
        }
    }
    if (!refusal && !o->skip_drift_check && !(resume && r->partial.effective) &&
        o->cmd != APPLY_CMD_VERIFY) {
        bool checked;
        struct strbuf diff = STRBUF_INIT;
        refusal = check_drift(r, k, &diff, &checked);
        if (o->cmd == APPLY_CMD_STATUS)
            sb_printf(&report, "drift: %s\n",
                      !checked  ? "not checked"
                      : refusal ? "the live schema differs"
                                : "none");
        if (refusal) {
            fail(r, APPLY_EXIT_DRIFT,
                 "drift: the live schema differs from the schema the bundle expects %s",
                 k == 0 ? "before its first revision"
                        : arena_printf(r->a, "after %s", r->m->revs[k - 1].id));
            sb_add(&report, diff.buf ? diff.buf : "", diff.len);
            ledger_event(r->led, r->run_id, "drift", diff.buf ? diff.buf : "", NULL);
        }
        sb_release(&diff);
    } else if (resume && r->partial.effective && o->cmd == APPLY_CMD_STATUS) {
        sb_adds(&report, "drift: not checked (a tx=off revision is partially applied)\n");
    } else if (o->skip_drift_check && o->cmd == APPLY_CMD_STATUS) {
        sb_adds(&report, "drift: not checked (--skip-drift-check)\n");
    }
    if (o->cmd == APPLY_CMD_STATUS) {
        if (refusal)
            sb_printf(&report, "apply would refuse: %s\n", r->e->msg);
        else if ((uint32_t)k == r->m->nrevs)
            sb_adds(&report, "apply would do nothing: the target is at the bundle's end\n");
        else
            sb_adds(&report, "apply would proceed\n");
    }
    if (report.len)
        emit(r, APPLY_EV_REPORT, report.buf);
    sb_release(&report);
    if (refusal || o->cmd != APPLY_CMD_APPLY)
        return refusal;

    uint32_t pending = r->m->nrevs - (uint32_t)k;
    if (pending == 0) {
        note(r, APPLY_EV_INFO, "nothing-to-do", "nothing to do: the target is at %s already",
             heads_text(r->a, &r->heads));
        return 0;
    }
    if (o->dry_run) {
        struct strbuf plan = STRBUF_INIT;
        sb_printf(&plan, "dry run: would %s %u revision%s on %s (now at %s):\n",
                  r->m->down ? "undo" : "apply", pending, pending == 1 ? "" : "s", PQdb(r->conn),
                  heads_text(r->a, &r->heads));
        plan_report(r, k, &plan);
        sb_adds(&plan, "dry run: nothing was executed\n");
        emit(r, APPLY_EV_REPORT, plan.buf);
        sb_release(&plan);
        return 0;
    }
    if ((rc = ensure_history(r)) || (rc = prepare_statements(r)))
        return rc;
    if (r->partial.present && !r->partial.effective && !resume) {
        /* A tx=off row left 'running' before any statement ran, for a
         * revision this bundle does not continue: close it so that the
         * history says what happened. */
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)r->partial.id);
        const char *p[] = {id};
        if (q_ok(r, r->conn,
                 "UPDATE airlock.history SET status = 'failed', error = 'interrupted before its "
                 "first statement', finished_at = clock_timestamp() WHERE id = $1",
                 1, p))
            return APPLY_EXIT_DB;
    }
    r->prog_nrevs = pending;
    for (uint32_t i = (uint32_t)k; i < r->m->nrevs; i++) {
        const struct manifest_rev *rev = &r->m->revs[i];
        r->prog_rev = i - (uint32_t)k + 1;
        r->prog_id = rev->id;
        r->prog_tx = rev->tx;
        if ((rc = lock_held(r)))
            return rc;
        rc = rev->tx ? replay_tx_on(r, i) : replay_tx_off(r, i, resume && i == (uint32_t)k);
        if (rc)
            return rc;
    }
    note(r, APPLY_EV_INFO, NULL, "applied %u revision%s; target is at %s", pending,
         pending == 1 ? "" : "s", heads_text(r->a, &r->heads));
    return 0;
}

int apply_run(const struct bundle *b, const char *path, const struct apply_opts *o, struct err *e)
{
    struct run r = {0};
    r.b = b;
    r.m = &b->m;
    r.path = path;
    r.o = o;
    r.e = e;
    r.a = arena_new();
    r.t0 = mono();
    r.partial.started_stmt = -1;
    memset(e, 0, sizeof *e);
    const char *kill = getenv("AIRLOCK_APPLY_TEST_KILL_AFTER");
    r.kill_after = kill ? strtol(kill, NULL, 10) : 0;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    const char *user = getenv("USER");
    r.client = arena_printf(r.a, "%s@%s pid %d airlock-apply %s", user ? user : "?", host,
                            (int)getpid(), AIRLOCK_VERSION);
    struct strbuf sg = STRBUF_INIT;
    for (uint32_t i = 0; i < b->nsigners; i++)
        if (b->signers[i].counted)
            sb_printf(&sg, "%s%s", sg.len ? "," : "", b->signers[i].keyid);
    r.signers = arena_strdup(r.a, sg.buf ? sg.buf : "");
    sb_release(&sg);

    if (o->ledger_path) {
        struct err le = {0};
        if (ledger_open(o->ledger_path, &r.led, &le)) {
            err_set(e, APPLY_EXIT_USAGE, "%s (choose one with --ledger FILE, or --no-ledger)",
                    le.msg);
            arena_free(r.a);
            return APPLY_EXIT_USAGE;
        }
    }
    static const char *const cmds[] = {"verify", "status", "apply"};
    struct ledger_run lr = {
        .command = cmds[o->cmd],
        .bundle_path = path,
        .bundle_sha256 = b->sha256,
        .project = r.m->project,
        .sequence = (int64_t)r.m->sequence,
        .direction = r.m->down ? "down" : "up",
        .from_rev = r.m->from,
        .to_rev = r.m->to,
        .signers = r.signers,
        .dry_run = o->dry_run,
    };
    ledger_run_begin(r.led, &lr, &r.run_id, NULL);
    flush_ledger(&r);

    int rc = run_main(&r);
    if (rc && !e->msg[0])
        snprintf(e->msg, sizeof e->msg, "%s", "failed");
    if (rc)
        e->code = rc;
    const char *outcome = "ok";
    if (rc == APPLY_EXIT_FAILED || rc == APPLY_EXIT_DB || rc == APPLY_EXIT_USAGE)
        outcome = "failed";
    else if (rc)
        outcome = "refused";
    else if (o->cmd == APPLY_CMD_APPLY && o->dry_run)
        outcome = "dry-run";
    if (rc && rc != APPLY_EXIT_FAILED)
        ledger_event(r.led, r.run_id, apply_exit_name(rc), e->msg, NULL);
    ledger_run_end(r.led, r.run_id, outcome, rc, rc ? e->msg : NULL, NULL);
    close_run(&r);
    flush_ledger(&r);
    ledger_close(r.led);
    arena_free(r.a);
    if (rc == 0)
        memset(e, 0, sizeof *e); /* messages of tolerated errors along the way */
    return rc;
}

void apply_record_refusal(const struct apply_opts *o, const char *bundle_path,
                          const char *bundle_sha256, int exit_code, const char *message)
{
    if (!o->ledger_path)
        return;
    struct ledger *l = NULL;
    struct err e = {0};
    if (ledger_open(o->ledger_path, &l, &e))
        return;
    static const char *const cmds[] = {"verify", "status", "apply"};
    struct ledger_run lr = {.command = cmds[o->cmd],
                            .bundle_path = bundle_path,
                            .bundle_sha256 = bundle_sha256,
                            .sequence = -1,
                            .dry_run = o->dry_run};
    int64_t id = 0;
    if (ledger_run_begin(l, &lr, &id, &e) == 0) {
        ledger_event(l, id, apply_exit_name(exit_code), message, &e);
        ledger_run_end(l, id, exit_code == APPLY_EXIT_USAGE ? "failed" : "refused", exit_code,
                       message, &e);
    }
    ledger_close(l);
}

int64_t apply_parse_duration_ms(const char *s)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0)
        return -1;
    double mult;
    if (*end == 0 || strcmp(end, "s") == 0)
        mult = 1000;
    else if (strcmp(end, "ms") == 0)
        mult = 1;
    else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
        mult = 60000;
    else if (strcmp(end, "h") == 0)
        mult = 3600000;
    else
        return -1;
    double ms = v * mult;
    if (ms > 2147483647.0) /* PostgreSQL's timeouts are int milliseconds */
        return -1;
    return (int64_t)(ms + 0.5);
}

const char *apply_exit_name(int code)
{
    switch (code) {
    case APPLY_EXIT_OK:
        return "ok";
    case APPLY_EXIT_FAILED:
        return "failed";
    case APPLY_EXIT_USAGE:
        return "usage";
    case APPLY_EXIT_INVALID:
        return "invalid-bundle";
    case APPLY_EXIT_SIGNATURE:
        return "signature";
    case APPLY_EXIT_EXPIRED:
        return "expired";
    case APPLY_EXIT_POSITION:
        return "position";
    case APPLY_EXIT_SEQUENCE:
        return "sequence";
    case APPLY_EXIT_DRIFT:
        return "drift";
    case APPLY_EXIT_BUSY:
        return "busy";
    case APPLY_EXIT_DB:
        return "database";
    case APPLY_EXIT_PARTIAL:
        return "partial";
    }
    return "unknown";
}
