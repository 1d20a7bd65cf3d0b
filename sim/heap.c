/* sim/heap.c — the device heap behind malloc/free in kernels.
 *
 * Every block is its own allocation in the UVA table, so an access past the
 * end of a malloc'd block is an illegal address like any other, and a
 * freed block is reported as use after free. The heap itself only keeps
 * the budget (cudaLimitMallocHeapSize) and the set of its live blocks, so
 * free() of a pointer that malloc did not return is caught.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"

enum { HEAP_GRAIN = 16 };   /* what a block costs is rounded up to this */

typedef struct heap_block { uint64_t base, cost; } heap_block;

struct sim_heap {
    pthread_mutex_t lock;
    sim_mem        *mem;
    uint64_t        capacity, used;
    heap_block     *blocks;       /* live blocks, unordered */
    size_t          n, cap;
    bool            touched;
};

sim_heap *sim_heap_create(sim_mem *m, uint64_t capacity)
{
    if (m == NULL)
        return NULL;
    sim_heap *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    if (pthread_mutex_init(&h->lock, NULL) != 0) {
        free(h);
        return NULL;
    }
    h->mem = m;
    h->capacity = capacity;
    return h;
}

void sim_heap_destroy(sim_heap *h)
{
    if (h == NULL)
        return;
    for (size_t i = 0; i < h->n; i++)
        sim_mem_free(h->mem, (void *)(uintptr_t)h->blocks[i].base);
    free(h->blocks);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

uint64_t sim_heap_malloc(sim_heap *h, uint64_t size)
{
    uint64_t base = 0;
    if (size == 0 || size > UINT64_MAX / 2)
        return 0;
    uint64_t cost = (size + HEAP_GRAIN - 1) / HEAP_GRAIN * HEAP_GRAIN;
    pthread_mutex_lock(&h->lock);
    h->touched = true;
    if (cost > h->capacity - h->used)
        goto out;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        heap_block *b = realloc(h->blocks, cap * sizeof *b);
        if (b == NULL)
            goto out;
        h->blocks = b;
        h->cap = cap;
    }
    void *p = sim_mem_alloc(h->mem, (size_t)size, SIM_ALLOC_DEVICE, "device malloc");
    if (p == NULL)
        goto out;
    base = (uint64_t)(uintptr_t)p;
    h->blocks[h->n++] = (heap_block){ base, cost };
    h->used += cost;
out:
    pthread_mutex_unlock(&h->lock);
    return base;
}

bool sim_heap_free(sim_heap *h, uint64_t p)
{
    if (p == 0)
        return true;
    bool found = false;
    pthread_mutex_lock(&h->lock);
    for (size_t i = h->n; i-- > 0;) {
        if (h->blocks[i].base != p)
            continue;
        h->used -= h->blocks[i].cost;
        h->blocks[i] = h->blocks[--h->n];
        found = true;
        break;
    }
    pthread_mutex_unlock(&h->lock);
    if (found)
        sim_mem_free(h->mem, (void *)(uintptr_t)p);
    return found;
}

uint64_t sim_heap_capacity(const sim_heap *h)
{
    return h->capacity;
}

uint64_t sim_heap_used(sim_heap *h)
{
    pthread_mutex_lock(&h->lock);
    uint64_t u = h->used;
    pthread_mutex_unlock(&h->lock);
    return u;
}

bool sim_heap_touched(sim_heap *h)
{
    pthread_mutex_lock(&h->lock);
    bool t = h->touched;
    pthread_mutex_unlock(&h->lock);
    return t;
}
