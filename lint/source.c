/*
 * source.c - file loading, the line-start index and offset -> line:col. The
 * index is built once per file in one pass; lookups are binary searches.
 */
#include "lint/source.h"
#include "lint/arena.h"

#include <stdlib.h>
#include <string.h>

static void index_lines(struct arena *a, struct source *s)
{
    uint32_t n = 1;
    for (uint32_t i = 0; i < s->len; i++)
        if (s->data[i] == '\n')
            n++;
    s->line_starts = arena_alloc(a, sizeof(uint32_t) * n);
    s->line_starts[0] = 0;
    uint32_t k = 1;
    for (uint32_t i = 0; i < s->len; i++)
        if (s->data[i] == '\n')
            s->line_starts[k++] = i + 1;
    s->nlines = n;
}

struct source *source_from_memory(struct arena *a, const char *path, const char *data, size_t len)
{
    struct source *s = arena_alloc(a, sizeof *s);
    s->path = arena_strdup(a, path);
    s->data = arena_strndup(a, data, len);
    s->len = (uint32_t)len;
    index_lines(a, s);
    return s;
}

struct source *source_load(struct arena *a, const char *path, size_t max_size, struct err *e)
{
    char *data;
    size_t len;
    if (max_size > UINT32_MAX - 1)
        max_size = UINT32_MAX - 1;
    if (read_file(path, max_size, &data, &len, e) < 0)
        return NULL;
    struct source *s = source_from_memory(a, path, data, len);
    free(data);
    return s;
}

/* Characters (UTF-8 code points; invalid bytes count one each) in [p, p+n). */
static uint32_t count_chars(const char *p, uint32_t n)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            c++;
    return c;
}

struct loc source_loc(const struct source *s, uint32_t off)
{
    struct loc l = {s, off, 1, 1};
    if (!s)
        return l;
    if (off > s->len)
        off = s->len;
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    l.off = off;
    l.line = lo + 1;
    l.col = 1 + count_chars(s->data + s->line_starts[lo], off - s->line_starts[lo]);
    return l;
}

const char *source_line(const struct source *s, uint32_t line, uint32_t *len)
{
    if (!s || line == 0 || line > s->nlines) {
        *len = 0;
        return "";
    }
    uint32_t start = s->line_starts[line - 1];
    uint32_t end = line < s->nlines ? s->line_starts[line] : s->len;
    while (end > start && (s->data[end - 1] == '\n' || s->data[end - 1] == '\r'))
        end--;
    *len = end - start;
    return s->data + start;
}

struct loc sqltext_loc(const struct sqltext *t, uint32_t off)
{
    if (!t->map)
        return source_loc(t->src, t->base + off);
    uint32_t lo = 0, hi = t->nmap;
    if (hi == 0)
        return source_loc(t->src, 0);
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->map[mid].text_off <= off)
            lo = mid;
        else
            hi = mid;
    }
    const struct srcmap *m = &t->map[lo];
    uint32_t so = m->src_off;
    if (m->linear && off >= m->text_off)
        so += off - m->text_off;
    return source_loc(t->src, so);
}
