// graph_nodes: node neighbourhood queries (CUDA 13 signatures with edge
// data), cudaGraphHostNodeSetParams, cudaGraphMemcpyNodeGetParams/SetParams,
// cudaGraphDebugDotPrint (a real DOT file), and cudaEventQuery /
// cudaEventSynchronize on an event last recorded during capture, and
// cudaStreamBeginCaptureToGraph, child graph nodes.
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include "check.cuh"

#define N 256

__global__ void scale(int *p, int k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < N)
        p[i] *= k;
}

static void CUDART_CB store(void *p)
{
    *(int *)p += 1;
}

static int test_graph(void)
{
    int *d, *d2, h[N], hits_a = 0, hits_b = 0;
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaMalloc(&d2, sizeof h));
    for (int i = 0; i < N; i++)
        h[i] = i;
    CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d2, 0, sizeof h));

    cudaGraph_t g;
    cudaGraphNode_t host, copy, kern;
    CHECK(cudaGraphCreate(&g, 0));
    cudaHostNodeParams hp = { store, &hits_a };
    CHECK(cudaGraphAddHostNode(&host, g, NULL, 0, &hp));
    // a copy node d -> d (replaced below by d -> d2)
    CHECK(cudaGraphAddMemcpyNode1D(&copy, g, &host, 1, d, d, 0 + sizeof h / 2,
                                   cudaMemcpyDeviceToDevice));
    int k = 3;
    void *args[] = { &d2, &k };
    cudaKernelNodeParams kp = {};
    kp.func = (void *)scale;
    kp.gridDim = dim3(N / 64);
    kp.blockDim = dim3(64);
    kp.kernelParams = args;
    CHECK(cudaGraphAddKernelNode(&kern, g, &copy, 1, &kp));

    // neighbourhood queries
    size_t n = 0;
    CHECK(cudaGraphNodeGetDependencies(kern, NULL, NULL, &n));
    REQUIRE(n == 1);
    cudaGraphNode_t nodes[4];
    cudaGraphEdgeData ed[4];
    memset(ed, 0xff, sizeof ed);
    n = 4;
    CHECK(cudaGraphNodeGetDependencies(kern, nodes, ed, &n));
    REQUIRE(n == 1 && nodes[0] == copy && ed[0].type == 0 && ed[0].from_port == 0);
    n = 4;
    CHECK(cudaGraphNodeGetDependentNodes(host, nodes, NULL, &n));
    REQUIRE(n == 1 && nodes[0] == copy);
    n = 4;
    CHECK(cudaGraphNodeGetDependentNodes(kern, nodes, NULL, &n));
    REQUIRE(n == 0);
    EXPECT(cudaGraphNodeGetDependencies(kern, NULL, ed, &n), cudaErrorInvalidValue);

    // host node parameters
    cudaHostNodeParams hb = { store, &hits_b }, got_h;
    CHECK(cudaGraphHostNodeSetParams(host, &hb));
    CHECK(cudaGraphHostNodeGetParams(host, &got_h));
    REQUIRE(got_h.fn == store && got_h.userData == &hits_b);
    EXPECT(cudaGraphHostNodeSetParams(copy, &hb), cudaErrorInvalidValue);

    // copy node parameters
    cudaMemcpy3DParms cp = {};
    CHECK(cudaGraphMemcpyNodeGetParams(copy, &cp));
    REQUIRE(cp.srcPtr.ptr == d && cp.dstPtr.ptr == d && cp.extent.width == sizeof h / 2 &&
            cp.extent.height == 1 && cp.extent.depth == 1 &&
            cp.kind == cudaMemcpyDeviceToDevice);
    cp.dstPtr = make_cudaPitchedPtr(d2, sizeof h, sizeof h, 1);
    cp.srcPtr = make_cudaPitchedPtr(d, sizeof h, sizeof h, 1);
    cp.extent = make_cudaExtent(sizeof h, 1, 1);
    CHECK(cudaGraphMemcpyNodeSetParams(copy, &cp));
    cudaMemcpy3DParms back = {};
    CHECK(cudaGraphMemcpyNodeGetParams(copy, &back));
    REQUIRE(back.dstPtr.ptr == d2 && back.extent.width == sizeof h);

    // DOT output
    char path[] = "/tmp/graph_nodes_XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    CHECK(cudaGraphDebugDotPrint(g, path, cudaGraphDebugDotFlagsVerbose));
    FILE *f = fopen(path, "r");
    REQUIRE(f);
    char text[8192];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    unlink(path);
    text[len] = 0;
    REQUIRE(strstr(text, "digraph") && strstr(text, "HOST") && strstr(text, "MEMCPY") &&
            strstr(text, "KERNEL") && strstr(text, "scale") && strstr(text, "n0 -> n1;") &&
            strstr(text, "n1 -> n2;"));

    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    CHECK(cudaGraphLaunch(x, 0));
    CHECK(cudaStreamSynchronize(0));
    CHECK(cudaMemcpy(h, d2, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        REQUIRE(h[i] == 3 * i);
    REQUIRE(hits_a == 0 && hits_b == 1);
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(d));
    CHECK(cudaFree(d2));
    return 0;
}

