// NVCCFLAGS: -arch=sm_90
// barrier_memcpy_async for sm_90, where libcu++ waits on its barriers with
// mbarrier.try_wait{.parity} and arrives with mbarrier.arrive.shared::cta.
#include "barrier_memcpy_async.cu"
