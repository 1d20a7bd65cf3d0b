// Golden source of mbarrier_bulk.ptx (nvcc -arch=sm_90 -O2 -ptx): every
// mbarrier form Cobalt lowers (init, inval, arrive with and without count,
// .noComplete, arrive_drop, arrive{_drop}.expect_tx with a sink state, expect_tx,
// complete_tx, test_wait, try_wait with a hint, the .parity forms,
// pending_count, a generic address), cp.async.mbarrier.arrive{.noinc} and
// the cp.async.bulk copies, groups and prefetch.
__global__ void mbarrier_bulk(const int4 *src, int4 *dst, unsigned long long *out, unsigned n)
{
    __shared__ __align__(128) int4 s[32];
    __shared__ __align__(8) unsigned long long bar;
    unsigned d = (unsigned)__cvta_generic_to_shared(s), b = (unsigned)__cvta_generic_to_shared(&bar);
    unsigned long long st;
    unsigned p, c;
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" :: "r"(b), "r"(n) : "memory");
    asm volatile("mbarrier.arrive.shared.b64 %0, [%1];" : "=l"(st) : "r"(b) : "memory");
    asm volatile("mbarrier.arrive.release.cta.shared::cta.b64 %0, [%1], 2;" : "=l"(st) : "r"(b) : "memory");
    asm volatile("mbarrier.arrive.noComplete.shared.b64 %0, [%1], %2;" : "=l"(st) : "r"(b), "r"(n) : "memory");
    asm volatile("mbarrier.arrive_drop.shared.b64 %0, [%1];" : "=l"(st) : "r"(b) : "memory");
    asm volatile("mbarrier.arrive.b64 %0, [%1];" : "=l"(st) : "l"(&bar) : "memory");
    asm volatile("mbarrier.pending_count.b64 %0, %1;" : "=r"(c) : "l"(st));
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], 512;" :: "r"(b) : "memory");
    asm volatile("mbarrier.arrive_drop.expect_tx.shared::cta.b64 _, [%0], 32;" :: "r"(b) : "memory");
    asm volatile("mbarrier.expect_tx.relaxed.cta.shared::cta.b64 [%0], 16;" :: "r"(b) : "memory");
    asm volatile("mbarrier.complete_tx.relaxed.cta.shared::cta.b64 [%0], 16;" :: "r"(b) : "memory");
    asm volatile("cp.async.bulk.prefetch.L2.global [%0], 512;" :: "l"(src));
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], 512, [%2];"
                 :: "r"(d), "l"(src), "r"(b) : "memory");
    asm volatile("cp.async.ca.shared.global [%0], [%1], 16;" :: "r"(d), "l"(src) : "memory");
    asm volatile("cp.async.mbarrier.arrive.shared.b64 [%0];" :: "r"(b) : "memory");
    asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];" :: "r"(b) : "memory");
    asm volatile("{ .reg .pred q; mbarrier.test_wait.shared.b64 q, [%1], %2; selp.u32 %0, 1, 0, q; }"
                 : "=r"(p) : "r"(b), "l"(st) : "memory");
    asm volatile("{ .reg .pred q; mbarrier.try_wait.parity.shared::cta.b64 q, [%1], %2, 100; selp.u32 %0, 1, 0, q; }"
                 : "+r"(p) : "r"(b), "r"(p) : "memory");
    asm volatile("{ .reg .pred q; mbarrier.test_wait.parity.b64 q, [%1], %2; selp.u32 %0, 1, 0, q; }"
                 : "+r"(p) : "l"(&bar), "r"(p) : "memory");
    asm volatile("cp.async.bulk.global.shared::cta.bulk_group [%0], [%1], %2;"
                 :: "l"(dst), "r"(d), "r"(n * 16) : "memory");
    asm volatile("cp.async.bulk.commit_group;" ::: "memory");
    asm volatile("cp.async.bulk.wait_group.read 0;" ::: "memory");
    asm volatile("cp.async.bulk.wait_group 0;" ::: "memory");
    asm volatile("mbarrier.inval.shared.b64 [%0];" :: "r"(b) : "memory");
    out[0] = st + c + p;
}
