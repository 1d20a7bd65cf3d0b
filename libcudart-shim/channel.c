/* libcudart-shim/channel.c — cudaCreateChannelDesc, a pure function (it
 * returns a struct, so it cannot be one of the generic int stubs). */
#include "libcudart-shim/abi.h"

struct cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w,
                                                   enum cudaChannelFormatKind f)
{
    struct cudaChannelFormatDesc d = { x, y, z, w, f };
    return d;
}
