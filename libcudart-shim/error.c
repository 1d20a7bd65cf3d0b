/* libcudart-shim/error.c — the last-error API and the error strings (from
 * runtime/cuda_errors.def, through the runtime). */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/state.h"

cudaError_t cudaGetLastError(void)
{
    return shim_err(shim_last_error(true));
}

cudaError_t cudaPeekAtLastError(void)
{
    return shim_err(shim_last_error(false));
}

const char *cudaGetErrorName(cudaError_t error)
{
    return rt_error_name((int)error);
}

const char *cudaGetErrorString(cudaError_t error)
{
    return rt_error_string((int)error);
}
