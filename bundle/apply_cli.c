/*
 * apply_cli.c - see apply_cli.h. Parses the applier's options, verifies the
 * bundle completely (bundle_open_verified) before anything touches the
 * database, runs bundle/apply.c, and renders its events: a redrawn progress
 * line on a terminal, plain lines otherwise; reports on stdout, the rest on
 * stderr; errors located as file:line:col when a statement failed.
 */
#include "bundle/apply_cli.h"
#include "bundle/apply.h"
#include "bundle/bundle.h"
#include "bundle/ledger.h"
#include "lint/arena.h"
#include "lint/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_LEDGER "airlock-ledger.sqlite"

const char apply_cli_usage[] =
    "usage: airlock-apply [apply] BUNDLE --trust KEY.pub [--trust KEY.pub...] --db CONNINFO\n"
    "                     [--threshold N] [--dry-run] [--ledger FILE | --no-ledger]\n"
    "                     [--lock-timeout 2s] [--statement-timeout 0] [--max-lock-retries 10]\n"
    "                     [--wait 10m] [--skip-drift-check]\n"
    "       airlock-apply status BUNDLE --trust KEY.pub --db CONNINFO [--skip-drift-check]\n"
    "       airlock-apply verify BUNDLE --trust KEY.pub [--threshold N] [--db CONNINFO]\n"
    "       airlock-apply log [--ledger FILE]\n"
    "\n"
    "Verifies BUNDLE completely (signatures from --threshold distinct --trust keys,\n"
    "every entry's size and sha256, expiry) before sending anything to the database,\n"
    "then takes the airlock advisory lock, reads the target's state (airlock.history,\n"
    "alembic_version), refuses a wrong position, a rollback, drift or a foreign\n"
    "half-applied revision, and replays the pending revisions: tx=on ones each in one\n"
    "transaction, tx=off ones statement by statement, recording each. A rerun after a\n"
    "crash resumes where the target's history says it stopped.\n"
    "\n"
    "  status    show the target's revision, last sequence, pending revisions and drift;\n"
    "            changes nothing (exit code: what apply would return)\n"
    "  verify    verify the bundle only; with --db also check sequence and position\n"
    "  log       print the ledger\n"
    "\n"
    "options:\n"
    "  --trust KEY.pub          a trusted minisign public key (repeatable)\n"
    "  --threshold N            distinct trusted signatures required (default 1)\n"
    "  --db CONNINFO            libpq connection string or URI of the target\n"
    "  --dry-run                do everything but execute, and say what would run\n"
    "  --ledger FILE            SQLite ledger (default $AIRLOCK_LEDGER or ./" DEFAULT_LEDGER ")\n"
    "  --no-ledger              keep no ledger\n"
    "  --lock-timeout D         lock_timeout per attempt (default 2s; 0 = wait forever)\n"
    "  --statement-timeout D    statement_timeout (default 0 = none)\n"
    "  --max-lock-retries N     retries of a revision after a lock timeout (default 10)\n"
    "  --wait D                 how long to wait for another applier (default 10m; -1 = forever)\n"
    "  --skip-drift-check       do not compare the live schema with the bundle's\n"
    "durations: 500ms, 2s, 1.5m, 1h (a bare number is seconds)\n"
    "\n"
    "exit codes: 0 ok, 1 statement failed, 2 usage, 3 invalid bundle, 4 signatures,\n"
    "5 expired, 6 wrong position, 7 sequence (rollback), 8 drift, 9 lock wait timed out,\n"
    "10 database/bookkeeping error, 11 foreign partially applied revision\n";

struct ui {
    const char *prog;
    bool tty;
    double rev_started;
    double last_draw;
    bool line_dirty; /* a progress line is on screen */
};

static void clear_line(struct ui *u)
{
    if (u->tty && u->line_dirty) {
        fputs("\r\033[K", stderr);
        u->line_dirty = false;
    }
}

static void draw(struct ui *u, const struct apply_event *ev)
{
    fprintf(stderr, "\r\033[K[%u/%u] %s tx=%s", ev->rev, ev->nrevs, ev->rev_id ? ev->rev_id : "",
            ev->tx ? "on" : "off");
    if (ev->nstmts)
        fprintf(stderr, "  statement %u/%u", ev->stmt ? ev->stmt : 1, ev->nstmts);
    fprintf(stderr, "  %.1fs", ev->elapsed);
    fflush(stderr);
    u->line_dirty = true;
    u->last_draw = ev->elapsed;
}

