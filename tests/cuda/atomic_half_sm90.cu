// NVCCFLAGS: -arch=sm_90
// atomic_half for sm_90, where nvcc emits atom.add.noftz.bf16 for
// atomicAdd(__nv_bfloat16 *) (sm_80 code emulates it with a cas.b16 loop).
#include "atomic_half.cu"
