/*
 * keyio.c - see keyio.h. Passphrases never pass through ordinary heap memory:
 * they are read straight into sodium_malloc'd buffers and wiped on free.
 */
#include "cli/keyio.h"
#include "bundle/manifest.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PASS_MAX 1024

static char *secure_buf(size_t n)
{
    if (sodium_init() < 0)
        return NULL;
    char *p = sodium_malloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void keyio_free_pass(char *pass)
{
    if (pass)
        sodium_free(pass);
}

/* Reads one line from fd into buf (at most cap-1 bytes), without its end. */
static int read_line_fd(int fd, char *buf, size_t cap, size_t *len)
{
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n')
            break;
        if (n + 1 >= cap)
            return -1;
        buf[n++] = c;
    }
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    *len = n;
    return 0;
}

static int ask_tty(int tty, const char *prompt, char *buf, size_t *len, struct err *e)
{
    struct termios old, quiet;
    bool have = tcgetattr(tty, &old) == 0;
    if (have) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    if (write(tty, prompt, strlen(prompt)) < 0) {
        /* the prompt is a courtesy */
    }
    int r = read_line_fd(tty, buf, PASS_MAX, len);
    if (have)
        tcsetattr(tty, TCSAFLUSH, &old);
    if (r < 0)
        return err_set(e, 2, "passphrase longer than %d bytes", PASS_MAX - 1);
    return 0;
}

int keyio_read_pass(const char *prompt, int confirm, char **pass, size_t *len, struct err *e)
{
    char *buf = secure_buf(PASS_MAX);
    if (!buf)
        return err_set(e, 2, "out of secure memory");
    const char *file = getenv("AIRLOCK_PASSPHRASE_FILE");
    if (file && *file) {
        int fd = open(file, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            sodium_free(buf);
            return err_set(e, 2, "AIRLOCK_PASSPHRASE_FILE: cannot open %s: %s", file,
                           strerror(errno));
        }
        int r = read_line_fd(fd, buf, PASS_MAX, len);
        close(fd);
        if (r < 0) {
            sodium_free(buf);
            return err_set(e, 2, "AIRLOCK_PASSPHRASE_FILE: passphrase longer than %d bytes",
                           PASS_MAX - 1);
        }
    } else {
        int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
        if (tty < 0) {
            sodium_free(buf);
            return err_set(e, 2,
                           "no terminal to read the passphrase from: set AIRLOCK_PASSPHRASE_FILE "
                           "(or use an unencrypted key)");
        }
        int r = ask_tty(tty, prompt, buf, len, e);
        if (r == 0 && confirm) {
            char *again = secure_buf(PASS_MAX);
            size_t alen = 0;
            r = again ? ask_tty(tty, "Confirm passphrase: ", again, &alen, e)
                      : err_set(e, 2, "out of secure memory");
            if (r == 0 && (alen != *len || sodium_memcmp(again, buf, alen) != 0))
                r = err_set(e, 2, "the passphrases do not match");
            if (again)
                sodium_free(again);
        }
        close(tty);
        if (r < 0) {
            sodium_free(buf);
            return -1;
        }
    }
    if (*len == 0) {
        sodium_free(buf);
        return err_set(e, 2, "empty passphrase (use --unencrypted for a key without one)");
    }
    *pass = buf;
    return 0;
}

int keyio_load_secret(const char *path, struct sig_secret_key **sk, struct err *e)
{
    char *text;
    size_t len;
    struct err re = {0};
    if (read_file(path, 64 * 1024, &text, &len, &re) < 0)
        return err_set(e, 2, "%s", re.msg);
    int rc = -1;
    struct err pe = {0};
    int enc = sig_secret_key_encrypted(text, len, &pe);
    if (enc < 0) {
        err_set(e, 2, "%s: %s", path, pe.msg);
    } else if (enc == 0) {
        rc = sig_secret_key_parse(text, len, NULL, 0, sk, &pe);
        if (rc < 0)
            err_set(e, 2, "%s: %s", path, pe.msg);
    } else {
        char *pass;
        size_t plen;
        char prompt[512];
        snprintf(prompt, sizeof prompt, "Passphrase for %s: ", path);
        if (keyio_read_pass(prompt, 0, &pass, &plen, e) == 0) {
            rc = sig_secret_key_parse(text, len, pass, plen, sk, &pe);
            if (rc < 0)
                err_set(e, 2, "%s: %s", path, pe.msg);
            keyio_free_pass(pass);
        }
    }
    sodium_memzero(text, len);
    free(text);
    return rc;
}

int keyio_write_new(const char *path, const void *data, size_t len, int mode, struct err *e)
{
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    if (!tmp)
        return err_set(e, 2, "out of memory");
    snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err_set(e, 2, "cannot create a file next to %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    int rc = 0;
    if (fchmod(fd, (mode_t)mode) < 0)
        rc = -1;
    while (rc == 0 && left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else
            p += w, left -= (size_t)w;
    }
    if (rc == 0 && fsync(fd) < 0)
        rc = -1;
    if (close(fd) < 0)
        rc = -1;
    if (rc < 0)
        err_set(e, 2, "cannot write %s: %s", path, strerror(errno));
    /* link() refuses an existing destination, unlike rename(). */
    else if (link(tmp, path) < 0)
        rc = err_set(e, 2,
                     errno == EEXIST ? "%s already exists: not overwriting it"
                                     : "cannot create %s: %s",
                     path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return rc;
}

int keyio_parse_time(const char *s, int64_t *t, struct err *e)
{
    size_t n = strlen(s);
    if (manifest_time_parse(s, n, t) == 0)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (n && *end == 0 && errno == 0 && v >= 0 && v <= 253402300799LL && s[0] != '+' &&
        s[0] != '-') {
        *t = v;
        return 0;
    }
    return err_set(e, 2, "bad time '%s': use 2026-11-24T10:00:00Z or unix seconds", s);
}

int keyio_created(const char *opt, int64_t *t, struct err *e)
{
    if (opt)
        return keyio_parse_time(opt, t, e);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        if (keyio_parse_time(sde, t, e) < 0)
            return err_set(e, 2, "bad SOURCE_DATE_EPOCH '%s': unix seconds expected", sde);
        return 0;
    }
    *t = (int64_t)time(NULL);
    return 0;
}

int keyio_parse_expires(const char *s, int64_t created, int64_t *expires, struct err *e)
{
    if (strcmp(s, "never") == 0) {
        *expires = 0;
        return 0;
    }
    if (manifest_time_parse(s, strlen(s), expires) == 0) {
        if (*expires <= created)
            return err_set(e, 2, "--expires %s is not after the creation time", s);
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    int64_t unit = 0;
    if (end != s && s[0] != '-' && s[0] != '+' && end[0] && !end[1]) {
        switch (*end) {
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'w':
            unit = 7 * 86400;
            break;
        }
    }
    if (!unit || errno || v <= 0 || v > 100LL * 366 * 86400 / unit)
        return err_set(e, 2, "bad --expires '%s': use e.g. 30d, 12h, 90m, 2w, a time, or never", s);
    *expires = created + v * unit;
    return 0;
}