static void on_event(void *ctx, const struct apply_event *ev)
{
    struct ui *u = ctx;
    switch (ev->kind) {
    case APPLY_EV_INFO:
        clear_line(u);
        fprintf(stderr, "%s: %s\n", u->prog, ev->text);
        break;
    case APPLY_EV_WARN:
        clear_line(u);
        fprintf(stderr, "%s: warning: %s\n", u->prog, ev->text);
        break;
    case APPLY_EV_RETRY:
        clear_line(u);
        fprintf(stderr, "%s: %s\n", u->prog, ev->text);
        break;
    case APPLY_EV_REPORT:
        clear_line(u);
        fputs(ev->text, stdout);
        fflush(stdout);
        break;
    case APPLY_EV_REV_BEGIN:
        u->rev_started = ev->elapsed;
        if (u->tty)
            draw(u, ev);
        break;
    case APPLY_EV_STMT:
        if (u->tty && ev->elapsed - u->last_draw >= 0.1)
            draw(u, ev);
        else if (!u->tty && !ev->tx)
            fprintf(stderr, "  %s statement %u/%u\n", ev->rev_id, ev->stmt, ev->nstmts);
        break;
    case APPLY_EV_TICK:
        if (u->tty && ev->rev)
            draw(u, ev);
        break;
    case APPLY_EV_REV_END:
        clear_line(u);
        fprintf(stderr, "%s %u/%u %s tx=%s, %u statement%s, %.3fs\n", ev->text, ev->rev, ev->nrevs,
                ev->rev_id, ev->tx ? "on" : "off", ev->nstmts, ev->nstmts == 1 ? "" : "s",
                ev->elapsed - u->rev_started);
        break;
    }
}

static int map_bundle_error(int code)
{
    switch (code) {
    case BUNDLE_E_IO:
        return APPLY_EXIT_USAGE;
    case BUNDLE_E_SIGNATURE:
    case BUNDLE_E_UNTRUSTED:
    case BUNDLE_E_THRESHOLD:
        return APPLY_EXIT_SIGNATURE;
    case BUNDLE_E_EXPIRED:
        return APPLY_EXIT_EXPIRED;
    case BUNDLE_E_SEQUENCE:
        return APPLY_EXIT_SEQUENCE;
    default:
        return APPLY_EXIT_INVALID;
    }
}

static void print_error(const char *prog, const struct err *e)
{
    if (e->file[0])
        fprintf(stderr, "%s:%u:%u: error: %s\n", e->file, e->line, e->col, e->msg);
    else
        fprintf(stderr, "%s: error: %s\n", prog, e->msg);
}

static int usage_error(const char *prog, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see %s --help)\n", prog);
    return APPLY_EXIT_USAGE;
}

static int parse_ms(const char *prog, const char *opt, const char *v, int *out, bool allow_neg)
{
    if (allow_neg && strcmp(v, "-1") == 0) {
        *out = -1;
        return 0;
    }
    int64_t ms = apply_parse_duration_ms(v);
    if (ms < 0) {
        fprintf(stderr, "%s: %s: not a duration: %s\n", prog, opt, v);
        return -1;
    }
    *out = (int)ms;
    return 0;
}

