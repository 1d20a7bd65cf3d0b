/* runtime/ptrmap.c — linear probing with tombstones; grows at 1/2 load. */
#include "runtime/ptrmap.h"

#include <stdlib.h>

#define RT_PTRMAP_DELETED UINTPTR_MAX

static size_t slot_of(uintptr_t key, size_t cap)
{
    /* Pointers are aligned: mix the high bits down (Fibonacci hashing). */
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

static bool grow(rt_ptrmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    if (m->count * 4 < m->cap)
        cap = m->cap;   /* mostly tombstones: rehash in place size */
    uintptr_t *keys = calloc(cap, sizeof *keys);
    void **vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        uintptr_t k = m->keys[i];
        if (k == 0 || k == RT_PTRMAP_DELETED)
            continue;
        size_t s = slot_of(k, cap);
        while (keys[s])
            s = (s + 1) & (cap - 1);
        keys[s] = k;
        vals[s] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    m->used = m->count;
    return true;
}

static long find(const rt_ptrmap *m, uintptr_t key)
{
    if (m->cap == 0)
        return -1;
    for (size_t s = slot_of(key, m->cap), n = 0; n < m->cap; s = (s + 1) & (m->cap - 1), n++) {
        if (m->keys[s] == key)
            return (long)s;
        if (m->keys[s] == 0)
            return -1;
    }
    return -1;
}

bool rt_ptrmap_put(rt_ptrmap *m, const void *key, void *val)
{
    uintptr_t k = (uintptr_t)key;
    long at = find(m, k);
    if (at >= 0) {
        m->vals[at] = val;
        return true;
    }
    if ((m->used + 1) * 2 > m->cap && !grow(m))
        return false;
    size_t s = slot_of(k, m->cap);
    while (m->keys[s] != 0 && m->keys[s] != RT_PTRMAP_DELETED)
        s = (s + 1) & (m->cap - 1);
    if (m->keys[s] == 0)
        m->used++;
    m->keys[s] = k;
    m->vals[s] = val;
    m->count++;
    return true;
}

void *rt_ptrmap_get(const rt_ptrmap *m, const void *key)
{
    long at = find(m, (uintptr_t)key);
    return at >= 0 ? m->vals[at] : NULL;
}

bool rt_ptrmap_remove(rt_ptrmap *m, const void *key)
{
    long at = find(m, (uintptr_t)key);
    if (at < 0)
        return false;
    m->keys[at] = RT_PTRMAP_DELETED;
    m->vals[at] = NULL;
    m->count--;
    return true;
}

void rt_ptrmap_free(rt_ptrmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->used = m->count = 0;
}

bool rt_ptrmap_next(const rt_ptrmap *m, size_t *i, void **key, void **val)
{
    for (; *i < m->cap; (*i)++) {
        uintptr_t k = m->keys[*i];
        if (k == 0 || k == RT_PTRMAP_DELETED)
            continue;
        *key = (void *)k;
        if (val)
            *val = m->vals[*i];
        (*i)++;
        return true;
    }
    return false;
}
