/*
 * ledger.c - see ledger.h. One SQLite database in WAL mode with
 * synchronous=FULL, so a committed entry survives a power cut. Writes are
 * grouped into one transaction until the applier flushes; a transaction is
 * never held across a wait, so several appliers can share one ledger file.
 */
#include "bundle/ledger.h"
#include "lint/arena.h"

#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LEDGER_FORMAT "1"

enum { Q_RUN_BEGIN, Q_RUN_TARGET, Q_RUN_END, Q_REV_BEGIN, Q_REV_END, Q_STMT, Q_EVENT, Q_COUNT };

static const char *const queries[Q_COUNT] = {
    [Q_RUN_BEGIN] = "INSERT INTO run (command, started, pid, host, os_user, applier_version, "
                    "bundle_path, bundle_sha256, project, sequence, direction, from_rev, to_rev, "
                    "signers, dry_run) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_RUN_TARGET] = "UPDATE run SET target_system_identifier=?, target_database=?, "
                     "target_host=?, target_port=?, target_user=?, target_server_version=? "
                     "WHERE id=?",
    [Q_RUN_END] = "UPDATE run SET finished=?, outcome=?, exit_code=?, error=? WHERE id=?",
    [Q_REV_BEGIN] = "INSERT INTO revision (run_id, seq, revision, tx, attempt, statements, "
                    "started) VALUES (?,?,?,?,?,?,?)",
    [Q_REV_END] = "UPDATE revision SET finished=?, outcome=?, done=?, error=? WHERE id=?",
    [Q_STMT] = "INSERT INTO statement (revision_id, idx, sha256, started, finished, duration_ms, "
               "outcome, error) VALUES (?,?,?,?,?,?,?,?)",
    [Q_EVENT] = "INSERT INTO event (run_id, at, kind, message) VALUES (?,?,?,?)",
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES ('format', '" LEDGER_FORMAT "');"
    "CREATE TABLE IF NOT EXISTS run ("
    " id INTEGER PRIMARY KEY, command TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,"
    " pid INTEGER, host TEXT, os_user TEXT, applier_version TEXT,"
    " bundle_path TEXT, bundle_sha256 TEXT, project TEXT, sequence INTEGER, direction TEXT,"
    " from_rev TEXT, to_rev TEXT, signers TEXT, dry_run INTEGER NOT NULL DEFAULT 0,"
    " target_system_identifier TEXT, target_database TEXT, target_host TEXT, target_port TEXT,"
    " target_user TEXT, target_server_version TEXT,"
    " outcome TEXT, exit_code INTEGER, error TEXT);"
    "CREATE TABLE IF NOT EXISTS revision ("
    " id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES run(id), seq INTEGER NOT NULL,"
    " revision TEXT NOT NULL, tx INTEGER NOT NULL, attempt INTEGER NOT NULL,"
    " statements INTEGER NOT NULL, started TEXT NOT NULL, finished TEXT, outcome TEXT,"
    " done INTEGER, error TEXT);"
    "CREATE TABLE IF NOT EXISTS statement ("
    " id INTEGER PRIMARY KEY, revision_id INTEGER NOT NULL REFERENCES revision(id),"
    " idx INTEGER NOT NULL, sha256 TEXT NOT NULL, started TEXT NOT NULL, finished TEXT NOT NULL,"
    " duration_ms REAL NOT NULL, outcome TEXT NOT NULL, error TEXT);"
    "CREATE TABLE IF NOT EXISTS event ("
    " id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES run(id), at TEXT NOT NULL,"
    " kind TEXT NOT NULL, message TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS revision_run ON revision(run_id);"
    "CREATE INDEX IF NOT EXISTS statement_revision ON statement(revision_id);"
    "CREATE INDEX IF NOT EXISTS event_run ON event(run_id);";

struct ledger {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    bool in_tx;
    char *path;
};

int64_t ledger_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void ledger_time_text(int64_t us, char out[32])
{
    time_t s = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&s, &tm);
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%s.%03dZ", base, (int)((us % 1000000) / 1000));
}

static int db_error(struct ledger *l, struct err *e, const char *what)
{
    return err_set(e, 1, "ledger %s: %s: %s", l->path, what, sqlite3_errmsg(l->db));
}

