// Golden source of cp_async.ptx (nvcc -arch=sm_80 -O2 -ptx): every cp.async
// form Cobalt lowers (cp-size 4, 8, 16; .ca/.cg; an immediate and a
// register src-size; ignore-src; a [reg+offset] source; commit_group,
// wait_group, wait_all) and movmatrix.
__global__ void cp_async(const int4 *src, int4 *out, unsigned n, int skip)
{
    __shared__ int4 s[4][32];
    int t = threadIdx.x;
    unsigned d = (unsigned)__cvta_generic_to_shared(&s[0][t]);
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4;" :: "r"(d), "l"(src + t));
    asm volatile("cp.async.ca.shared.global [%0+512], [%1+16], 8, 4;" :: "r"(d), "l"(src + t));
    asm volatile("cp.async.commit_group;");
    asm volatile("cp.async.cg.shared.global.L2::128B [%0+1024], [%1], 16, %2;"
                 :: "r"(d), "l"(src + t), "r"(n));
    asm volatile("{ .reg .pred p; setp.ne.s32 p, %2, 0;\n"
                 " cp.async.cg.shared.global [%0+1536], [%1], 16, p; }"
                 :: "r"(d), "l"(src + t), "r"(skip));
    asm volatile("cp.async.commit_group;");
    asm volatile("cp.async.wait_group 1;");
    asm volatile("cp.async.wait_all;" ::: "memory");
    int4 v = s[t % 4][t];
    unsigned m;
    asm volatile("movmatrix.sync.aligned.m8n8.trans.b16 %0, %1;" : "=r"(m) : "r"(v.x));
    v.x = (int)m;
    out[t] = v;
}
