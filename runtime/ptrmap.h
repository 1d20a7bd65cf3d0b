/* runtime/ptrmap.h — a small open-addressing hash map from pointer keys to
 * pointer values (host stub -> kernel, handle -> kernel, shadow -> variable).
 * Not thread-safe: the context's lock protects it. */
#ifndef COBALT_RT_PTRMAP_H
#define COBALT_RT_PTRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rt_ptrmap {
    uintptr_t *keys;   /* 0 = empty, RT_PTRMAP_DELETED = tombstone */
    void     **vals;
    size_t     cap;    /* power of two, or 0 */
    size_t     used;   /* live keys + tombstones */
    size_t     count;  /* live keys */
} rt_ptrmap;

/* Inserts or replaces. key must not be NULL. false when out of memory. */
bool  rt_ptrmap_put(rt_ptrmap *m, const void *key, void *val);
void *rt_ptrmap_get(const rt_ptrmap *m, const void *key);
/* Removes key; false when absent. */
bool  rt_ptrmap_remove(rt_ptrmap *m, const void *key);
void  rt_ptrmap_free(rt_ptrmap *m);
/* Iteration: start with *i = 0; false when no live key remains. The map
 * must not change during the walk. */
bool  rt_ptrmap_next(const rt_ptrmap *m, size_t *i, void **key, void **val);

#endif
