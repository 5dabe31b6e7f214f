/*
 * constval.c - what PostgreSQL stores for a literal of a given type: the
 * type's input function followed by its output function, for the types
 * migrations write literals of (integers, numeric, floats, booleans, dates
 * and times, intervals, uuid, json/jsonb, arrays, bytea, inet, enums,
 * regclass). ruleutils prints constants from the stored value, so '24 hours'
 * comes back as '24:00:00'::interval; this file makes the simulator agree.
 * Invalid input yields PostgreSQL's SQLSTATE and message.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/expr.h"
#include "lint/strbuf.h"

struct cv {
    struct arena *a;
    const char **st, **msg;
};

static const char *fail(struct cv *c, const char *st, const char *fmt, const char *type,
                        const char *in)
{
    *c->st = st;
    *c->msg = arena_printf(c->a, fmt, type, in);
    return NULL;
}

static const char *invalid(struct cv *c, const char *type, const char *in)
{
    return fail(c, "22P02", "invalid input syntax for type %s: \"%s\"", type, in);
}

static const char *trim_ws(struct arena *a, const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

/* ---- integers ---- */

static const char *int_in(struct cv *c, const char *in, int64_t lo, int64_t hi, const char *tname)
{
    const char *s = trim_ws(c->a, in);
    const char *p = s;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!isdigit((unsigned char)*p))
        return invalid(c, tname, in);
    /* PostgreSQL 15 accepts only decimal digits (no underscores, no 0x) */
    uint64_t v = 0;
    bool overflow = false;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return invalid(c, tname, in);
        if (v > (UINT64_MAX - 9) / 10)
            overflow = true;
        else
            v = v * 10 + (uint64_t)(*p - '0');
    }
    if (overflow || (!neg && v > (uint64_t)hi) || (neg && v > (uint64_t)hi + 1) ||
        (neg && (int64_t)(0 - v) < lo))
        return fail(c, "22003", "value \"%2$s\" is out of range for type %1$s", tname, in);
    if (neg && v == (uint64_t)hi + 1)
        return arena_printf(c->a, "%" PRId64, lo);
    int64_t r = neg ? -(int64_t)v : (int64_t)v;
    return arena_printf(c->a, "%" PRId64, r);
}

/* ---- numeric ---- */

static const char *numeric_in(struct cv *c, const char *in)
{
    const char *s = trim_ws(c->a, in);
    const char *p = s;
    if (strcasecmp(s, "nan") == 0)
        return "NaN";
    if (strcasecmp(s, "infinity") == 0 || strcasecmp(s, "+infinity") == 0 ||
        strcasecmp(s, "inf") == 0 || strcasecmp(s, "+inf") == 0)
        return "Infinity";
    if (strcasecmp(s, "-infinity") == 0 || strcasecmp(s, "-inf") == 0)
        return "-Infinity";
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    struct strbuf digits = STRBUF_INIT;
    int point = -1; /* digits before the decimal point */
    bool any = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            sb_addc(&digits, *p);
            any = true;
        } else if (*p == '.' && point < 0) {
            point = (int)digits.len;
        } else {
            break;
        }
    }
    if (point < 0)
        point = (int)digits.len;
    long exp = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        char *end;
        errno = 0;
        exp = strtol(p, &end, 10);
        if (end == p || errno)
            any = false;
        p = end;
    }
    if (!any || *p) {
        sb_release(&digits);
        return invalid(c, "numeric", in);
    }
    int ndig = (int)digits.len;
    int dscale = ndig - point - (int)exp;
    if (dscale < 0)
        dscale = 0;
    int intdigits = point + (int)exp; /* digits before the point after the exponent */
    /* build the integer part and the fraction part */
    struct strbuf out = STRBUF_INIT;
    struct strbuf ip = STRBUF_INIT, fp = STRBUF_INIT;
    for (int i = 0; i < intdigits; i++)
        sb_addc(&ip, i < ndig && i >= 0 ? digits.buf[i] : '0');
    for (int i = 0; i < dscale; i++) {
        int k = intdigits + i;
        sb_addc(&fp, k >= 0 && k < ndig ? digits.buf[k] : '0');
    }
    /* strip leading zeros of the integer part */
    const char *ipd = ip.buf ? ip.buf : "";
    while (*ipd == '0')
        ipd++;
    bool zero = !*ipd;
    for (const char *q = fp.buf ? fp.buf : ""; *q && zero; q++)
        zero = *q == '0';
    if (neg && !zero)
        sb_addc(&out, '-');
    sb_adds(&out, *ipd ? ipd : "0");
    if (dscale > 0) {
        sb_addc(&out, '.');
        sb_adds(&out, fp.buf);
    }
    const char *r = arena_strdup(c->a, out.buf);
    sb_release(&out);
    sb_release(&ip);
    sb_release(&fp);
    sb_release(&digits);
    return r;
}

/* ---- floats: shortest round-trip, %e style outside [1e-4, 1e15) ---- */

