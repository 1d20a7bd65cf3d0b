// NVCCFLAGS: --default-stream per-thread
// ptds_threads: each host thread has its own per-thread default stream.
// Thread A blocks its stream with a host function that waits for a flag;
// thread B sets the flag only after its own stream synchronised. With one
// shared stream B's work would queue behind A's host function: deadlock
// (here: a timeout and FAIL). Then the cross-thread cudaStreamWaitEvent:
// B's stream waits for an event A recorded behind the host function.
// Also cudaSetDeviceFlags/cudaGetDeviceFlags and cudaStreamAttachMemAsync.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include "check.cuh"

#define N 1024

__global__ void fill(int *p, int v)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < N)
        p[i] = v + i;
}

__global__ void add(int *p, const int *q)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < N)
        p[i] += q[i];
}

struct shared_state {
    std::atomic<int> flag{0}, a_submitted{0}, timed_out{0};
    int *da, *db, *dc;
    cudaEvent_t ev_a;
};

// Waits (at most 20 s, so a regression fails instead of hanging) for B.
static void CUDART_CB wait_flag(void *user)
{
    shared_state *st = (shared_state *)user;
    for (int i = 0; i < 20000 && !st->flag.load(); i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!st->flag.load())
        st->timed_out = 1;
}

static int thread_a(shared_state *st)
{
    fill<<<N / 128, 128>>>(st->da, 1000);
    CHECK(cudaLaunchHostFunc(0, wait_flag, st));
    add<<<N / 128, 128>>>(st->da, st->da);   // runs only after the flag
    CHECK(cudaEventRecord(st->ev_a, 0));
    CHECK(cudaGetLastError());
    st->a_submitted = 1;
    CHECK(cudaStreamSynchronize(0));
    return 0;
}

static int thread_b(shared_state *st)
{
    static int h[N];
    while (!st->a_submitted.load())
        std::this_thread::yield();
    fill<<<N / 128, 128>>>(st->db, 7);
    CHECK(cudaMemcpyAsync(h, st->db, sizeof h, cudaMemcpyDeviceToHost, 0));
    CHECK(cudaStreamSynchronize(0));   // must not wait for A's host function
    EXPECT(cudaStreamQuery(0), cudaSuccess);
    REQUIRE(st->flag.load() == 0 && !st->timed_out.load());
    for (int i = 0; i < N; i++)
        REQUIRE(h[i] == 7 + i);
    // A's event is not complete: A's stream is still held by its host function
    EXPECT(cudaEventQuery(st->ev_a), cudaErrorNotReady);
    CHECK(cudaStreamWaitEvent(0, st->ev_a, 0));
    CHECK(cudaMemcpyAsync(st->dc, st->da, sizeof h, cudaMemcpyDeviceToDevice, 0));
    st->flag = 1;   // releases A's host function
    CHECK(cudaMemcpyAsync(h, st->dc, sizeof h, cudaMemcpyDeviceToHost, 0));
    CHECK(cudaStreamSynchronize(0));
    for (int i = 0; i < N; i++)
        REQUIRE(h[i] == 2 * (1000 + i));   // A's add ran before the copy
    return 0;
}

static int check_flags_and_attach(void)
{
    unsigned f = 0;
    CHECK(cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync | cudaDeviceMapHost));
    CHECK(cudaGetDeviceFlags(&f));
    REQUIRE(f == (cudaDeviceScheduleBlockingSync | cudaDeviceMapHost));
    EXPECT(cudaSetDeviceFlags(cudaDeviceScheduleSpin | cudaDeviceScheduleYield),
           cudaErrorInvalidValue);
    EXPECT(cudaSetDeviceFlags(0x100), cudaErrorInvalidValue);
    CHECK(cudaSetDeviceFlags(cudaDeviceScheduleAuto));
    int *m, *d;
    CHECK(cudaMallocManaged(&m, 4096));
    CHECK(cudaMalloc(&d, 4096));
    CHECK(cudaStreamAttachMemAsync(0, m, 0, cudaMemAttachSingle));
    CHECK(cudaStreamAttachMemAsync(0, m, 4096, cudaMemAttachHost));
    CHECK(cudaStreamAttachMemAsync(0, m, 0, cudaMemAttachGlobal));
    EXPECT(cudaStreamAttachMemAsync(0, m, 100, cudaMemAttachGlobal), cudaErrorInvalidValue);
    EXPECT(cudaStreamAttachMemAsync(0, d, 0, cudaMemAttachGlobal), cudaErrorInvalidValue);
    EXPECT(cudaStreamAttachMemAsync(0, m, 0, 3), cudaErrorInvalidValue);
    CHECK(cudaStreamSynchronize(0));
    CHECK(cudaFree(m));
    CHECK(cudaFree(d));
    return 0;
}

int main(void)
{
    shared_state st;
    if (check_flags_and_attach())
        return 1;
    CHECK(cudaMalloc(&st.da, N * sizeof(int)));
    CHECK(cudaMalloc(&st.db, N * sizeof(int)));
    CHECK(cudaMalloc(&st.dc, N * sizeof(int)));
    CHECK(cudaEventCreateWithFlags(&st.ev_a, cudaEventDisableTiming));
    // warm up both kernels so no thread loads a module while the other waits
    fill<<<N / 128, 128>>>(st.dc, 0);
    add<<<N / 128, 128>>>(st.dc, st.dc);
    CHECK(cudaDeviceSynchronize());
    int ra = 1, rb = 1;
    std::thread a([&] { ra = thread_a(&st); });
    std::thread b([&] { rb = thread_b(&st); });
    b.join();
    st.flag = 1;   // if B failed early, let A finish
    a.join();
    CHECK(cudaDeviceSynchronize());
    REQUIRE(!st.timed_out.load());
    if (ra || rb)
        return 1;
    CHECK(cudaEventDestroy(st.ev_a));
    CHECK(cudaFree(st.da));
    CHECK(cudaFree(st.db));
    CHECK(cudaFree(st.dc));
    printf("PASS\n");
    return 0;
}