int apply_cli(int argc, char **argv, const char *prog)
{
    struct apply_opts o = {
        .cmd = APPLY_CMD_APPLY,
        .lock_timeout_ms = 2000,
        .statement_timeout_ms = 0,
        .max_lock_retries = 10,
        .wait_ms = 600000,
    };
    const char *ledger = getenv("AIRLOCK_LEDGER");
    if (!ledger || !*ledger)
        ledger = DEFAULT_LEDGER;
    bool no_ledger = false, is_log = false;
    const char *bundle_path = NULL;
    const char **trust = xcalloc((size_t)argc + 1, sizeof *trust);
    uint32_t ntrust = 0, threshold = 1;
    int i = 1;
    if (i < argc) {
        if (strcmp(argv[i], "verify") == 0)
            o.cmd = APPLY_CMD_VERIFY, i++;
        else if (strcmp(argv[i], "status") == 0)
            o.cmd = APPLY_CMD_STATUS, i++;
        else if (strcmp(argv[i], "apply") == 0)
            i++;
        else if (strcmp(argv[i], "log") == 0)
            is_log = true, i++;
    }
    int rc = APPLY_EXIT_USAGE;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(a, "--trust") == 0 || strcmp(a, "--threshold") == 0 ||
                     strcmp(a, "--db") == 0 || strcmp(a, "--ledger") == 0 ||
                     strcmp(a, "--lock-timeout") == 0 || strcmp(a, "--statement-timeout") == 0 ||
                     strcmp(a, "--max-lock-retries") == 0 || strcmp(a, "--wait") == 0;
        if (takes && !v) {
            usage_error(prog, "%s needs a value", a);
            goto out;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(apply_cli_usage, stdout);
            rc = 0;
            goto out;
        } else if (strcmp(a, "--version") == 0) {
            printf("airlock-apply %s\n", AIRLOCK_VERSION);
            rc = 0;
            goto out;
        } else if (strcmp(a, "--trust") == 0) {
            trust[ntrust++] = v, i++;
        } else if (strcmp(a, "--threshold") == 0) {
            char *end;
            long t = strtol(v, &end, 10);
            if (*end || t < 1 || t > 64) {
                usage_error(prog, "--threshold: not a number from 1 to 64: %s", v);
                goto out;
            }
            threshold = (uint32_t)t, i++;
        } else if (strcmp(a, "--db") == 0) {
            o.conninfo = v, i++;
        } else if (strcmp(a, "--ledger") == 0) {
            ledger = v, i++;
        } else if (strcmp(a, "--no-ledger") == 0) {
            no_ledger = true;
        } else if (strcmp(a, "--dry-run") == 0) {
            o.dry_run = true;
        } else if (strcmp(a, "--skip-drift-check") == 0) {
            o.skip_drift_check = true;
        } else if (strcmp(a, "--lock-timeout") == 0) {
            if (parse_ms(prog, a, v, &o.lock_timeout_ms, false))
                goto out;
            i++;
        } else if (strcmp(a, "--statement-timeout") == 0) {
            if (parse_ms(prog, a, v, &o.statement_timeout_ms, false))
                goto out;
            i++;
        } else if (strcmp(a, "--wait") == 0) {
            if (parse_ms(prog, a, v, &o.wait_ms, true))
                goto out;
            i++;
        } else if (strcmp(a, "--max-lock-retries") == 0) {
            char *end;
            long t = strtol(v, &end, 10);
            if (*end || t < 0 || t > 1000) {
                usage_error(prog, "--max-lock-retries: not a number from 0 to 1000: %s", v);
                goto out;
            }
            o.max_lock_retries = (int)t, i++;
        } else if (a[0] == '-' && a[1]) {
            usage_error(prog, "unknown option %s", a);
            goto out;
        } else if (!bundle_path && !is_log) {
            bundle_path = a;
        } else {
            usage_error(prog, "unexpected argument %s", a);
            goto out;
        }
    }
    o.ledger_path = no_ledger ? NULL : ledger;

    if (is_log) {
        struct strbuf sb = STRBUF_INIT;
        struct err e = {0};
        if (no_ledger) {
            usage_error(prog, "%s", "log needs a ledger");
            goto out;
        }
        if (ledger_print(ledger, &sb, &e)) {
            fprintf(stderr, "%s: error: %s\n", prog, e.msg);
            sb_release(&sb);
            goto out;
        }
        fwrite(sb.buf ? sb.buf : "", 1, sb.len, stdout);
        sb_release(&sb);
        rc = 0;
        goto out;
    }
    if (!bundle_path) {
        usage_error(prog, "%s", "missing BUNDLE");
        goto out;
    }
    if (ntrust == 0) {
        usage_error(prog, "%s", "missing --trust KEY.pub: an unsigned bundle is never applied");
        goto out;
    }
    if (o.cmd != APPLY_CMD_VERIFY && !o.conninfo) {
        usage_error(prog, "%s", "missing --db CONNINFO");
        goto out;
    }

    struct sig_public_key *keys = xcalloc(ntrust, sizeof *keys);
    struct err e = {0};
    for (uint32_t k = 0; k < ntrust; k++) {
        if (sig_public_key_load(trust[k], &keys[k], &e)) {
            fprintf(stderr, "%s: error: %s\n", prog, e.msg);
            apply_record_refusal(&o, bundle_path, NULL, APPLY_EXIT_USAGE, e.msg);
            free(keys);
            goto out;
        }
    }
    struct bundle_verify_opts vo = {
        .trusted = keys,
        .ntrusted = ntrust,
        .threshold = threshold,
        /* status reports expiry instead of refusing */
        .ignore_expiry = o.cmd == APPLY_CMD_STATUS,
    };
    struct bundle *b = NULL;
    if (bundle_open_verified(bundle_path, &vo, &b, &e)) {
        rc = map_bundle_error(e.code);
        fprintf(stderr, "%s: error: %s: %s\n", prog, bundle_path, e.msg);
        fprintf(stderr, "%s: refused (%s): nothing was sent to the database\n", prog,
                apply_exit_name(rc));
        apply_record_refusal(&o, bundle_path, NULL, rc, e.msg);
        free(keys);
        goto out;
    }
    free(keys);
    struct ui u = {.prog = prog, .tty = isatty(STDERR_FILENO) == 1};
    o.on_event = on_event;
    o.event_ctx = &u;
    if (o.cmd == APPLY_CMD_VERIFY) {
        char signers[1024] = "";
        for (uint32_t k = 0; k < b->nsigners; k++)
            if (b->signers[k].counted)
                snprintf(signers + strlen(signers), sizeof signers - strlen(signers), "%s%s",
                         signers[0] ? ", " : "", b->signers[k].keyid);
        printf("%s: verified: project %s sequence %llu, %s %s -> %s, %u revisions, signed by %s\n",
               bundle_path, b->m.project, (unsigned long long)b->m.sequence,
               b->m.down ? "down" : "up", b->m.from ? b->m.from : "base",
               b->m.to ? b->m.to : "base", b->m.nrevs, signers);
    }
    rc = apply_run(b, bundle_path, &o, &e);
    clear_line(&u);
    if (rc) {
        print_error(prog, &e);
        if (rc != APPLY_EXIT_FAILED && rc != APPLY_EXIT_DB)
            fprintf(stderr, "%s: refused (%s)\n", prog, apply_exit_name(rc));
    }
    bundle_close(b);
out:
    free(trust);
    return rc;
}