static const char *float_out(struct arena *a, double v, bool single)
{
    if (isnan(v))
        return "NaN";
    if (isinf(v))
        return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0)
        return signbit(v) ? "-0" : "0";
    char buf[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (single ? (float)strtod(buf, NULL) == (float)v : strtod(buf, NULL) == v)
            break;
    }
    /* buf is d.ddde[+-]XX: take digits and exponent */
    char digits[32];
    int nd = 0;
    const char *q = buf;
    bool neg = *q == '-';
    if (neg)
        q++;
    for (; *q && *q != 'e'; q++)
        if (isdigit((unsigned char)*q))
            digits[nd++] = *q;
    digits[nd] = 0;
    int exp = atoi(q + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = 0;
    struct strbuf sb = STRBUF_INIT;
    if (neg)
        sb_addc(&sb, '-');
    int limit = single ? 6 : 15;
    if (exp < -4 || exp >= limit) {
        sb_addc(&sb, digits[0]);
        if (nd > 1) {
            sb_addc(&sb, '.');
            sb_adds(&sb, digits + 1);
        }
        sb_printf(&sb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (exp < 0) {
        sb_adds(&sb, "0.");
        for (int i = 0; i < -exp - 1; i++)
            sb_addc(&sb, '0');
        sb_adds(&sb, digits);
    } else {
        for (int i = 0; i <= exp; i++)
            sb_addc(&sb, i < nd ? digits[i] : '0');
        if (nd > exp + 1) {
            sb_addc(&sb, '.');
            sb_adds(&sb, digits + exp + 1);
        }
    }
    const char *r = arena_strdup(a, sb.buf);
    sb_release(&sb);
    return r;
}

static const char *float_in(struct cv *c, const char *in, bool single)
{
    const char *s = trim_ws(c->a, in);
    const char *tname = single ? "real" : "double precision";
    if (strcasecmp(s, "nan") == 0)
        return "NaN";
    if (strcasecmp(s, "infinity") == 0 || strcasecmp(s, "inf") == 0 ||
        strcasecmp(s, "+infinity") == 0)
        return "Infinity";
    if (strcasecmp(s, "-infinity") == 0 || strcasecmp(s, "-inf") == 0)
        return "-Infinity";
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || isnan(v) || isinf(v))
        return invalid(c, tname, in);
    if (errno == ERANGE)
        return fail(c, "22003", "\"%2$s\" is out of range for type %1$s", tname, in);
    return float_out(c->a, single ? (double)(float)v : v, single);
}

/* ---- boolean ---- */

static const char *bool_in(struct cv *c, const char *in)
{
    const char *s = trim_ws(c->a, in);
    size_t n = strlen(s);
    if (n == 0)
        return invalid(c, "boolean", in);
    static const char *const t[] = {"true", "yes", "on", "1"};
    static const char *const f[] = {"false", "no", "off", "0"};
    for (int i = 0; i < 4; i++) {
        /* unique prefixes, with "o" alone ambiguous */
        if (n <= strlen(t[i]) && strncasecmp(s, t[i], n) == 0 && !(i == 2 && n < 2))
            return "true";
        if (n <= strlen(f[i]) && strncasecmp(s, f[i], n) == 0 && !(i == 2 && n < 2))
            return "false";
    }
    return invalid(c, "boolean", in);
}

/* ---- dates and times (ISO input, DateStyle ISO output, TimeZone UTC) ---- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

struct ts {
    int y, mo, d, h, mi;
    int sec;
    int usec;
    bool has_date, has_time, has_tz;
    int tz_sec;  /* offset east of UTC */
    int special; /* 1 infinity, -1 -infinity, 2 epoch */
};

static bool parse_num(const char **p, int maxd, int *out, int *nd)
{
    int v = 0, k = 0;
    while (isdigit((unsigned char)**p) && k < maxd) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    *out = v;
    if (nd)
        *nd = k;
    return k > 0;
}

static int parse_ts(const char *s, struct ts *t)
{
    memset(t, 0, sizeof *t);
    while (isspace((unsigned char)*s))
        s++;
    if (strcasecmp(s, "infinity") == 0 || strcasecmp(s, "+infinity") == 0) {
        t->special = 1;
        return 0;
    }
    if (strcasecmp(s, "-infinity") == 0) {
        t->special = -1;
        return 0;
    }
    if (strcasecmp(s, "epoch") == 0) {
        t->special = 2;
        t->y = 1970;
        t->mo = t->d = 1;
        t->has_date = true;
        return 0;
    }
    const char *p = s;
    int a, nd;
    if (!parse_num(&p, 8, &a, &nd))
        return -1;
    if (*p == ':') {
        p = s; /* a time only */
    } else if (nd == 8 && (!*p || *p == ' ' || *p == 'T')) {
        t->y = a / 10000;
        t->mo = a / 100 % 100;
        t->d = a % 100;
        t->has_date = true;
    } else {
        if (*p != '-' && *p != '/')
            return -1;
        char sep = *p++;
        int b, cc;
        if (!parse_num(&p, 2, &b, NULL) || *p++ != sep || !parse_num(&p, 4, &cc, NULL))
            return -1;
        t->y = a;
        t->mo = b;
        t->d = cc;
        t->has_date = true;
    }
    if (t->has_date) {
        if (*p == 'T' || *p == ' ')
            p++;
        while (*p == ' ')
            p++;
    }
    if (*p && isdigit((unsigned char)*p)) {
        int h, mi = 0, sec = 0;
        if (!parse_num(&p, 2, &h, NULL))
            return -1;
        if (*p != ':')
            return -1;
        p++;
        if (!parse_num(&p, 2, &mi, NULL))
            return -1;
        if (*p == ':') {
            p++;
            if (!parse_num(&p, 2, &sec, NULL))
                return -1;
            if (*p == '.') {
                p++;
                int us = 0, k = 0;
                while (isdigit((unsigned char)*p)) {
                    if (k < 6) {
                        us = us * 10 + (*p - '0');
                        k++;
                    }
                    p++;
                }
                while (k++ < 6)
                    us *= 10;
                t->usec = us;
            }
        }
        t->h = h;
        t->mi = mi;
        t->sec = sec;
        t->has_time = true;
    }
    while (*p == ' ')
        p++;
    if (*p == 'Z' || *p == 'z') {
        t->has_tz = true;
        p++;
    } else if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0) {
        t->has_tz = true;
        p += 3;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int hh, mm = 0, nd2;
        if (!parse_num(&p, 4, &hh, &nd2))
            return -1;
        if (nd2 == 4) {
            mm = hh % 100;
            hh /= 100;
        } else if (*p == ':') {
            p++;
            parse_num(&p, 2, &mm, NULL);
        }
        t->has_tz = true;
        t->tz_sec = sign * (hh * 3600 + mm * 60);
    }
    while (*p == ' ')
        p++;
    if (*p)
        return -1;
    if (t->has_date && (t->mo < 1 || t->mo > 12 || t->d < 1 || t->d > mdays(t->y, t->mo)))
        return -2;
    if (t->has_time && (t->h > 24 || t->mi > 59 || t->sec > 60))
        return -2;
    return 0;
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static void add_time(struct strbuf *sb, int h, int mi, int sec, int usec)
{
    sb_printf(sb, "%02d:%02d:%02d", h, mi, sec);
    if (usec) {
        char f[8];
        snprintf(f, sizeof f, "%06d", usec);
        int n = 6;
        while (n > 0 && f[n - 1] == '0')
            f[--n] = 0;
        sb_printf(sb, ".%s", f);
    }
}

