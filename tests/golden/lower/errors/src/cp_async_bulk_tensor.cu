// Golden source of cp_async_bulk_tensor.ptx (nvcc -arch=sm_90 -O2 -ptx): the
// tensor-map (TMA) form of the bulk copy, which Cobalt does not model, must
// fail naming it.
__global__ void bulk_tensor(const __grid_constant__ unsigned long long tmap, int x)
{
    __shared__ __align__(128) int4 s[32];
    __shared__ __align__(8) unsigned long long bar;
    unsigned d = (unsigned)__cvta_generic_to_shared(s), b = (unsigned)__cvta_generic_to_shared(&bar);
    asm volatile("cp.async.bulk.tensor.1d.shared::cluster.global.mbarrier::complete_tx::bytes "
                 "[%0], [%1, {%2}], [%3];"
                 :: "r"(d), "l"(&tmap), "r"(x), "r"(b) : "memory");
}
