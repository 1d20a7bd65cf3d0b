/* libcudart-shim/device_props.c — filling struct cudaDeviceProp (CUDA 13
 * layout, 1008 bytes) from the device profile. Capabilities the simulator
 * does not offer (streams that overlap, pool export handles, clusters,
 * ...) are reported as absent. */
#include <stdio.h>
#include <string.h>

#include "libcudart-shim/device.h"

static void copy2(int *d, const int *s) { memcpy(d, s, 2 * sizeof *d); }
static void copy3(int *d, const int *s) { memcpy(d, s, 3 * sizeof *d); }

static void texture_props(struct cudaDeviceProp *p, const rt_device_profile *d)
{
    p->maxTexture1D = d->tex1d;
    p->maxTexture1DMipmap = d->tex1d_mipmap;
    copy2(p->maxTexture2D, d->tex2d);
    copy2(p->maxTexture2DMipmap, d->tex2d_mipmap);
    copy3(p->maxTexture2DLinear, d->tex2d_linear);
    copy2(p->maxTexture2DGather, d->tex2d_gather);
    copy3(p->maxTexture3D, d->tex3d);
    copy3(p->maxTexture3DAlt, d->tex3d_alt);
    p->maxTextureCubemap = d->tex_cubemap;
    copy2(p->maxTexture1DLayered, d->tex1d_layered);
    copy3(p->maxTexture2DLayered, d->tex2d_layered);
    copy2(p->maxTextureCubemapLayered, d->tex_cubemap_layered);
    p->maxSurface1D = d->surf1d;
    copy2(p->maxSurface2D, d->surf2d);
    copy3(p->maxSurface3D, d->surf3d);
    copy2(p->maxSurface1DLayered, d->surf1d_layered);
    copy3(p->maxSurface2DLayered, d->surf2d_layered);
    p->maxSurfaceCubemap = d->surf_cubemap;
    copy2(p->maxSurfaceCubemapLayered, d->surf_cubemap_layered);
    p->textureAlignment = d->texture_align;
    p->texturePitchAlignment = d->texture_pitch_align;
    p->surfaceAlignment = d->surface_align;
}

void shim_device_props(struct cudaDeviceProp *p, const rt_device_profile *d)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", d->name);
    memcpy(p->uuid.bytes, d->uuid, sizeof p->uuid.bytes);
    p->totalGlobalMem = d->total_global_mem;
    p->sharedMemPerBlock = d->smem_per_block;
    p->regsPerBlock = d->regs_per_block;
    p->warpSize = d->warp_size;
    p->memPitch = d->mem_pitch;
    p->maxThreadsPerBlock = d->max_threads_per_block;
    copy3(p->maxThreadsDim, d->max_block_dim);
    copy3(p->maxGridSize, d->max_grid_dim);
    p->totalConstMem = d->total_const_mem;
    p->major = d->major;
    p->minor = d->minor;
    p->multiProcessorCount = d->sm_count;
    p->canMapHostMemory = 1;
    texture_props(p, d);
    p->pciBusID = d->pci_bus;
    p->pciDeviceID = d->pci_device;
    p->pciDomainID = d->pci_domain;
    p->unifiedAddressing = 1;
    p->memoryBusWidth = d->mem_bus_width;
    p->l2CacheSize = d->l2_cache_size;
    p->persistingL2CacheMaxSize = d->persisting_l2_max;
    p->maxThreadsPerMultiProcessor = d->max_threads_per_sm;
    p->globalL1CacheSupported = 1;
    p->localL1CacheSupported = 1;
    p->sharedMemPerMultiprocessor = d->smem_per_sm;
    p->regsPerMultiprocessor = d->regs_per_sm;
    p->managedMemory = 1;
    p->hostRegisterSupported = 1;            /* cudaHostRegister enters the UVA table */
    p->canUseHostPointerForRegisteredMem = 1; /* UVA: the device alias is the host pointer */
    p->memoryPoolsSupported = 1;             /* cudaMallocAsync, cudaMemPool* (no IPC handles) */
    p->cooperativeLaunch = 1;                /* cudaLaunchCooperativeKernel, grid.sync() */
    p->concurrentManagedAccess = 1;
    p->directManagedMemAccessFromHost = 1;   /* managed memory is host memory */
    p->sharedMemPerBlockOptin = d->smem_per_block_optin;
    p->maxBlocksPerMultiProcessor = d->max_blocks_per_sm;
    p->accessPolicyMaxWindowSize = d->access_policy_max_window;
    p->reservedSharedMemPerBlock = d->reserved_smem_per_block;
    p->deviceNumaId = -1;
    p->hostNumaId = -1;
}