static const char *datetime_in(struct cv *c, const char *in, unsigned oid)
{
    const char *tname = oid == PGB_DATE        ? "date"
                        : oid == PGB_TIMESTAMP ? "timestamp"
                        : oid == PGB_TIME      ? "time"
                        : oid == PGB_TIMETZ    ? "time with time zone"
                                               : "timestamp with time zone";
    struct ts t;
    int rc = parse_ts(in, &t);
    if (rc == -2)
        return fail(c, "22008", "date/time field value out of range: \"%2$s\"", tname, in);
    if (rc != 0)
        return fail(c, "22007", "invalid input syntax for type %s: \"%s\"", tname, in);
    if (t.special == 1 || t.special == -1) {
        if (oid == PGB_TIME || oid == PGB_TIMETZ)
            return fail(c, "22007", "invalid input syntax for type %s: \"%s\"", tname, in);
        return t.special == 1 ? "infinity" : "-infinity";
    }
    struct strbuf sb = STRBUF_INIT;
    if (oid == PGB_TIME || oid == PGB_TIMETZ) {
        if (!t.has_time)
            return fail(c, "22007", "invalid input syntax for type %s: \"%s\"", tname, in);
        add_time(&sb, t.h, t.mi, t.sec, t.usec);
        if (oid == PGB_TIMETZ) {
            int off = t.has_tz ? t.tz_sec : 0;
            sb_printf(&sb, "%c%02d", off < 0 ? '-' : '+', abs(off) / 3600);
            if (abs(off) % 3600)
                sb_printf(&sb, ":%02d", abs(off) % 3600 / 60);
        }
    } else {
        if (!t.has_date)
            return fail(c, "22007", "invalid input syntax for type %s: \"%s\"", tname, in);
        int64_t secs = days_from_civil(t.y, t.mo, t.d) * 86400 + t.h * 3600 + t.mi * 60 + t.sec;
        if (oid == PGB_TIMESTAMPTZ && t.has_tz)
            secs -= t.tz_sec;
        int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        int64_t rem = secs - days * 86400;
        int y, m, d;
        civil_from_days(days, &y, &m, &d);
        if (oid == PGB_DATE) {
            civil_from_days(days_from_civil(t.y, t.mo, t.d), &y, &m, &d);
            sb_printf(&sb, "%04d-%02d-%02d", y, m, d);
        } else {
            sb_printf(&sb, "%04d-%02d-%02d ", y, m, d);
            add_time(&sb, (int)(rem / 3600), (int)(rem % 3600 / 60), (int)(rem % 60), t.usec);
            if (oid == PGB_TIMESTAMPTZ)
                sb_adds(&sb, "+00");
        }
    }
    const char *r = arena_strdup(c->a, sb.buf);
    sb_release(&sb);
    return r;
}

/* ---- interval (postgres IntervalStyle output) ---- */

