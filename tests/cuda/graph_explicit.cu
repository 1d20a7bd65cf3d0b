// graph_explicit: an explicit CUDA graph with a diamond dependency
//   memset(a) -> { kernel scale(a, b, k) ; kernel offset(a, c, k) } -> memcpy(out <- b|c) -> host
// plus a 1D memcpy node feeding a, launched 10 times; before each launch the
// two kernel nodes get new arguments through cudaGraphExecKernelNodeSetParams.
// Results are checked against a CPU reference after every launch.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>

#define CHECK(x)                                                                 \
    do {                                                                         \
        cudaError_t e_ = (x);                                                    \
        if (e_ != cudaSuccess) {                                                 \
            printf("FAIL %s:%d %s -> %s\n", __FILE__, __LINE__, #x,              \
                   cudaGetErrorName(e_));                                        \
            return 1;                                                            \
        }                                                                        \
    } while (0)

__global__ void scale(const int *a, int *b, int k, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) b[i] = a[i] * k;
}

__global__ void offset(const int *a, int *c, int k, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + k;
}

struct host_state { int calls; const int *out; int n; long sum; };

static void CUDART_CB on_host(void *p)
{
    host_state *s = (host_state *)p;
    s->calls++;
    s->sum = 0;
    for (int i = 0; i < 2 * s->n; i++) s->sum += s->out[i];
}