static int test_captured_event(void)
{
    cudaStream_t s;
    cudaEvent_t ev;
    cudaGraph_t g;
    int hits = 0;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaEventCreate(&ev));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeRelaxed));
    CHECK(cudaLaunchHostFunc(s, store, &hits));
    CHECK(cudaEventRecord(ev, s));
    EXPECT(cudaEventQuery(ev), cudaErrorCapturedEvent);
    EXPECT(cudaEventSynchronize(ev), cudaErrorCapturedEvent);
    CHECK(cudaStreamEndCapture(s, &g));
    CHECK(cudaEventQuery(ev));
    REQUIRE(hits == 0);
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaEventDestroy(ev));
    CHECK(cudaStreamDestroy(s));
    return 0;
}

// cudaStreamBeginCaptureToGraph: captured work lands after a node of an
// existing graph, which cudaStreamEndCapture hands back.
static int test_capture_to_graph(void)
{
    cudaStream_t s;
    cudaGraph_t g, got;
    cudaGraphNode_t first;
    int hits = 0, *d, h[N];
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaGraphCreate(&g, 0));
    cudaMemsetParams m = {};
    m.dst = d;
    m.value = 2;
    m.elementSize = 4;
    m.width = N;
    m.height = 1;
    CHECK(cudaGraphAddMemsetNode(&first, g, NULL, 0, &m));
    CHECK(cudaStreamBeginCaptureToGraph(s, g, &first, NULL, 1, cudaStreamCaptureModeGlobal));
    scale<<<N / 64, 64, 0, s>>>(d, 5);
    CHECK(cudaLaunchHostFunc(s, store, &hits));
    CHECK(cudaStreamEndCapture(s, &got));
    REQUIRE(got == g);
    size_t n = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &n));
    REQUIRE(n == 3);
    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    CHECK(cudaGraphLaunch(x, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        REQUIRE(h[i] == 10);
    REQUIRE(hits == 1);
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(d));
    return 0;
}

// A child graph node: the child (cloned at add) runs between the node's
// dependencies and dependents.
static int test_child_graph(void)
{
    int *d, h[N];
    CHECK(cudaMalloc(&d, sizeof h));
    cudaGraph_t child, g, emb;
    cudaGraphNode_t set, k, cn, k2;
    CHECK(cudaGraphCreate(&child, 0));
    int k3 = 3, k7 = 7;
    void *a3[] = { &d, &k3 }, *a7[] = { &d, &k7 };
    cudaKernelNodeParams kp = {};
    kp.func = (void *)scale;
    kp.gridDim = dim3(N / 64);
    kp.blockDim = dim3(64);
    kp.kernelParams = a3;
    CHECK(cudaGraphAddKernelNode(&k, child, NULL, 0, &kp));
    CHECK(cudaGraphCreate(&g, 0));
    cudaMemsetParams m = {};
    m.dst = d;
    m.value = 1;
    m.elementSize = 4;
    m.width = N;
    m.height = 1;
    CHECK(cudaGraphAddMemsetNode(&set, g, NULL, 0, &m));
    CHECK(cudaGraphAddChildGraphNode(&cn, g, &set, 1, child));
    kp.kernelParams = a7;
    CHECK(cudaGraphAddKernelNode(&k2, g, &cn, 1, &kp));
    CHECK(cudaGraphDestroy(child));   // the node holds its own clone
    CHECK(cudaGraphChildGraphNodeGetGraph(cn, &emb));
    size_t n = 0;
    CHECK(cudaGraphGetNodes(emb, NULL, &n));
    REQUIRE(n == 1);
    enum cudaGraphNodeType t;
    CHECK(cudaGraphNodeGetType(cn, &t));
    REQUIRE(t == cudaGraphNodeTypeGraph);
    cudaGraphExec_t x;
    CHECK(cudaGraphInstantiate(&x, g, 0));
    CHECK(cudaGraphLaunch(x, 0));
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        if (h[i] != 21) {
            printf("h[%d] = %d\n", i, h[i]);
            REQUIRE(h[i] == 21);
        }
    CHECK(cudaGraphExecDestroy(x));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaFree(d));
    return 0;
}

int main(void)
{
    if (test_graph() || test_captured_event() || test_capture_to_graph() || test_child_graph())
        return 1;
    printf("PASS\n");
    return 0;
}
