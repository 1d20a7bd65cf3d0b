/* libcudart-shim/device.h — struct cudaDeviceProp from the runtime's device
 * profile; cudaDeviceGetAttribute reads the same struct, so the two always
 * agree. */
#ifndef COBALT_SHIM_DEVICE_H
#define COBALT_SHIM_DEVICE_H

#include <cuda_runtime_api.h>

#include "runtime/runtime.h"

void shim_device_props(struct cudaDeviceProp *p, const rt_device_profile *d);

#endif
