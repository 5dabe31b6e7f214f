/*
 * hashmap.h - string-keyed open-addressing hash map (linear probing, FNV-1a),
 * allocated in an arena. Used for every by-name lookup (revision ids, catalog
 * objects) so that each lookup is O(1) amortised. Keys are not copied: they
 * must outlive the map (arena strings do). Deletion uses tombstones.
 */
#ifndef AIRLOCK_HASHMAP_H
#define AIRLOCK_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct hashmap_entry {
    const char *key; /* NULL = empty; HASHMAP_TOMBSTONE = deleted */
    uint32_t hash;
    void *value;
};

struct hashmap {
    struct arena *arena;
    struct hashmap_entry *slots;
    uint32_t cap;  /* power of two, or 0 */
    uint32_t used; /* live entries */
    uint32_t dead; /* tombstones */
};

void hashmap_init(struct hashmap *m, struct arena *a);
uint32_t hashmap_hash(const char *key);
/* Returns the value for key or NULL. */
void *hashmap_get(const struct hashmap *m, const char *key);
/* Inserts or replaces; returns the previous value or NULL. */
void *hashmap_put(struct hashmap *m, const char *key, void *value);
/* Removes key; returns its value or NULL. */
void *hashmap_del(struct hashmap *m, const char *key);
/* Iteration: for (uint32_t i = 0; hashmap_next(m, &i, &k, &v);) ... (unordered). */
bool hashmap_next(const struct hashmap *m, uint32_t *iter, const char **key, void **value);

#endif