static const char *interval_in(struct cv *c, const char *in)
{
    const char *p = in;
    int64_t months = 0, days = 0;
    double usecs = 0;
    bool any = false, ago = false;
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (*p == '@') {
            p++;
            continue;
        }
        if (strncasecmp(p, "ago", 3) == 0 && !isalpha((unsigned char)p[3])) {
            ago = true;
            p += 3;
            continue;
        }
        /* a time h:m[:s] */
        const char *q = p;
        int sign = 1;
        if (*q == '-' || *q == '+')
            sign = *q++ == '-' ? -1 : 1;
        const char *r = q;
        while (isdigit((unsigned char)*r))
            r++;
        if (*r == ':' && r > q) {
            int h = atoi(q), mi = 0;
            double s = 0;
            r++;
            mi = atoi(r);
            while (isdigit((unsigned char)*r))
                r++;
            if (*r == ':') {
                r++;
                char *end;
                s = strtod(r, &end);
                r = end;
            }
            usecs += sign * ((double)h * 3600e6 + mi * 60e6 + s * 1e6);
            p = r;
            any = true;
            continue;
        }
        if ((*p == 'P' || *p == 'p') && !any) {
            /* ISO 8601: P[nY][nM][nW][nD][T[nH][nM][nS]] */
            bool time = false;
            p++;
            while (*p) {
                if (*p == 'T' || *p == 't') {
                    time = true;
                    p++;
                    continue;
                }
                char *e2;
                double v = strtod(p, &e2);
                if (e2 == p)
                    return invalid(c, "interval", in);
                p = e2;
                switch (toupper((unsigned char)*p)) {
                case 'Y':
                    months += (int64_t)(v * 12);
                    break;
                case 'M':
                    if (time)
                        usecs += v * 60e6;
                    else
                        months += (int64_t)v;
                    break;
                case 'W':
                    days += (int64_t)(v * 7);
                    break;
                case 'D':
                    days += (int64_t)v;
                    usecs += (v - (int64_t)v) * 86400e6;
                    break;
                case 'H':
                    usecs += v * 3600e6;
                    break;
                case 'S':
                    usecs += v * 1e6;
                    break;
                default:
                    return invalid(c, "interval", in);
                }
                p++;
                any = true;
            }
            continue;
        }
        char *end;
        double v = strtod(p, &end);
        if (end == p)
            return invalid(c, "interval", in);
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        const char *u = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t ul = (size_t)(p - u);
        char unit[16] = {0};
        if (ul == 0) {
            /* a number alone counts seconds */
            usecs += v * 1e6;
            any = true;
            continue;
        }
        if (ul >= sizeof unit)
            return invalid(c, "interval", in);
        for (size_t i = 0; i < ul; i++)
            unit[i] = (char)tolower((unsigned char)u[i]);
#define IS(s) (strcmp(unit, s) == 0)
        if (IS("y") || IS("yr") || IS("yrs") || IS("year") || IS("years")) {
            months += (int64_t)(v * 12);
        } else if (IS("mon") || IS("mons") || IS("month") || IS("months")) {
            months += (int64_t)v;
            days += (int64_t)((v - (int64_t)v) * 30);
        } else if (IS("w") || IS("week") || IS("weeks")) {
            days += (int64_t)(v * 7);
            usecs += (v * 7 - (int64_t)(v * 7)) * 86400e6;
        } else if (IS("d") || IS("day") || IS("days")) {
            days += (int64_t)v;
            usecs += (v - (int64_t)v) * 86400e6;
        } else if (IS("h") || IS("hr") || IS("hrs") || IS("hour") || IS("hours")) {
            usecs += v * 3600e6;
        } else if (IS("m") || IS("min") || IS("mins") || IS("minute") || IS("minutes")) {
            usecs += v * 60e6;
        } else if (IS("s") || IS("sec") || IS("secs") || IS("second") || IS("seconds")) {
            usecs += v * 1e6;
        } else if (IS("ms") || IS("msec") || IS("msecs") || IS("millisecond") ||
                   IS("milliseconds")) {
            usecs += v * 1e3;
        } else if (IS("us") || IS("usec") || IS("usecs") || IS("microsecond") ||
                   IS("microseconds")) {
            usecs += v;
        } else if (IS("decade") || IS("decades")) {
            months += (int64_t)(v * 120);
        } else if (IS("century") || IS("centuries")) {
            months += (int64_t)(v * 1200);
        } else {
            return invalid(c, "interval", in);
        }
#undef IS
        any = true;
    }
    if (!any)
        return invalid(c, "interval", in);
    int64_t us = (int64_t)(usecs < 0 ? usecs - 0.5 : usecs + 0.5);
    if (ago) {
        months = -months;
        days = -days;
        us = -us;
    }
    struct strbuf sb = STRBUF_INIT;
    int64_t years = months / 12, mons = months % 12;
    bool first = true;
    if (years) {
        sb_printf(&sb, "%" PRId64 " year%s", years, years == 1 ? "" : "s");
        first = false;
    }
    if (mons) {
        sb_printf(&sb, "%s%" PRId64 " mon%s", first ? "" : " ", mons, mons == 1 ? "" : "s");
        first = false;
    }
    if (days) {
        sb_printf(&sb, "%s%" PRId64 " day%s", first ? "" : " ", days, days == 1 ? "" : "s");
        first = false;
    }
    if (us || first) {
        if (!first)
            sb_addc(&sb, ' ');
        bool neg = us < 0;
        uint64_t a = neg ? (uint64_t)(-us) : (uint64_t)us;
        if (neg)
            sb_addc(&sb, '-');
        uint64_t h = a / 3600000000ULL;
        a %= 3600000000ULL;
        sb_printf(&sb, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64, h, (uint64_t)(a / 60000000ULL),
                  (uint64_t)(a % 60000000ULL / 1000000ULL));
        uint64_t frac = a % 1000000ULL;
        if (frac) {
            char f[8];
            snprintf(f, sizeof f, "%06" PRIu64, frac);
            int n = 6;
            while (n > 0 && f[n - 1] == '0')
                f[--n] = 0;
            sb_printf(&sb, ".%s", f);
        }
    }
    const char *r = arena_strdup(c->a, sb.buf);
    sb_release(&sb);
    return r;
}

/* ---- uuid ---- */

static const char *uuid_in(struct cv *c, const char *in)
{
    const char *p = in;
    bool brace = *p == '{';
    if (brace)
        p++;
    char hex[33];
    int n = 0;
    for (; *p && n < 32; p++) {
        if (*p == '-' && n > 0 && n % 4 == 0 && p[1] != '-')
            continue;
        if (!isxdigit((unsigned char)*p))
            return invalid(c, "uuid", in);
        hex[n++] = (char)tolower((unsigned char)*p);
    }
    hex[n] = 0;
    if (brace && *p == '}')
        p++;
    if (n != 32 || *p)
        return invalid(c, "uuid", in);
    return arena_printf(c->a, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
                        hex + 20);
}

/* ---- json / jsonb ---- */

struct jp {
    const char *p;
    bool ok;
    struct arena *a;
};

struct jv; /* a parsed jsonb value, printed normalised */

struct jpair {
    const char *key;
    size_t keylen;
    struct jv *val;
};

struct jv {
    char kind; /* o object, a array, s string (raw json text incl quotes), n number, l literal */
    const char *text;
    struct jv **items;
    struct jpair *pairs;
    size_t n;
};