int main()
{
    const int n = 1000;
    int *a, *b, *c, *src, *out;
    CHECK(cudaMalloc(&a, n * sizeof(int)));
    CHECK(cudaMalloc(&b, n * sizeof(int)));
    CHECK(cudaMalloc(&c, n * sizeof(int)));
    CHECK(cudaMalloc(&src, n * sizeof(int)));
    CHECK(cudaMallocHost(&out, 2 * n * sizeof(int)));
    int *h = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++) h[i] = i - 300;
    CHECK(cudaMemcpy(src, h, n * sizeof(int), cudaMemcpyHostToDevice));

    cudaGraph_t g;
    CHECK(cudaGraphCreate(&g, 0));
    cudaGraphNode_t nset, ncopy, nscale, noff, nout_b, nout_c, nhost, nempty;

    cudaMemsetParams mp = {};
    mp.dst = a; mp.value = 0x7f; mp.elementSize = 1; mp.width = n * sizeof(int); mp.height = 1;
    CHECK(cudaGraphAddMemsetNode(&nset, g, NULL, 0, &mp));
    CHECK(cudaGraphAddMemcpyNode1D(&ncopy, g, &nset, 1, a, src, n * sizeof(int),
                                   cudaMemcpyDeviceToDevice));

    int k1 = 2, k2 = 5, nn = n;
    void *args1[] = { &a, &b, &k1, &nn };
    void *args2[] = { &a, &c, &k2, &nn };
    cudaKernelNodeParams kp = {};
    kp.func = (void *)scale; kp.gridDim = dim3((n + 127) / 128); kp.blockDim = dim3(128);
    kp.kernelParams = args1;
    CHECK(cudaGraphAddKernelNode(&nscale, g, &ncopy, 1, &kp));
    k1 = 999;   // parameters were copied when the node was added
    cudaKernelNodeParams kp2 = kp;
    kp2.func = (void *)offset; kp2.kernelParams = args2;
    CHECK(cudaGraphAddKernelNode(&noff, g, &ncopy, 1, &kp2));

    // out[0..n) <- b and out[n..2n) <- c through 3D-form copies
    cudaMemcpy3DParms cp = {};
    cp.srcPtr = make_cudaPitchedPtr(b, n * sizeof(int), n, 1);
    cp.dstPtr = make_cudaPitchedPtr(out, n * sizeof(int), n, 1);
    cp.extent = make_cudaExtent(n * sizeof(int), 1, 1);
    cp.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaGraphAddMemcpyNode(&nout_b, g, &nscale, 1, &cp));
    cp.srcPtr = make_cudaPitchedPtr(c, n * sizeof(int), n, 1);
    cp.dstPtr = make_cudaPitchedPtr(out + n, n * sizeof(int), n, 1);
    CHECK(cudaGraphAddMemcpyNode(&nout_c, g, &noff, 1, &cp));
    cudaGraphNode_t join[] = { nout_b, nout_c };
    CHECK(cudaGraphAddEmptyNode(&nempty, g, join, 2));
    host_state hs = { 0, out, n, 0 };
    cudaHostNodeParams hp = { on_host, &hs };
    CHECK(cudaGraphAddHostNode(&nhost, g, &nempty, 1, &hp));

    size_t count = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &count));
    size_t roots = 0, edges = 0;
    CHECK(cudaGraphGetRootNodes(g, NULL, &roots));
    CHECK(cudaGraphGetEdges(g, NULL, NULL, NULL, &edges));
    if (count != 8 || roots != 1 || edges != 8) {
        printf("FAIL: %zu nodes, %zu roots, %zu edges (want 8, 1, 8)\n", count, roots, edges);
        return 1;
    }
    cudaGraphNodeType t;
    CHECK(cudaGraphNodeGetType(nhost, &t));
    if (t != cudaGraphNodeTypeHost) { printf("FAIL: node type %d\n", (int)t); return 1; }
    cudaKernelNodeParams got;
    CHECK(cudaGraphKernelNodeGetParams(nscale, &got));
    if (*(int *)got.kernelParams[2] != 2 || got.blockDim.x != 128) {
        printf("FAIL: kernel node params read back %d\n", *(int *)got.kernelParams[2]);
        return 1;
    }
    if (cudaGraphAddEmptyNode(&nempty, (cudaGraph_t)0x1234, NULL, 0) != cudaErrorInvalidValue) {
        printf("FAIL: a garbage graph handle was accepted\n");
        return 1;
    }
    cudaGetLastError();

    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    cudaStream_t s;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaGraphUpload(x, s));
    for (int it = 0; it < 10; it++) {
        int ks = it + 1, ko = -7 * it;
        void *a1[] = { &a, &b, &ks, &nn };
        void *a2[] = { &a, &c, &ko, &nn };
        cudaKernelNodeParams p1 = kp, p2 = kp2;
        p1.kernelParams = a1;
        p2.kernelParams = a2;
        CHECK(cudaGraphExecKernelNodeSetParams(x, nscale, &p1));
        CHECK(cudaGraphExecKernelNodeSetParams(x, noff, &p2));
        CHECK(cudaGraphLaunch(x, s));
        CHECK(cudaStreamSynchronize(s));
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int wb = h[i] * ks, wc = h[i] + ko;
            if (out[i] != wb || out[n + i] != wc) {
                printf("FAIL: launch %d element %d: %d %d, want %d %d\n", it, i, out[i],
                       out[n + i], wb, wc);
                return 1;
            }
            sum += wb + wc;
        }
        if (hs.calls != it + 1 || hs.sum != sum) {
            printf("FAIL: host node: %d calls, sum %ld (want %d, %ld)\n", hs.calls, hs.sum,
                   it + 1, sum);
            return 1;
        }
    }

    // a clone instantiates to the same result; exec update from it works
    cudaGraph_t g2;
    CHECK(cudaGraphClone(&g2, g));
    cudaGraphExecUpdateResultInfo info;
    CHECK(cudaGraphExecUpdate(x, g2, &info));
    CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++)
        if (out[i] != h[i] * 2 || out[n + i] != h[i] + 5) {
            printf("FAIL: after update, element %d: %d %d\n", i, out[i], out[n + i]);
            return 1;
        }
    CHECK(cudaGraphDestroyNode(nhost));
    if (cudaGraphExecUpdate(x, g, &info) != cudaErrorGraphExecUpdateFailure ||
        info.result != cudaGraphExecUpdateErrorTopologyChanged) {
        printf("FAIL: update with a removed node was accepted\n");
        return 1;
    }
    cudaGetLastError();
    CHECK(cudaGraphExecDestroy(x));
    if (cudaGraphLaunch(x, s) != cudaErrorInvalidValue) {
        printf("FAIL: a destroyed exec was launched\n");
        return 1;
    }
    cudaGetLastError();
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaGraphDestroy(g2));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(a));
    CHECK(cudaFree(b));
    CHECK(cudaFree(c));
    CHECK(cudaFree(src));
    CHECK(cudaFreeHost(out));
    free(h);
    printf("PASS\n");
    return 0;
}
