/* runtime/fatbin.h — walking nvcc fatbins (see docs in
 * shared/reference/cuda-abi.md §1–2): the registration wrapper
 * (__fatBinC_Wrapper_t), containers (magic 0xBA55ED50) and their entries
 * (PTX text or ELF cubins, optionally LZ4- or zstd-compressed).
 *
 * Every read is bounds-checked against what the caller says is readable, so
 * a corrupt or truncated fatbin gives an error message, never a crash.
 */
#ifndef COBALT_RT_FATBIN_H
#define COBALT_RT_FATBIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RT_FATBIN_WRAPPER_MAGIC 0x466243B1u
#define RT_FATBIN_MAGIC         0xBA55ED50u
#define RT_FATBIN_HEADER_SIZE   16u
#define RT_FATBIN_ENTRY_SIZE    64u    /* fixed part of an entry header */
#define RT_FATBIN_FLAG_LZ4      0x2000u
#define RT_FATBIN_FLAG_ZSTD     0x8000u
/* A container registered at run time has no known size: trust its header up
 * to this many bytes. */
#define RT_FATBIN_MAX_SIZE      (1ull << 32)
#define RT_FATBIN_MAX_PTX       (256u << 20)   /* decompressed PTX size cap */

enum { RT_FATBIN_KIND_PTX = 1, RT_FATBIN_KIND_ELF = 2 };

/* The wrapper nvcc places in .nvFatBinSegment (24 bytes). */
typedef struct rt_fatbin_wrapper {
    int32_t     magic;
    int32_t     version;              /* 1; 2 for -rdc (prelinked list) */
    const void *data;                 /* the container */
    const void *filename_or_fatbins;  /* v2: NULL-terminated array of containers */
} rt_fatbin_wrapper;

typedef struct rt_fatbin_entry {
    uint16_t       kind;              /* RT_FATBIN_KIND_* (others are kept, unused) */
    uint16_t       ptx_major, ptx_minor;
    uint32_t       arch;              /* SM number, e.g. 80 */
    uint64_t       flags;
    const uint8_t *payload;
    uint64_t       payload_size;      /* bytes on disk (padded) */
    uint32_t       compressed_size;
    uint64_t       uncompressed_size;
    unsigned       container;         /* index of the container it came from */
} rt_fatbin_entry;

typedef struct rt_fatbin_list {
    rt_fatbin_entry *v;
    size_t           n, cap;
    unsigned         ncontainers;
} rt_fatbin_list;

void rt_fatbin_list_free(rt_fatbin_list *l);

/* Appends the entries of one container. `avail` = bytes readable at
 * `container` (RT_FATBIN_MAX_SIZE when unknown). *consumed (may be NULL) =
 * header + declared entries size. */
bool rt_fatbin_walk_container(const void *container, uint64_t avail, rt_fatbin_list *out,
                              uint64_t *consumed, char *err, size_t errlen);

/* Walks a registration wrapper: its container and, for version 2, every
 * prelinked container. */
bool rt_fatbin_walk_wrapper(const void *wrapper, rt_fatbin_list *out, char *err, size_t errlen);

/* Walks an ELF section holding containers back to back (8-byte aligned),
 * e.g. .nv_fatbin or __nv_relfatbin. */
bool rt_fatbin_walk_section(const void *data, size_t size, rt_fatbin_list *out,
                            char *err, size_t errlen);

/* The PTX entry to run on an sm_<sm> device among the entries of container
 * `container`: the highest arch <= sm, else the lowest arch. -1 if none. */
long rt_fatbin_choose_ptx(const rt_fatbin_list *l, unsigned container, unsigned sm);

/* The entry's payload, decompressed, without trailing NULs, NUL-terminated,
 * in a malloc'd buffer. */
bool rt_fatbin_payload(const rt_fatbin_entry *e, char **text, size_t *len,
                       char *err, size_t errlen);

#endif