int ledger_open(const char *path, struct ledger **out, struct err *e)
{
    *out = NULL;
    struct ledger *l = xcalloc(1, sizeof *l);
    l->path = xstrdup(path);
    if (sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        err_set(e, 1, "cannot open ledger %s: %s", path,
                l->db ? sqlite3_errmsg(l->db) : "out of memory");
        ledger_close(l);
        return -1;
    }
    /* Several appliers may share one ledger: wait for the writer instead of failing. */
    sqlite3_busy_timeout(l->db, 60000);
    /* Switching the journal mode needs an exclusive lock, and SQLite returns
     * SQLITE_BUSY for it without calling the busy handler when another applier
     * is creating the same fresh ledger at that moment: retry for as long as
     * the busy timeout would have waited. */
    sqlite3_stmt *st = NULL;
    bool wal = false;
    for (int tries = 0; tries < 6000 && !wal; tries++) {
        int rc = sqlite3_prepare_v2(l->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
        int step = rc == SQLITE_OK ? sqlite3_step(st) : rc;
        wal = step == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
        sqlite3_finalize(st);
        st = NULL;
        if (wal || ((step & 0xff) != SQLITE_BUSY && (step & 0xff) != SQLITE_LOCKED))
            break;
        sqlite3_sleep(10);
    }
    if (!wal) {
        err_set(e, 1, "ledger %s: cannot switch to WAL mode: %s", path, sqlite3_errmsg(l->db));
        ledger_close(l);
        return -1;
    }
    char *msg = NULL;
    if (sqlite3_exec(l->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", NULL, NULL, &msg) !=
            SQLITE_OK ||
        sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(l->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(l->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, 1, "ledger %s: %s", path, msg ? msg : sqlite3_errmsg(l->db));
        sqlite3_free(msg);
        ledger_close(l);
        return -1;
    }
    st = NULL;
    if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key='format'", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW ||
        strcmp((const char *)sqlite3_column_text(st, 0), LEDGER_FORMAT) != 0) {
        sqlite3_finalize(st);
        err_set(e, 1, "ledger %s: not an airlock ledger of format " LEDGER_FORMAT, path);
        ledger_close(l);
        return -1;
    }
    sqlite3_finalize(st);
    for (int i = 0; i < Q_COUNT; i++) {
        if (sqlite3_prepare_v3(l->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &l->q[i], NULL) !=
            SQLITE_OK) {
            db_error(l, e, "prepare");
            ledger_close(l);
            return -1;
        }
    }
    *out = l;
    return 0;
}

void ledger_close(struct ledger *l)
{
    if (!l)
        return;
    if (l->in_tx)
        ledger_flush(l, NULL);
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(l->q[i]);
    sqlite3_close(l->db);
    free(l->path);
    free(l);
}

int ledger_flush(struct ledger *l, struct err *e)
{
    if (!l || !l->in_tx)
        return 0;
    char *msg = NULL;
    if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, 1, "ledger %s: commit: %s", l->path, msg ? msg : sqlite3_errmsg(l->db));
        sqlite3_free(msg);
        /* A failed COMMIT leaves the transaction open in SQLite; end it so
         * that later writes start clean rather than pile onto a dead one. */
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        l->in_tx = false;
        return -1;
    }
    l->in_tx = false;
    return 0;
}

static int begin(struct ledger *l, struct err *e)
{
    if (l->in_tx)
        return 0;
    if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(l, e, "begin");
    l->in_tx = true;
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t us)
{
    char t[32];
    ledger_time_text(us, t);
    sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
}

/* Runs a bound statement that returns no rows, then resets it. */
static int run_q(struct ledger *l, sqlite3_stmt *st, struct err *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return db_error(l, e, "write");
    return 0;
}

int ledger_run_begin(struct ledger *l, const struct ledger_run *r, int64_t *run_id, struct err *e)
{
    *run_id = 0;
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    struct passwd *pw = getpwuid(geteuid());
    sqlite3_stmt *st = l->q[Q_RUN_BEGIN];
    bind_text(st, 1, r->command);
    bind_time(st, 2, ledger_now_us());
    sqlite3_bind_int64(st, 3, (int64_t)getpid());
    bind_text(st, 4, host);
    bind_text(st, 5, pw ? pw->pw_name : NULL);
    bind_text(st, 6, AIRLOCK_VERSION);
    bind_text(st, 7, r->bundle_path);
    bind_text(st, 8, r->bundle_sha256);
    bind_text(st, 9, r->project);
    if (r->sequence >= 0)
        sqlite3_bind_int64(st, 10, r->sequence);
    bind_text(st, 11, r->direction);
    bind_text(st, 12, r->from_rev);
    bind_text(st, 13, r->to_rev);
    bind_text(st, 14, r->signers);
    sqlite3_bind_int(st, 15, r->dry_run);
    if (run_q(l, st, e))
        return -1;
    *run_id = sqlite3_last_insert_rowid(l->db);
    return 0;
}

