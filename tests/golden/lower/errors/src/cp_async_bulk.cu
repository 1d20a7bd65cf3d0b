// Golden source of cp_async_bulk.ptx (nvcc -arch=sm_90 -O2 -ptx): the TMA
// bulk copy, which Cobalt does not model yet, must fail naming it.
__global__ void bulk(const int4 *src)
{
    __shared__ __align__(128) int4 s[32];
    __shared__ __align__(8) unsigned long long bar;
    unsigned d = (unsigned)__cvta_generic_to_shared(s), b = (unsigned)__cvta_generic_to_shared(&bar);
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], 512, [%2];"
                 :: "r"(d), "l"(src), "r"(b) : "memory");
}