static void jws(struct jp *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

/* After an object member or array element: 1 past a ',' (another follows),
 * 0 past the closing bracket, -1 (parse failed) at anything else. */
static int jnext(struct jp *j, char close)
{
    jws(j);
    if (*j->p == ',') {
        j->p++;
        return 1;
    }
    if (*j->p == close) {
        j->p++;
        return 0;
    }
    j->ok = false;
    return -1;
}

static struct jv *jparse(struct jp *j, int depth);

static const char *jstring(struct jp *j)
{
    const char *s = j->p;
    if (*s != '"') {
        j->ok = false;
        return NULL;
    }
    const char *p = s + 1;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20) {
            j->ok = false;
            return NULL;
        }
        if (*p == '\\') {
            p++;
            if (!*p || !strchr("\"\\/bfnrtu", *p)) {
                j->ok = false;
                return NULL;
            }
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)p[i])) {
                        j->ok = false;
                        return NULL;
                    }
            }
        }
        p++;
    }
    if (*p != '"') {
        j->ok = false;
        return NULL;
    }
    j->p = p + 1;
    return arena_strndup(j->a, s, (size_t)(p + 1 - s));
}

static int pair_cmp(const void *a, const void *b)
{
    const struct jpair *x = a, *y = b;
    if (x->keylen != y->keylen)
        return x->keylen < y->keylen ? -1 : 1;
    return memcmp(x->key, y->key, x->keylen);
}

static struct jv *jparse(struct jp *j, int depth)
{
    jws(j);
    if (!j->ok || depth > 200) {
        j->ok = false;
        return NULL;
    }
    struct jv *v = arena_alloc(j->a, sizeof *v);
    char ch = *j->p;
    if (ch == '{') {
        v->kind = 'o';
        j->p++;
        jws(j);
        size_t cap = 0;
        if (*j->p == '}') {
            j->p++;
            return v;
        }
        for (;;) {
            jws(j);
            const char *k = jstring(j);
            if (!k)
                return NULL;
            jws(j);
            if (*j->p != ':') {
                j->ok = false;
                return NULL;
            }
            j->p++;
            struct jv *val = jparse(j, depth + 1);
            if (!val)
                return NULL;
            if (v->n == cap) {
                size_t nc = cap ? cap * 2 : 4;
                v->pairs = arena_grow(j->a, v->pairs, cap, nc, sizeof *v->pairs);
                cap = nc;
            }
            v->pairs[v->n].key = k;
            v->pairs[v->n].keylen = strlen(k);
            v->pairs[v->n].val = val;
            v->n++;
            int more = jnext(j, '}');
            if (more < 0)
                return NULL;
            if (!more)
                break;
        }
        /* jsonb: keys sorted by length then bytes; the last duplicate wins
         * (a stable sort keeps input order among equal keys) */
        for (size_t i = 1; i < v->n; i++) {
            struct jpair t = v->pairs[i];
            size_t k = i;
            while (k > 0 && pair_cmp(&v->pairs[k - 1], &t) > 0) {
                v->pairs[k] = v->pairs[k - 1];
                k--;
            }
            v->pairs[k] = t;
        }
        size_t w = 0;
        for (size_t i = 0; i < v->n; i++) {
            if (w > 0 && pair_cmp(&v->pairs[w - 1], &v->pairs[i]) == 0)
                v->pairs[w - 1] = v->pairs[i];
            else
                v->pairs[w++] = v->pairs[i];
        }
        v->n = w;
        return v;
    }
    if (ch == '[') {
        v->kind = 'a';
        j->p++;
        jws(j);
        size_t cap = 0;
        if (*j->p == ']') {
            j->p++;
            return v;
        }
        for (;;) {
            struct jv *it = jparse(j, depth + 1);
            if (!it)
                return NULL;
            if (v->n == cap) {
                size_t nc = cap ? cap * 2 : 4;
                v->items = arena_grow(j->a, v->items, cap, nc, sizeof *v->items);
                cap = nc;
            }
            v->items[v->n++] = it;
            int more = jnext(j, ']');
            if (more < 0)
                return NULL;
            if (!more)
                break;
        }
        return v;
    }
    if (ch == '"') {
        v->kind = 's';
        v->text = jstring(j);
        return v->text ? v : NULL;
    }
    if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "null", 4) == 0) {
        v->kind = 'l';
        v->text = arena_strndup(j->a, j->p, 4);
        j->p += 4;
        return v;
    }
    if (strncmp(j->p, "false", 5) == 0) {
        v->kind = 'l';
        v->text = "false";
        j->p += 5;
        return v;
    }
    if (ch == '-' || isdigit((unsigned char)ch)) {
        const char *s = j->p;
        const char *p = s;
        if (*p == '-')
            p++;
        if (!isdigit((unsigned char)*p)) {
            j->ok = false;
            return NULL;
        }
        if (*p == '0' && isdigit((unsigned char)p[1])) {
            j->ok = false;
            return NULL;
        }
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p)) {
                j->ok = false;
                return NULL;
            }
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p == 'e' || *p == 'E') {
            p++;
            if (*p == '+' || *p == '-')
                p++;
            if (!isdigit((unsigned char)*p)) {
                j->ok = false;
                return NULL;
            }
            while (isdigit((unsigned char)*p))
                p++;
        }
        j->p = p;
        v->kind = 'n';
        v->text = arena_strndup(j->a, s, (size_t)(p - s));
        return v;
    }
    j->ok = false;
    return NULL;
}

static void jprint(struct arena *a, struct jv *v, struct strbuf *sb)
{
    switch (v->kind) {
    case 'o':
        sb_addc(sb, '{');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sb_adds(sb, ", ");
            sb_adds(sb, v->pairs[i].key);
            sb_adds(sb, ": ");
            jprint(a, v->pairs[i].val, sb);
        }
        sb_addc(sb, '}');
        return;
    case 'a':
        sb_addc(sb, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sb_adds(sb, ", ");
            jprint(a, v->items[i], sb);
        }
        sb_addc(sb, ']');
        return;
    case 'n': {
        const char *st, *msg;
        struct cv c = {a, &st, &msg};
        const char *n = numeric_in(&c, v->text);
        sb_adds(sb, n ? n : v->text);
        return;
    }
    default:
        sb_adds(sb, v->text);
    }
}

