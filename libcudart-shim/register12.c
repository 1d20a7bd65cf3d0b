/* libcudart-shim/register12.c — __cudaRegisterTexture/__cudaRegisterSurface
 * (libcudart.so.12 only; texture and surface references left the language
 * in CUDA 12.0, but the 12 library still exports the registration calls).
 * Cobalt does not simulate texture fetches. The registration itself cannot
 * fail, so it is accepted and said on stderr; a kernel that reads the
 * reference fails loudly anyway: the module's PTX declares the .texref /
 * .surfref variable, which the PTX front end rejects when the module
 * loads ("'.texref' variables are not supported yet"), and the launch
 * returns the load error. */
#include <stdio.h>

#include "libcudart-shim/abi12.h"

void __cudaRegisterTexture(void **fatCubinHandle, const struct textureReference *hostVar,
                           const void **deviceAddress, const char *deviceName, int dim,
                           int norm, int ext)
{
    fprintf(stderr, "cobalt: texture reference %s (%dD) registered; texture fetches are not "
            "simulated, so the kernels of its module will fail to load\n",
            deviceName ? deviceName : "(null)", dim);
}

void __cudaRegisterSurface(void **fatCubinHandle, const struct surfaceReference *hostVar,
                           const void **deviceAddress, const char *deviceName, int dim, int ext)
{
    fprintf(stderr, "cobalt: surface reference %s (%dD) registered; surface accesses are not "
            "simulated, so the kernels of its module will fail to load\n",
            deviceName ? deviceName : "(null)", dim);
}