int ledger_run_target(struct ledger *l, int64_t run_id, const struct ledger_target *t,
                      struct err *e)
{
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_RUN_TARGET];
    bind_text(st, 1, t->system_identifier);
    bind_text(st, 2, t->database);
    bind_text(st, 3, t->host);
    bind_text(st, 4, t->port);
    bind_text(st, 5, t->user);
    bind_text(st, 6, t->server_version);
    sqlite3_bind_int64(st, 7, run_id);
    return run_q(l, st, e);
}

int ledger_run_end(struct ledger *l, int64_t run_id, const char *outcome, int exit_code,
                   const char *error, struct err *e)
{
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_RUN_END];
    bind_time(st, 1, ledger_now_us());
    bind_text(st, 2, outcome);
    sqlite3_bind_int(st, 3, exit_code);
    bind_text(st, 4, error);
    sqlite3_bind_int64(st, 5, run_id);
    return run_q(l, st, e);
}

int ledger_rev_begin(struct ledger *l, int64_t run_id, uint32_t seq, const char *revision, bool tx,
                     uint32_t attempt, uint32_t nstmts, int64_t *rev_row, struct err *e)
{
    *rev_row = 0;
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_REV_BEGIN];
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, seq);
    bind_text(st, 3, revision);
    sqlite3_bind_int(st, 4, tx);
    sqlite3_bind_int64(st, 5, attempt);
    sqlite3_bind_int64(st, 6, nstmts);
    bind_time(st, 7, ledger_now_us());
    if (run_q(l, st, e))
        return -1;
    *rev_row = sqlite3_last_insert_rowid(l->db);
    return 0;
}

int ledger_rev_end(struct ledger *l, int64_t rev_row, const char *outcome, uint32_t done,
                   const char *error, struct err *e)
{
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_REV_END];
    bind_time(st, 1, ledger_now_us());
    bind_text(st, 2, outcome);
    sqlite3_bind_int64(st, 3, done);
    bind_text(st, 4, error);
    sqlite3_bind_int64(st, 5, rev_row);
    return run_q(l, st, e);
}

int ledger_stmt(struct ledger *l, int64_t rev_row, uint32_t index, const char *sha256,
                int64_t started_us, int64_t finished_us, const char *outcome, const char *error,
                struct err *e)
{
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_STMT];
    sqlite3_bind_int64(st, 1, rev_row);
    sqlite3_bind_int64(st, 2, index);
    bind_text(st, 3, sha256);
    bind_time(st, 4, started_us);
    bind_time(st, 5, finished_us);
    sqlite3_bind_double(st, 6, (double)(finished_us - started_us) / 1000.0);
    bind_text(st, 7, outcome);
    bind_text(st, 8, error);
    return run_q(l, st, e);
}

int ledger_event(struct ledger *l, int64_t run_id, const char *kind, const char *message,
                 struct err *e)
{
    if (!l)
        return 0;
    if (begin(l, e))
        return -1;
    sqlite3_stmt *st = l->q[Q_EVENT];
    sqlite3_bind_int64(st, 1, run_id);
    bind_time(st, 2, ledger_now_us());
    bind_text(st, 3, kind);
    bind_text(st, 4, message);
    return run_q(l, st, e);
}

/* ---- ledger_print ---- */

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

static bool has(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) != SQLITE_NULL;
}

static void print_run(sqlite3_stmt *r, struct strbuf *out)
{
    sb_printf(out, "run %lld %s%s  %s .. %s  %s", (long long)sqlite3_column_int64(r, 0), col(r, 1),
              sqlite3_column_int(r, 16) ? " (dry run)" : "", col(r, 2), has(r, 3) ? col(r, 3) : "?",
              has(r, 23) ? col(r, 23) : "interrupted");
    if (has(r, 24))
        sb_printf(out, " (exit %d)", sqlite3_column_int(r, 24));
    sb_addc(out, '\n');
    sb_printf(out, "  by %s@%s pid %lld, airlock-apply %s\n", col(r, 5), col(r, 4),
              (long long)sqlite3_column_int64(r, 17), col(r, 6));
    if (has(r, 7) || has(r, 8)) {
        sb_printf(out, "  bundle %s", col(r, 7));
        if (has(r, 8))
            sb_printf(out, " sha256:%s", col(r, 8));
        if (has(r, 9))
            sb_printf(out, " project %s sequence %lld %s %s -> %s", col(r, 9),
                      (long long)sqlite3_column_int64(r, 10), col(r, 11),
                      has(r, 12) ? col(r, 12) : "base", col(r, 13));
        if (has(r, 14))
            sb_printf(out, " signers %s", col(r, 14));
        sb_addc(out, '\n');
    }
    if (has(r, 19))
        sb_printf(out, "  target database %s on %s:%s as %s, system_identifier %s, server %s\n",
                  col(r, 19), col(r, 20), col(r, 21), col(r, 22),
                  has(r, 18) ? col(r, 18) : "unknown", col(r, 15));
    if (has(r, 25))
        sb_printf(out, "  error: %s\n", col(r, 25));
}

