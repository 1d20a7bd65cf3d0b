/* sim/exec/counters.c — memory-efficiency counters of one warp access.
 *
 * Shared memory has 32 banks of 4-byte words; lanes reading different words
 * of one bank are serialised, lanes sharing a word are not (broadcast). A
 * 64- or 128-bit access is served in 2 or 4 phases of 16 or 8 lanes, as on
 * the hardware, so a linear wide access has no conflict. Global memory is
 * fetched in 32-byte sectors: fewer sectors per warp access, better
 * coalescing.
 */
#include "sim/exec/exec.h"

/* Sorts at most a warp's worth of values. Warp addresses usually arrive
 * ascending, so insertion sort is close to one linear pass (qsort's call
 * per comparison cost a third of the simulator's time). */
static void sort_small(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        uint64_t key = v[i];
        unsigned j = i;
        for (; j > 0 && v[j - 1] > key; j--)
            v[j] = v[j - 1];
        v[j] = key;
    }
}

/* Conflicts of one phase: the most distinct words in one bank, minus 1.
 * The common cases (one word per bank, or broadcasts) take one pass; only
 * a real conflict pays for sorting. */
static uint32_t phase_conflicts(uint64_t *words, unsigned n)
{
    if (n == 0)
        return 0;
    uint64_t first[ISA_WARP_SIZE];
    uint32_t used = 0;
    unsigned i = 0;
    for (; i < n; i++) {
        uint32_t b = (uint32_t)(words[i] % ISA_WARP_SIZE);
        if (!(used & (1u << b))) {
            used |= 1u << b;
            first[b] = words[i];
        } else if (first[b] != words[i]) {
            break;
        }
    }
    if (i == n)
        return 0;
    sort_small(words, n);
    uint32_t per_bank[ISA_WARP_SIZE] = { 0 }, worst = 0;
    for (i = 0; i < n; i++) {
        if (i > 0 && words[i] == words[i - 1])
            continue;
        uint32_t k = ++per_bank[words[i] % ISA_WARP_SIZE];
        worst = k > worst ? k : worst;
    }
    return worst - 1;
}

void sim_count_banks(sim_stats *s, const uint64_t *offs, uint32_t mask, uint32_t size)
{
    uint32_t words_per_lane = size <= 4 ? 1 : size / 4;
    uint32_t lanes_per_phase = ISA_WARP_SIZE / words_per_lane;
    for (uint32_t first = 0; first < ISA_WARP_SIZE; first += lanes_per_phase) {
        uint64_t words[ISA_WARP_SIZE];
        unsigned n = 0;
        for (uint32_t l = first; l < first + lanes_per_phase; l++)
            if (mask & (1u << l))
                for (uint32_t k = 0; k < words_per_lane; k++)
                    words[n++] = offs[l] / 4 + k;
        s->bank_conflicts += phase_conflicts(words, n);
    }
}

void sim_count_sectors(sim_stats *s, const uint64_t *addrs, uint32_t mask)
{
    uint64_t sec[ISA_WARP_SIZE];
    unsigned n = 0;
    for (uint32_t m = mask; m != 0; m &= m - 1)
        sec[n++] = addrs[__builtin_ctz(m)] / 32;   /* aligned accesses never straddle */
    if (n == 0)
        return;
    sort_small(sec, n);
    uint64_t distinct = 1;
    for (unsigned i = 1; i < n; i++)
        distinct += sec[i] != sec[i - 1];
    s->global_sectors += distinct;
}
