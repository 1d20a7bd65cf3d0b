// tests/cuda/check.cuh — checks shared by the runtime API test programs:
// each failure prints where, what and "FAIL", and returns 1 from the
// calling function (main or a test function returning int).
#ifndef COBALT_TESTS_CHECK_CUH
#define COBALT_TESTS_CHECK_CUH

#include <cstdio>
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
#define EXPECT(call, want)                                                   \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != (want)) {                                                \
            printf("%s:%d: %s gave %s, expected %s\nFAIL\n", __FILE__,       \
                   __LINE__, #call, cudaGetErrorName(err_),                  \
                   cudaGetErrorName(want));                                  \
            return 1;                                                        \
        }                                                                    \
        cudaGetLastError();                                                  \
    } while (0)
#define REQUIRE(cond)                                                        \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("%s:%d: %s is false\nFAIL\n", __FILE__, __LINE__, #cond); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

#endif