static const char *json_in(struct cv *c, const char *in, bool binary)
{
    struct jp j = {in, true, c->a};
    struct jv *v = jparse(&j, 0);
    if (v && j.ok) {
        jws(&j);
        if (*j.p)
            j.ok = false;
    }
    if (!v || !j.ok) {
        *c->st = "22P02";
        *c->msg = "invalid input syntax for type json";
        return NULL;
    }
    if (!binary)
        return in;
    struct strbuf sb = STRBUF_INIT;
    jprint(c->a, v, &sb);
    const char *r = arena_strdup(c->a, sb.buf);
    sb_release(&sb);
    return r;
}

/* ---- arrays ---- */

static bool array_elem_needs_quotes(const char *s)
{
    if (!*s)
        return true;
    if (strcasecmp(s, "NULL") == 0)
        return true;
    for (const char *p = s; *p; p++)
        if (*p == '"' || *p == '\\' || *p == '{' || *p == '}' || *p == ',' ||
            isspace((unsigned char)*p))
            return true;
    return false;
}

static const char *array_in(struct cv *c, const char *in, struct cat_type *elem, int depth,
                            const char **rest)
{
    const char *p = in;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '{') {
        *c->st = "22P02";
        *c->msg = arena_printf(c->a, "malformed array literal: \"%s\"", in);
        return NULL;
    }
    p++;
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '{');
    bool first = true;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '}') {
            p++;
            break;
        }
        if (!first) {
            if (*p != ',')
                goto bad;
            p++;
            while (isspace((unsigned char)*p))
                p++;
            sb_addc(&sb, ',');
        }
        first = false;
        if (*p == '{') {
            const char *sub = array_in(c, p, elem, depth + 1, &p);
            if (!sub)
                goto bad_quiet;
            sb_adds(&sb, sub);
            continue;
        }
        struct strbuf el = STRBUF_INIT;
        bool quoted = false;
        if (*p == '"') {
            quoted = true;
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    p++;
                sb_addc(&el, *p++);
            }
            if (*p != '"') {
                sb_release(&el);
                goto bad;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '}') {
                if (*p == '\\' && p[1])
                    p++;
                sb_addc(&el, *p++);
            }
            while (el.len && isspace((unsigned char)el.buf[el.len - 1]))
                el.buf[--el.len] = 0;
        }
        const char *raw = el.buf ? el.buf : "";
        if (!quoted && strcasecmp(raw, "NULL") == 0) {
            sb_adds(&sb, "NULL");
        } else {
            const char *st = NULL, *msg = NULL;
            const char *norm = ex_const_normalize(c->a, elem, -1, raw, &st, &msg);
            if (!norm) {
                *c->st = st;
                *c->msg = msg;
                sb_release(&el);
                sb_release(&sb);
                return NULL;
            }
            if (array_elem_needs_quotes(norm)) {
                sb_addc(&sb, '"');
                for (const char *q = norm; *q; q++) {
                    if (*q == '"' || *q == '\\')
                        sb_addc(&sb, '\\');
                    sb_addc(&sb, *q);
                }
                sb_addc(&sb, '"');
            } else {
                sb_adds(&sb, norm);
            }
        }
        sb_release(&el);
    }
    sb_addc(&sb, '}');
    if (rest)
        *rest = p;
    else {
        while (isspace((unsigned char)*p))
            p++;
        if (*p)
            goto bad;
    }
    {
        const char *r = arena_strdup(c->a, sb.buf);
        sb_release(&sb);
        return r;
    }
bad:
    *c->st = "22P02";
    *c->msg = arena_printf(c->a, "malformed array literal: \"%s\"", in);
bad_quiet:
    sb_release(&sb);
    return NULL;
}

/* ---- bytea ---- */

static const char *bytea_in(struct cv *c, const char *in)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "\\x");
    if (in[0] == '\\' && in[1] == 'x') {
        int n = 0;
        for (const char *p = in + 2; *p; p++) {
            if (isspace((unsigned char)*p))
                continue;
            if (!isxdigit((unsigned char)*p)) {
                sb_release(&sb);
                *c->st = "22P02";
                *c->msg = arena_printf(c->a, "invalid hexadecimal digit: \"%c\"", *p);
                return NULL;
            }
            sb_addc(&sb, (char)tolower((unsigned char)*p));
            n++;
        }
        if (n % 2) {
            sb_release(&sb);
            *c->st = "22P02";
            *c->msg = "invalid hexadecimal data: odd number of digits";
            return NULL;
        }
    } else {
        for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
            unsigned v = *p;
            if (*p == '\\') {
                if (p[1] == '\\') {
                    v = '\\';
                    p++;
                } else if (p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
                           p[3] >= '0' && p[3] <= '7') {
                    v = (unsigned)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
                    p += 3;
                } else {
                    sb_release(&sb);
                    *c->st = "22P02";
                    *c->msg = "invalid input syntax for type bytea";
                    return NULL;
                }
            }
            sb_printf(&sb, "%02x", v);
        }
    }
    const char *r = arena_strdup(c->a, sb.buf);
    sb_release(&sb);
    return r;
}

