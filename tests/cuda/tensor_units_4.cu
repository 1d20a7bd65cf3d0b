// ENV: COBALT_TENSOR_UNITS=4 COBALT_THREADS=1
// The tensor-unit model with four units per sub-core (tensor_timing.cuh).
#include "tensor_timing.cuh"

int main() { return run_tensor_timing(); }
