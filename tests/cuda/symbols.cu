// symbols: cudaMemcpyToSymbol / cudaMemcpyFromSymbol (offsets, every legal
// kind, device-to-device), cudaGetSymbolAddress / cudaGetSymbolSize for
// __device__ and __constant__ variables, a kernel that reads what was
// copied, and the errors for a host variable that is not a symbol, a range
// past the end, and a copy direction that does not match.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

__device__ int dvar[8];
__constant__ float cvar[4];
__device__ double dscalar = 2.5;
static int not_a_symbol[4];

__global__ void kern(int *out)
{
    int i = threadIdx.x;
    out[i] = dvar[i] * 10 + (int)cvar[i % 4] + (int)dscalar;
}

static int bad = 0;
#define CHECK(cond, ...) do { if (!(cond)) { printf(__VA_ARGS__); printf("\n"); bad++; } } while (0)

static void expect_err(cudaError_t got, cudaError_t want, const char *what)
{
    CHECK(got == want, "%s: got %s, want %s", what, cudaGetErrorName(got), cudaGetErrorName(want));
    cudaGetLastError();   // these errors are not sticky
}

int main()
{
    int h[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8];
    float hc[4] = { 100, 200, 300, 400 };
    CHECK(cudaMemcpyToSymbol(dvar, h, sizeof h) == cudaSuccess, "ToSymbol dvar");
    CHECK(cudaMemcpyToSymbol(cvar, hc, sizeof hc, 0, cudaMemcpyHostToDevice) == cudaSuccess,
          "ToSymbol cvar");
    // offsets: overwrite dvar[2..3], read back dvar[1..4]
    int two[2] = { 30, 40 };
    CHECK(cudaMemcpyToSymbol(dvar, two, sizeof two, 2 * sizeof(int)) == cudaSuccess, "offset");
    memset(back, 0, sizeof back);
    CHECK(cudaMemcpyFromSymbol(back, dvar, 4 * sizeof(int), sizeof(int)) == cudaSuccess,
          "FromSymbol offset");
    CHECK(back[0] == 2 && back[1] == 30 && back[2] == 40 && back[3] == 5,
          "FromSymbol with offset: %d %d %d %d", back[0], back[1], back[2], back[3]);
    CHECK(cudaMemcpyFromSymbol(back, dvar, sizeof back, 0, cudaMemcpyDefault) == cudaSuccess,
          "FromSymbol default kind");
    // sizes and addresses
    size_t sz = 0;
    void *addr = NULL;
    CHECK(cudaGetSymbolSize(&sz, dvar) == cudaSuccess && sz == sizeof h, "size dvar %zu", sz);
    CHECK(cudaGetSymbolSize(&sz, cvar) == cudaSuccess && sz == sizeof hc, "size cvar %zu", sz);
    CHECK(cudaGetSymbolSize(&sz, dscalar) == cudaSuccess && sz == sizeof(double), "size dscalar");
    CHECK(cudaGetSymbolAddress(&addr, dvar) == cudaSuccess && addr != NULL, "address dvar");
    // the address is usable with cudaMemcpy
    int first = 0;
    CHECK(cudaMemcpy(&first, addr, sizeof first, cudaMemcpyDeviceToHost) == cudaSuccess &&
          first == 1, "cudaMemcpy from the symbol address: %d", first);
    void *caddr = NULL;
    CHECK(cudaGetSymbolAddress(&caddr, cvar) == cudaSuccess && caddr != NULL, "address cvar");
    double ds = 0;
    CHECK(cudaMemcpyFromSymbol(&ds, dscalar, sizeof ds) == cudaSuccess && ds == 2.5,
          "initialised scalar %g", ds);
    // device to device: a device buffer into the symbol, and back out
    int *dbuf;
    int nine[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
    CHECK(cudaMalloc(&dbuf, sizeof nine) == cudaSuccess, "malloc");
    CHECK(cudaMemcpy(dbuf, nine, sizeof nine, cudaMemcpyHostToDevice) == cudaSuccess, "memcpy");
    CHECK(cudaMemcpyToSymbol(dvar, dbuf, 2 * sizeof(int), 6 * sizeof(int),
                             cudaMemcpyDeviceToDevice) == cudaSuccess, "ToSymbol D2D");
    // kernel sees dvar = {1,2,30,40,5,6,9,9}, cvar, dscalar
    int *dout, out[8];
    CHECK(cudaMalloc(&dout, sizeof out) == cudaSuccess, "malloc out");
    kern<<<1, 8>>>(dout);
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost) == cudaSuccess, "kernel");
    int dv[8] = { 1, 2, 30, 40, 5, 6, 9, 9 };
    for (int i = 0; i < 8; i++)
        CHECK(out[i] == dv[i] * 10 + (int)hc[i % 4] + 2, "out[%d] = %d", i, out[i]);
    CHECK(cudaMemcpyFromSymbol(dbuf, dvar, sizeof h, 0, cudaMemcpyDeviceToDevice) == cudaSuccess,
          "FromSymbol D2D");
    CHECK(cudaMemcpy(back, dbuf, sizeof back, cudaMemcpyDeviceToHost) == cudaSuccess &&
          back[2] == 30 && back[7] == 9, "D2D contents %d %d", back[2], back[7]);
    // errors
    expect_err(cudaMemcpyToSymbol(not_a_symbol, h, sizeof h), cudaErrorInvalidSymbol,
               "ToSymbol of a plain host variable");
    expect_err(cudaGetSymbolAddress(&addr, not_a_symbol), cudaErrorInvalidSymbol,
               "GetSymbolAddress of a plain host variable");
    expect_err(cudaGetSymbolSize(&sz, not_a_symbol), cudaErrorInvalidSymbol,
               "GetSymbolSize of a plain host variable");
    expect_err(cudaMemcpyToSymbol(dvar, h, sizeof h, 4), cudaErrorInvalidValue,
               "ToSymbol past the end");
    expect_err(cudaMemcpyFromSymbol(back, dvar, 4, sizeof h), cudaErrorInvalidValue,
               "FromSymbol at an offset past the end");
    expect_err(cudaMemcpyToSymbol(dvar, h, sizeof h, 0, cudaMemcpyDeviceToHost),
               cudaErrorInvalidMemcpyDirection, "ToSymbol with DeviceToHost");
    expect_err(cudaMemcpyFromSymbol(back, dvar, sizeof h, 0, cudaMemcpyHostToDevice),
               cudaErrorInvalidMemcpyDirection, "FromSymbol with HostToDevice");
    // nothing above may have become sticky
    CHECK(cudaDeviceSynchronize() == cudaSuccess, "device still healthy");
    if (bad) {
        printf("%d failures\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
