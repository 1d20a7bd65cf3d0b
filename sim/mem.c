/* sim/mem.c — the UVA allocation table.
 *
 * Device memory is host memory: every allocation comes from aligned_alloc,
 * and its host address is its device address. Live allocations are kept
 * sorted by base for binary search. A bounded ring remembers recently freed
 * ranges so a report can say "use after free" instead of "wild pointer".
 * One mutex guards the table: lookups are rare on the hot path because each
 * warp caches the last allocation it hit and each SM the last few; `frees`
 * (read without the lock) tells those caches when an entry may be stale.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/internal.h"

enum { MEM_FREED_RING = 64, MEM_ALIGN = 256 };

struct sim_mem {
    pthread_mutex_t lock;
    sim_alloc_info *live;       /* sorted by base */
    size_t          nlive, cap;
    sim_alloc_info  freed[MEM_FREED_RING];
    size_t          nfreed, freed_next;
    uint64_t        bytes;
    uint64_t        frees;      /* atomic: allocations freed so far */
};

sim_mem *sim_mem_create(void)
{
    sim_mem *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    if (pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

void sim_mem_destroy(sim_mem *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nlive; i++)
        free((void *)(uintptr_t)m->live[i].base);
    free(m->live);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* Index of the first live allocation whose base is > addr. */
static size_t upper_bound(const sim_mem *m, uint64_t addr)
{
    size_t lo = 0, hi = m->nlive;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->live[mid].base <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* A new allocation may reuse freed addresses: forget freed ranges it covers,
 * so they are not reported as use after free. */
static void forget_freed(sim_mem *m, uint64_t base, uint64_t len)
{
    size_t n = 0;
    sim_alloc_info keep[MEM_FREED_RING];
    for (size_t i = 0; i < m->nfreed; i++) {
        /* oldest first, so the ring order survives */
        size_t idx = (m->freed_next + MEM_FREED_RING - m->nfreed + i) % MEM_FREED_RING;
        const sim_alloc_info *f = &m->freed[idx];
        if (!ranges_overlap(base, len, f->base, f->size > 0 ? f->size : 1))
            keep[n++] = *f;
    }
    memcpy(m->freed, keep, n * sizeof keep[0]);
    m->nfreed = n;
    m->freed_next = n % MEM_FREED_RING;
}

void *sim_mem_alloc(sim_mem *m, size_t size, sim_alloc_kind kind, const char *tag)
{
    if (size > UINT64_MAX / 2)
        return NULL;
    size_t rounded = size == 0 ? MEM_ALIGN : (size + MEM_ALIGN - 1) / MEM_ALIGN * MEM_ALIGN;
    void *p = aligned_alloc(MEM_ALIGN, rounded);
    if (p == NULL)
        return NULL;
    memset(p, 0, rounded);
    sim_alloc_info info = { .base = (uint64_t)(uintptr_t)p, .size = size, .kind = kind };
    if (tag != NULL)
        snprintf(info.tag, sizeof info.tag, "%s", tag);
    pthread_mutex_lock(&m->lock);
    if (m->nlive == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        sim_alloc_info *live = realloc(m->live, cap * sizeof *live);
        if (live == NULL) {
            pthread_mutex_unlock(&m->lock);
            free(p);
            return NULL;
        }
        m->live = live;
        m->cap = cap;
    }
    size_t at = upper_bound(m, info.base);
    memmove(&m->live[at + 1], &m->live[at], (m->nlive - at) * sizeof *m->live);
    m->live[at] = info;
    m->nlive++;
    m->bytes += size;
    forget_freed(m, info.base, rounded);
    pthread_mutex_unlock(&m->lock);
    return p;
}

bool sim_mem_free(sim_mem *m, void *p)
{
    uint64_t base = (uint64_t)(uintptr_t)p;
    pthread_mutex_lock(&m->lock);
    size_t at = upper_bound(m, base);
    if (at == 0 || m->live[at - 1].base != base) {
        pthread_mutex_unlock(&m->lock);
        return false;
    }
    sim_alloc_info info = m->live[at - 1];
    memmove(&m->live[at - 1], &m->live[at], (m->nlive - at) * sizeof *m->live);
    m->nlive--;
    m->bytes -= info.size;
    info.freed = true;
    __atomic_add_fetch(&m->frees, 1, __ATOMIC_RELEASE);
    m->freed[m->freed_next] = info;
    m->freed_next = (m->freed_next + 1) % MEM_FREED_RING;
    if (m->nfreed < MEM_FREED_RING)
        m->nfreed++;
    pthread_mutex_unlock(&m->lock);
    free(p);
    return true;
}

/* Caller holds the lock. */
static const sim_alloc_info *find_locked(const sim_mem *m, uint64_t addr)
{
    size_t at = upper_bound(m, addr);
    if (at == 0)
        return NULL;
    const sim_alloc_info *a = &m->live[at - 1];
    return addr - a->base < a->size ? a : NULL;
}

bool sim_mem_lookup(sim_mem *m, uint64_t addr, uint64_t *base, uint64_t *size)
{
    pthread_mutex_lock(&m->lock);
    const sim_alloc_info *a = find_locked(m, addr);
    if (a != NULL) {
        *base = a->base;
        *size = a->size;
    }
    pthread_mutex_unlock(&m->lock);
    return a != NULL;
}

uint64_t sim_mem_frees(sim_mem *m)
{
    return __atomic_load_n(&m->frees, __ATOMIC_ACQUIRE);
}

bool sim_mem_check(sim_mem *m, uint64_t addr, uint64_t size)
{
    uint64_t base, len;
    if (!sim_mem_lookup(m, addr, &base, &len))
        return false;
    return size <= len - (addr - base);
}

bool sim_mem_find(sim_mem *m, uint64_t addr, sim_alloc_info *out)
{
    pthread_mutex_lock(&m->lock);
    const sim_alloc_info *a = find_locked(m, addr);
    if (a != NULL)
        *out = *a;
    pthread_mutex_unlock(&m->lock);
    return a != NULL;
}

/* Distance from addr to [base, base+size) for ranking: 0 only inside. */
static uint64_t distance(uint64_t addr, const sim_alloc_info *a)
{
    if (addr < a->base)
        return a->base - addr;
    uint64_t end = a->base + a->size;
    return addr < end ? 0 : addr - end + 1;
}

bool sim_mem_nearest(sim_mem *m, uint64_t addr, sim_alloc_info *out)
{
    pthread_mutex_lock(&m->lock);
    const sim_alloc_info *best = NULL;
    uint64_t best_d = UINT64_MAX;
    /* A freed range that holds addr explains the access best (use after
     * free); otherwise the closest live neighbour on either side. */
    for (size_t i = 0; i < m->nfreed; i++) {
        const sim_alloc_info *f = &m->freed[i];
        if (distance(addr, f) == 0) {
            best = f;
            best_d = 0;
        }
    }
    size_t at = upper_bound(m, addr);
    for (size_t i = at > 0 ? at - 1 : 0; best_d != 0 && i < at + 1 && i < m->nlive; i++) {
        uint64_t d = distance(addr, &m->live[i]);
        if (d < best_d) {
            best = &m->live[i];
            best_d = d;
        }
    }
    for (size_t i = 0; best_d != 0 && i < m->nfreed; i++) {
        uint64_t d = distance(addr, &m->freed[i]);
        if (d < best_d) {
            best = &m->freed[i];
            best_d = d;
        }
    }
    if (best != NULL)
        *out = *best;
    pthread_mutex_unlock(&m->lock);
    return best != NULL;
}

uint64_t sim_mem_bytes_in_use(sim_mem *m)
{
    pthread_mutex_lock(&m->lock);
    uint64_t b = m->bytes;
    pthread_mutex_unlock(&m->lock);
    return b;
}

/* ---- external ranges (cudaHostRegister) ----
 * An external range enters the table like an allocation (so kernels may
 * access it) but is never freed by the table and not counted in
 * bytes_in_use. The owner must unregister it before sim_mem_destroy or
 * sim_mem_free would release memory it does not own. */
bool sim_mem_register(sim_mem *m, void *p, size_t size, const char *tag)
{
    uint64_t base = (uint64_t)(uintptr_t)p;
    if (p == NULL || size == 0 || size > UINT64_MAX - base)
        return false;
    sim_alloc_info info = { .base = base, .size = size, .kind = SIM_ALLOC_HOST };
    if (tag != NULL)
        snprintf(info.tag, sizeof info.tag, "%s", tag);
    pthread_mutex_lock(&m->lock);
    size_t at = upper_bound(m, base);
    bool clash = (at > 0 && m->live[at - 1].base + m->live[at - 1].size > base) ||
                 (at < m->nlive && m->live[at].base < base + size);
    if (!clash && m->nlive == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        sim_alloc_info *live = realloc(m->live, cap * sizeof *live);
        if (live == NULL) {
            clash = true;
        } else {
            m->live = live;
            m->cap = cap;
        }
    }
    if (!clash) {
        memmove(&m->live[at + 1], &m->live[at], (m->nlive - at) * sizeof *m->live);
        m->live[at] = info;
        m->nlive++;
        forget_freed(m, base, size);
    }
    pthread_mutex_unlock(&m->lock);
    return !clash;
}

bool sim_mem_unregister(sim_mem *m, void *p)
{
    uint64_t base = (uint64_t)(uintptr_t)p;
    pthread_mutex_lock(&m->lock);
    size_t at = upper_bound(m, base);
    bool ok = at > 0 && m->live[at - 1].base == base;
    if (ok) {
        sim_alloc_info info = m->live[at - 1];
        memmove(&m->live[at - 1], &m->live[at], (m->nlive - at) * sizeof *m->live);
        m->nlive--;
        info.freed = true;   /* later accesses are reported as after unregister */
        m->freed[m->freed_next] = info;
        m->freed_next = (m->freed_next + 1) % MEM_FREED_RING;
        if (m->nfreed < MEM_FREED_RING)
            m->nfreed++;
    }
    pthread_mutex_unlock(&m->lock);
    return ok;
}
