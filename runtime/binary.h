/* runtime/binary.h — what `cobalt run` checks in an application before
 * running it: does it use the shared CUDA 13 runtime (which Cobalt replaces),
 * and does its fatbin carry PTX (which the simulator needs)? */
#ifndef COBALT_RT_BINARY_H
#define COBALT_RT_BINARY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rt_binary_info {
    bool   is_elf;
    bool   is_dynamic;          /* has a dynamic section */
    bool   needs_cudart13;      /* libcudart.so.13 in DT_NEEDED */
    char   other_cudart[64];    /* another libcudart in DT_NEEDED, e.g. libcudart.so.12 */
    char   asan_runtime[64];    /* libasan.so.N in DT_NEEDED (an ASan build of Cobalt's
                                   library: the runtime must be preloaded before it) */
    bool   has_fatbin;          /* .nv_fatbin or __nv_relfatbin present */
    size_t ptx_entries, elf_entries;
    char   fatbin_error[256];   /* why the fatbin sections could not be walked */
} rt_binary_info;

/* Reads the file's dynamic section and fatbin sections. false (with err)
 * only when the file cannot be read; a non-ELF file gives is_elf = false. */
bool rt_binary_inspect(const char *path, rt_binary_info *bi, char *err, size_t errlen);

typedef enum rt_binary_verdict { RT_BINARY_OK, RT_BINARY_WARN, RT_BINARY_REFUSE } rt_binary_verdict;

/* Decides whether to run it; msg (WARN/REFUSE) says why and how to rebuild. */
rt_binary_verdict rt_binary_judge(const rt_binary_info *bi, const char *path, char *msg,
                                  size_t len);

#endif
