// special_regs: 3D grids of 3D blocks (one block shape a multiple of the
// warp, one a partial warp) and the special registers a thread can read:
// tid/ntid/ctaid/nctaid in x, y and z, and through inline PTX %laneid,
// %lanemask_eq/lt/ge, %dynamic_smem_size, %warpid < %nwarpid, %smid < %nsmid,
// and %clock64, which must not run backwards.
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

#define NOUT 12

__global__ void sregs(unsigned *out)
{
    unsigned lane, eq, lt, ge, dyn, warp, nwarp, sm, nsm;
    asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
    asm volatile("mov.u32 %0, %%lanemask_eq;" : "=r"(eq));
    asm volatile("mov.u32 %0, %%lanemask_lt;" : "=r"(lt));
    asm volatile("mov.u32 %0, %%lanemask_ge;" : "=r"(ge));
    asm volatile("mov.u32 %0, %%dynamic_smem_size;" : "=r"(dyn));
    asm volatile("mov.u32 %0, %%warpid;" : "=r"(warp));
    asm volatile("mov.u32 %0, %%nwarpid;" : "=r"(nwarp));
    asm volatile("mov.u32 %0, %%smid;" : "=r"(sm));
    asm volatile("mov.u32 %0, %%nsmid;" : "=r"(nsm));
    long long t0 = clock64();
    unsigned block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    unsigned thread = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    unsigned *o = out + (block * blockDim.x * blockDim.y * blockDim.z + thread) * NOUT;
    o[0] = threadIdx.x | threadIdx.y << 8 | threadIdx.z << 16;
    o[1] = blockDim.x | blockDim.y << 8 | blockDim.z << 16;
    o[2] = blockIdx.x | blockIdx.y << 8 | blockIdx.z << 16;
    o[3] = gridDim.x | gridDim.y << 8 | gridDim.z << 16;
    o[4] = lane;
    o[5] = eq;
    o[6] = lt;
    o[7] = ge;
    o[8] = dyn;
    o[9] = (warp < nwarp) | (sm < nsm) << 1;
    long long t1 = clock64();
    o[10] = t1 >= t0;
    o[11] = 0x600d;
}

static int run(dim3 grid, dim3 block, unsigned dyn)
{
    const unsigned per = block.x * block.y * block.z;
    const unsigned n = grid.x * grid.y * grid.z * per;
    std::vector<unsigned> out((size_t)n * NOUT), want(NOUT);
    unsigned *dout;
    CHECK(cudaMalloc(&dout, out.size() * sizeof(unsigned)));
    CHECK(cudaMemset(dout, 0, out.size() * sizeof(unsigned)));
    sregs<<<grid, block, dyn>>>(dout);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dout));

    int bad = 0;
    for (unsigned bz = 0; bz < grid.z; bz++)
    for (unsigned by = 0; by < grid.y; by++)
    for (unsigned bx = 0; bx < grid.x; bx++)
    for (unsigned tz = 0; tz < block.z; tz++)
    for (unsigned ty = 0; ty < block.y; ty++)
    for (unsigned tx = 0; tx < block.x; tx++) {
        unsigned b = bx + grid.x * (by + grid.y * bz);
        unsigned t = tx + block.x * (ty + block.y * tz);
        unsigned lane = t % 32; // warps are formed from consecutive linear thread ids
        want[0] = tx | ty << 8 | tz << 16;
        want[1] = block.x | block.y << 8 | block.z << 16;
        want[2] = bx | by << 8 | bz << 16;
        want[3] = grid.x | grid.y << 8 | grid.z << 16;
        want[4] = lane;
        want[5] = 1u << lane;
        want[6] = (1u << lane) - 1;
        want[7] = ~((1u << lane) - 1);
        want[8] = dyn;
        want[9] = 3;
        want[10] = 1;
        want[11] = 0x600d;
        const unsigned *o = &out[((size_t)b * per + t) * NOUT];
        for (int j = 0; j < NOUT; j++) {
            if (o[j] != want[j]) {
                if (bad < 5)
                    printf("grid (%u,%u,%u) block (%u,%u,%u) thread (%u,%u,%u) of block "
                           "(%u,%u,%u): value %d is 0x%x, expected 0x%x\n",
                           grid.x, grid.y, grid.z, block.x, block.y, block.z, tx, ty, tz, bx, by,
                           bz, j, o[j], want[j]);
                bad++;
            }
        }
    }
    return bad;
}

int main(void)
{
    int bad = run(dim3(3, 2, 2), dim3(8, 4, 3), 100); // 96 threads: 3 full warps
    bad += run(dim3(2, 1, 3), dim3(5, 3, 2), 0);      // 30 threads: one partial warp
    if (bad) {
        printf("special_regs: %d values wrong\nFAIL\n", bad);
        return 1;
    }
    printf("special_regs: 3D grids (3,2,2)x(8,4,3) and (2,1,3)x(5,3,2)\nPASS\n");
    return 0;
}
