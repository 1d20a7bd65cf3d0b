// device_profile: under the default profile, COBALT_DEVICE=tiny (2 SMs)
// and COBALT_DEVICE=h100-like (tests/run-e2e.sh runs all three): the
// properties, the attributes and the occupancy agree with the profile.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>

#include "check.cuh"

__global__ void k(int *out)
{
    __shared__ int buf[256];
    buf[threadIdx.x] = threadIdx.x;
    __syncthreads();
    out[blockIdx.x * blockDim.x + threadIdx.x] = buf[255 - threadIdx.x] + blockIdx.x;
}

struct expect {
    const char *profile;
    int sms, major, minor, threads_sm, smem_sm, regs_sm, blocks_sm, clock_khz;
};
static const expect table[] = {
    { "", 16, 8, 0, 2048, 164 * 1024, 65536, 32, 1410000 },   // the default (a100-like)
    { "tiny", 2, 8, 0, 1024, 64 * 1024, 32768, 8, 1000000 },
    { "h100-like", 16, 9, 0, 2048, 228 * 1024, 65536, 32, 1980000 },
};

int main()
{
    const char *env = getenv("COBALT_DEVICE");
    const expect *e = nullptr;
    for (const expect &t : table)
        if (strcmp(t.profile, env ? env : "") == 0)
            e = &t;
    if (!e) {
        printf("no expectations for COBALT_DEVICE=%s\nFAIL\n", env);
        return 1;
    }
    cudaDeviceProp p;
    CHECK(cudaGetDeviceProperties(&p, 0));
    printf("%s: %d SMs, cc %d.%d\n", p.name, p.multiProcessorCount, p.major, p.minor);
    REQUIRE(p.multiProcessorCount == e->sms);
    REQUIRE(p.major == e->major && p.minor == e->minor);
    REQUIRE(p.maxThreadsPerMultiProcessor == e->threads_sm);
    REQUIRE(p.sharedMemPerMultiprocessor == (size_t)e->smem_sm);
    REQUIRE(p.regsPerMultiprocessor == e->regs_sm);
    REQUIRE(p.maxBlocksPerMultiProcessor == e->blocks_sm);
    int v;
    CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0));
    REQUIRE(v == e->sms);
    CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerMultiprocessor, 0));
    REQUIRE(v == e->smem_sm);
    CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrMaxRegistersPerMultiprocessor, 0));
    REQUIRE(v == e->regs_sm);
    CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrClockRate, 0));
    REQUIRE(v == e->clock_khz);
    CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrComputeCapabilityMajor, 0));
    REQUIRE(v == e->major);
    int blocks = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, k, 256, 0));
    REQUIRE(blocks >= 1 && blocks <= e->threads_sm / 256);
    size_t fr, total;
    CHECK(cudaMemGetInfo(&fr, &total));
    REQUIRE(total == p.totalGlobalMem && fr <= total);
    int *out;
    CHECK(cudaMalloc(&out, 8 * 256 * sizeof(int)));
    k<<<8, 256>>>(out);
    CHECK(cudaDeviceSynchronize());
    static int h[8 * 256];
    CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
    for (int b = 0; b < 8; b++)
        for (int t = 0; t < 256; t++)
            REQUIRE(h[b * 256 + t] == 255 - t + b);
    CHECK(cudaFree(out));
    printf("PASS\n");
    return 0;
}