static const char *inet_in(struct cv *c, const char *in, bool cidr)
{
    const char *s = trim_ws(c->a, in);
    const char *slash = strchr(s, '/');
    if (!cidr && slash && strchr(s, '.') && strcmp(slash, "/32") == 0)
        return arena_strndup(c->a, s, (size_t)(slash - s));
    if (cidr && !slash && strchr(s, '.') && !strchr(s, ':'))
        return arena_printf(c->a, "%s/32", s);
    for (const char *p = s; *p; p++)
        if (!isxdigit((unsigned char)*p) && !strchr(".:/", *p))
            return invalid(c, cidr ? "cidr" : "inet", in);
    return s;
}

static const char *bit_in(struct cv *c, const char *in)
{
    const char *p = in;
    if (*p == 'b' || *p == 'B')
        p++;
    for (const char *q = p; *q; q++)
        if (*q != '0' && *q != '1')
            return fail(c, "22P02", "\"%2$c\" is not a valid binary digit", "bit", q);
    return p;
}

/* ---- ranges (range_in / range_out, with the discrete types' canonical form) ---- */

unsigned ex_range_subtype_oid(unsigned range_oid)
{
    switch (range_oid) {
    case 3904:
        return PGB_INT4;
    case 3926:
        return PGB_INT8;
    case 3906:
        return PGB_NUMERIC;
    case 3908:
        return PGB_TIMESTAMP;
    case 3910:
        return PGB_TIMESTAMPTZ;
    case 3912:
        return PGB_DATE;
    default:
        return 0;
    }
}

/* One bound as range_parse_bound reads it: NULL (with *inf) for an empty one. */
static const char *range_bound(struct arena *a, const char **pp, bool *inf, bool *ok)
{
    const char *p = *pp;
    *inf = false;
    if (*p == ',' || *p == ')' || *p == ']') {
        *inf = true;
        return NULL;
    }
    struct strbuf sb = STRBUF_INIT;
    bool quoted = false;
    while (*p && (quoted || (*p != ',' && *p != ')' && *p != ']'))) {
        if (*p == '\\' && p[1]) {
            sb_addc(&sb, p[1]);
            p += 2;
        } else if (*p == '"') {
            if (quoted && p[1] == '"') {
                sb_addc(&sb, '"');
                p += 2;
            } else {
                quoted = !quoted;
                p++;
            }
        } else {
            sb_addc(&sb, *p++);
        }
    }
    *ok = !quoted;
    *pp = p;
    const char *r = arena_strdup(a, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return r;
}

static int sub_cmp(unsigned oid, const char *x, const char *y)
{
    if (oid == PGB_INT4 || oid == PGB_INT8) {
        long long a = strtoll(x, NULL, 10), b = strtoll(y, NULL, 10);
        return a < b ? -1 : a > b;
    }
    if (oid == PGB_NUMERIC) {
        double a = strtod(x, NULL), b = strtod(y, NULL);
        return a < b ? -1 : a > b;
    }
    /* dates and timestamps as printed (ISO, UTC): infinities first/last */
    int ix = strcmp(x, "-infinity") == 0 ? -1 : strcmp(x, "infinity") == 0 ? 1 : 0;
    int iy = strcmp(y, "-infinity") == 0 ? -1 : strcmp(y, "infinity") == 0 ? 1 : 0;
    if (ix || iy)
        return ix < iy ? -1 : ix > iy;
    int c = strcmp(x, y);
    return c < 0 ? -1 : c > 0;
}

/* The next value of a discrete subtype (canonical [) bounds). */
static const char *sub_next(struct cv *c, unsigned oid, const char *v)
{
    if (oid == PGB_INT4 || oid == PGB_INT8) {
        long long x = strtoll(v, NULL, 10);
        if ((oid == PGB_INT4 && x >= INT32_MAX) || (oid == PGB_INT8 && x == LLONG_MAX))
            return fail(c, "22003", "%s out of range", oid == PGB_INT4 ? "integer" : "bigint", "");
        return arena_printf(c->a, "%lld", x + 1);
    }
    if (oid == PGB_DATE) {
        int y, m, d;
        if (strcmp(v, "infinity") == 0 || strcmp(v, "-infinity") == 0)
            return v;
        if (sscanf(v, "%d-%d-%d", &y, &m, &d) != 3)
            return v;
        static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int dim = days[m - 1] + (m == 2 && leap(y));
        if (++d > dim) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        return arena_printf(c->a, "%04d-%02d-%02d", y, m, d);
    }
    return v;
}

static void range_bound_out(struct strbuf *sb, const char *v)
{
    bool quote = !*v;
    for (const char *p = v; *p && !quote; p++)
        quote = *p == '"' || *p == '\\' || *p == '(' || *p == ')' || *p == '[' || *p == ']' ||
                *p == ',' || isspace((unsigned char)*p);
    if (!quote) {
        sb_adds(sb, v);
        return;
    }
    sb_addc(sb, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_addc(sb, *p);
        sb_addc(sb, *p);
    }
    sb_addc(sb, '"');
}

static const char *range_in(struct cv *c, const char *in, const struct cat_type *rt)
{
    unsigned sub = ex_range_subtype_oid(rt->oid);
    struct cat_type *st = sub ? ex_type(sub) : NULL;
    if (!st)
        return in;
    const char *p = in;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "empty", 5) == 0) {
        const char *q = p + 5;
        while (isspace((unsigned char)*q))
            q++;
        if (!*q)
            return "empty";
    }
    if (*p != '[' && *p != '(')
        return fail(c, "22P02", "malformed range literal: \"%2$s\"", rt->name, in);
    bool linc = *p++ == '[';
    bool linf, uinf, ok = true;
    const char *lo = range_bound(c->a, &p, &linf, &ok);
    if (!ok || *p != ',')
        return fail(c, "22P02", "malformed range literal: \"%2$s\"", rt->name, in);
    p++;
    const char *hi = range_bound(c->a, &p, &uinf, &ok);
    if (!ok || (*p != ']' && *p != ')'))
        return fail(c, "22P02", "malformed range literal: \"%2$s\"", rt->name, in);
    bool uinc = *p++ == ']';
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return fail(c, "22P02", "malformed range literal: \"%2$s\"", rt->name, in);
    if (lo && !(lo = ex_const_normalize(c->a, st, -1, lo, c->st, c->msg)))
        return NULL;
    if (hi && !(hi = ex_const_normalize(c->a, st, -1, hi, c->st, c->msg)))
        return NULL;
    if (linf)
        linc = false;
    if (uinf)
        uinc = false;
    bool discrete = sub == PGB_INT4 || sub == PGB_INT8 || sub == PGB_DATE;
    if (lo && hi && sub_cmp(sub, lo, hi) > 0) {
        *c->st = "22000";
        *c->msg = "range lower bound must be less than or equal to range upper bound";
        return NULL;
    }
    if (discrete) {
        bool lspecial = lo && (strcmp(lo, "-infinity") == 0 || strcmp(lo, "infinity") == 0);
        bool uspecial = hi && (strcmp(hi, "-infinity") == 0 || strcmp(hi, "infinity") == 0);
        if (lo && !linc && !lspecial) {
            if (!(lo = sub_next(c, sub, lo)))
                return NULL;
            linc = true;
        }
        if (hi && uinc && !uspecial) {
            if (!(hi = sub_next(c, sub, hi)))
                return NULL;
            uinc = false;
        }
    }
    if (lo && hi) {
        int cmp = sub_cmp(sub, lo, hi);
        if (cmp > 0 || (cmp == 0 && !(linc && uinc)))
            return "empty";
    }
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, linc ? '[' : '(');
    if (lo)
        range_bound_out(&sb, lo);
    sb_addc(&sb, ',');
    if (hi)
        range_bound_out(&sb, hi);
    sb_addc(&sb, uinc ? ']' : ')');
    const char *r = arena_strdup(c->a, sb.buf);
    sb_release(&sb);
    return r;
}

