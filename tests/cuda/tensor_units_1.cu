// ENV: COBALT_TENSOR_UNITS=1 COBALT_THREADS=1
// The tensor-unit model with one unit per sub-core (tensor_timing.cuh).
#include "tensor_timing.cuh"

int main() { return run_tensor_timing(); }