int ledger_print(const char *path, struct strbuf *out, struct err *e)
{
    sqlite3 *db = NULL;
    if (access(path, R_OK) != 0)
        return err_set(e, 1, "cannot read ledger %s", path);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        err_set(e, 1, "cannot open ledger %s: %s", path, db ? sqlite3_errmsg(db) : "no memory");
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 60000);
    sqlite3_stmt *runs = NULL, *items = NULL, *stmts = NULL;
    int rc = -1;
    /* Columns are addressed by position in print_run. */
    const char *q_runs =
        "SELECT id, command, started, finished, host, os_user, applier_version, bundle_path,"
        " bundle_sha256, project, sequence, direction, from_rev, to_rev, signers,"
        " target_server_version, dry_run, pid, target_system_identifier, target_database,"
        " target_host, target_port, target_user, outcome, exit_code, error FROM run ORDER BY id";
    /* Revisions and events of one run, in the order they happened. */
    const char *q_items =
        "SELECT 'r', started, id, seq, revision, tx, attempt, statements, finished, outcome, done,"
        " error FROM revision WHERE run_id=?1"
        " UNION ALL SELECT 'e', at, id, NULL, kind, NULL, NULL, NULL, NULL, message, NULL, NULL"
        " FROM event WHERE run_id=?1 ORDER BY 2, 3";
    const char *q_stmts = "SELECT idx, sha256, duration_ms, outcome, error FROM statement"
                          " WHERE revision_id=? ORDER BY id";
    if (sqlite3_prepare_v2(db, q_runs, -1, &runs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, q_items, -1, &items, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, q_stmts, -1, &stmts, NULL) != SQLITE_OK) {
        err_set(e, 1, "ledger %s: %s", path, sqlite3_errmsg(db));
        goto done;
    }
    while ((rc = sqlite3_step(runs)) == SQLITE_ROW) {
        print_run(runs, out);
        sqlite3_bind_int64(items, 1, sqlite3_column_int64(runs, 0));
        while (sqlite3_step(items) == SQLITE_ROW) {
            if (col(items, 0)[0] == 'e') {
                sb_printf(out, "  %s %s: %s\n", col(items, 1), col(items, 4), col(items, 9));
                continue;
            }
            sb_printf(out, "  %s revision %d %s tx=%s attempt %d: %s, %d/%d statements\n",
                      col(items, 1), sqlite3_column_int(items, 3), col(items, 4),
                      sqlite3_column_int(items, 5) ? "on" : "off", sqlite3_column_int(items, 6),
                      has(items, 9) ? col(items, 9) : "interrupted", sqlite3_column_int(items, 10),
                      sqlite3_column_int(items, 7));
            if (has(items, 11))
                sb_printf(out, "    error: %s\n", col(items, 11));
            sqlite3_bind_int64(stmts, 1, sqlite3_column_int64(items, 2));
            while (sqlite3_step(stmts) == SQLITE_ROW) {
                sb_printf(out, "    stmt %d sha256:%.12s %s %.3f ms\n",
                          sqlite3_column_int(stmts, 0), col(stmts, 1), col(stmts, 3),
                          sqlite3_column_double(stmts, 2));
                if (has(stmts, 4))
                    sb_printf(out, "      error: %s\n", col(stmts, 4));
            }
            sqlite3_reset(stmts);
        }
        sqlite3_reset(items);
    }
    if (rc != SQLITE_DONE) {
        err_set(e, 1, "ledger %s: %s", path, sqlite3_errmsg(db));
        rc = -1;
    } else {
        rc = 0;
    }
done:
    sqlite3_finalize(runs);
    sqlite3_finalize(items);
    sqlite3_finalize(stmts);
    sqlite3_close(db);
    return rc;
}