const char *ex_const_normalize(struct arena *a, struct cat_type *t, int32_t typmod, const char *in,
                               const char **sqlstate, const char **message)
{
    struct cv c = {a, sqlstate, message};
    *sqlstate = NULL;
    *message = NULL;
    (void)typmod;
    t = ex_base_type(t);
    if (!t)
        return in;
    if (t->typtype == CAT_TYPE_ENUM) {
        for (uint32_t i = 0; i < t->uncommitted_labels.n; i++)
            if (strcmp(t->uncommitted_labels.items[i], in) == 0) {
                *sqlstate = "55P04";
                *message =
                    arena_printf(a, "unsafe use of new value \"%s\" of enum type %s", in, t->name);
                return NULL;
            }
        for (uint32_t i = 0; i < t->labels.n; i++)
            if (strcmp(t->labels.items[i], in) == 0)
                return in;
        *sqlstate = "22P02";
        *message = arena_printf(a, "invalid input value for enum %s: \"%s\"", t->name, in);
        return NULL;
    }
    if (t->category == 'A' && t->elem)
        return array_in(&c, in, t->elem, 0, NULL);
    if (t->typtype == CAT_TYPE_RANGE && t->obj.builtin)
        return range_in(&c, in, t);
    switch (t->oid) {
    case PGB_INT2:
        return int_in(&c, in, INT16_MIN, INT16_MAX, "smallint");
    case PGB_INT4:
        return int_in(&c, in, INT32_MIN, INT32_MAX, "integer");
    case PGB_INT8:
        return int_in(&c, in, INT64_MIN, INT64_MAX, "bigint");
    case PGB_OID:
        return int_in(&c, in, 0, UINT32_MAX, "oid");
    case PGB_NUMERIC:
        return numeric_in(&c, in);
    case PGB_FLOAT4:
        return float_in(&c, in, true);
    case PGB_FLOAT8:
        return float_in(&c, in, false);
    case PGB_BOOL:
        return bool_in(&c, in);
    case PGB_DATE:
    case PGB_TIMESTAMP:
    case PGB_TIMESTAMPTZ:
    case PGB_TIME:
    case PGB_TIMETZ:
        return datetime_in(&c, in, t->oid);
    case PGB_INTERVAL:
        return interval_in(&c, in);
    case PGB_UUID:
        return uuid_in(&c, in);
    case PGB_JSON:
        return json_in(&c, in, false);
    case PGB_JSONB:
        return json_in(&c, in, true);
    case PGB_BYTEA:
        return bytea_in(&c, in);
    case PGB_INET:
        return inet_in(&c, in, false);
    case PGB_CIDR:
        return inet_in(&c, in, true);
    case PGB_BIT:
    case PGB_VARBIT:
        return bit_in(&c, in);
    case PGB_NAME:
        if (strlen(in) > 63)
            return arena_strndup(a, in, 63);
        return in;
    case PGB_CHAR:
        return arena_strndup(a, in, in[0] ? 1 : 0);
    case PGB_REGCLASS: {
        /* parse a possibly qualified, possibly quoted name; downcase unquoted parts */
        struct strbuf sb = STRBUF_INIT;
        const char *p = in;
        while (*p) {
            if (*p == '"') {
                p++;
                while (*p && !(*p == '"' && p[1] != '"')) {
                    if (*p == '"')
                        p++;
                    sb_addc(&sb, *p++);
                }
                if (*p == '"')
                    p++;
            } else if (*p == '.') {
                sb_addc(&sb, '.');
                p++;
            } else {
                sb_addc(&sb, (char)tolower((unsigned char)*p));
                p++;
            }
        }
        const char *r = arena_strdup(a, sb.buf ? sb.buf : "");
        sb_release(&sb);
        return r;
    }
    default:
        return in;
    }
}
