/*
 * hashmap.c - see hashmap.h. The table doubles when live + dead entries pass
 * 70% of the slots; rehashing drops tombstones. Old tables stay in the arena
 * (freed with it), which costs at most the size of the final table again.
 */
#include "lint/hashmap.h"
#include "lint/arena.h"

#include <string.h>

static const char tombstone_key[] = "";
#define HASHMAP_TOMBSTONE tombstone_key

void hashmap_init(struct hashmap *m, struct arena *a)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
}

uint32_t hashmap_hash(const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static struct hashmap_entry *find(const struct hashmap *m, const char *key, uint32_t h)
{
    if (!m->cap)
        return NULL;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        struct hashmap_entry *e = &m->slots[i];
        if (!e->key)
            return NULL;
        if (e->key != HASHMAP_TOMBSTONE && e->hash == h && strcmp(e->key, key) == 0)
            return e;
    }
}

static void rehash(struct hashmap *m, uint32_t cap)
{
    struct hashmap_entry *old = m->slots;
    uint32_t oldcap = m->cap;
    m->slots = arena_alloc(m->arena, sizeof *m->slots * cap);
    m->cap = cap;
    m->dead = 0;
    uint32_t mask = cap - 1;
    for (uint32_t k = 0; k < oldcap; k++) {
        if (!old[k].key || old[k].key == HASHMAP_TOMBSTONE)
            continue;
        uint32_t i = old[k].hash & mask;
        while (m->slots[i].key)
            i = (i + 1) & mask;
        m->slots[i] = old[k];
    }
}

void *hashmap_get(const struct hashmap *m, const char *key)
{
    struct hashmap_entry *e = find(m, key, hashmap_hash(key));
    return e ? e->value : NULL;
}

void *hashmap_put(struct hashmap *m, const char *key, void *value)
{
    uint32_t h = hashmap_hash(key);
    struct hashmap_entry *e = find(m, key, h);
    if (e) {
        void *prev = e->value;
        e->value = value;
        return prev;
    }
    if ((m->used + m->dead + 1) * 10 >= m->cap * 7)
        rehash(m, m->cap ? (m->used * 2 + 2 > m->cap ? m->cap * 2 : m->cap) : 16);
    uint32_t mask = m->cap - 1, i = h & mask;
    while (m->slots[i].key && m->slots[i].key != HASHMAP_TOMBSTONE)
        i = (i + 1) & mask;
    if (m->slots[i].key == HASHMAP_TOMBSTONE)
        m->dead--;
    m->slots[i].key = key;
    m->slots[i].hash = h;
    m->slots[i].value = value;
    m->used++;
    return NULL;
}

void *hashmap_del(struct hashmap *m, const char *key)
{
    struct hashmap_entry *e = find(m, key, hashmap_hash(key));
    if (!e)
        return NULL;
    void *v = e->value;
    e->key = HASHMAP_TOMBSTONE;
    e->value = NULL;
    m->used--;
    m->dead++;
    return v;
}

bool hashmap_next(const struct hashmap *m, uint32_t *iter, const char **key, void **value)
{
    while (*iter < m->cap) {
        struct hashmap_entry *e = &m->slots[(*iter)++];
        if (e->key && e->key != HASHMAP_TOMBSTONE) {
            if (key)
                *key = e->key;
            if (value)
                *value = e->value;
            return true;
        }
    }
    return false;
}
