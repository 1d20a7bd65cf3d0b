/* tests/unit/rt_testutil.h — builds fatbin containers and registration
 * wrappers in memory, byte for byte as nvcc lays them out
 * (shared/reference/cuda-abi.md §1), for the test_runtime_* suites. */
#ifndef COBALT_TEST_RT_TESTUTIL_H
#define COBALT_TEST_RT_TESTUTIL_H

#include <lz4.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "runtime/fatbin.h"

typedef struct tb_buf {
    uint8_t *p;
    size_t   n, cap;
} tb_buf;

static inline void tb_put(tb_buf *b, const void *data, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
    }
    if (data)
        memcpy(b->p + b->n, data, n);
    else
        memset(b->p + b->n, 0, n);
    b->n += n;
}

static inline void tb_u16(tb_buf *b, uint16_t v) { uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) }; tb_put(b, x, 2); }
static inline void tb_u32(tb_buf *b, uint32_t v) { tb_u16(b, (uint16_t)v); tb_u16(b, (uint16_t)(v >> 16)); }
static inline void tb_u64(tb_buf *b, uint64_t v) { tb_u32(b, (uint32_t)v); tb_u32(b, (uint32_t)(v >> 32)); }

enum tb_compress { TB_RAW, TB_ZSTD, TB_LZ4 };

/* Appends one entry (header of `header_size` >= 64 bytes, payload padded to
 * 8) holding `data` (len bytes), compressed as asked. */
static inline void tb_entry(tb_buf *b, uint16_t kind, uint32_t arch, const void *data, size_t len,
                            enum tb_compress how, uint32_t header_size)
{
    uint8_t *z = NULL;
    size_t zlen = len;
    uint64_t flags = 0x11;   /* 64-bit, Linux host */
    if (how == TB_ZSTD) {
        z = malloc(ZSTD_compressBound(len));
        zlen = ZSTD_compress(z, ZSTD_compressBound(len), data, len, 3);
        flags |= RT_FATBIN_FLAG_ZSTD;
    } else if (how == TB_LZ4) {
        z = malloc((size_t)LZ4_compressBound((int)len));
        zlen = (size_t)LZ4_compress_default(data, (char *)z, (int)len, LZ4_compressBound((int)len));
        flags |= RT_FATBIN_FLAG_LZ4;
    }
    size_t padded = (zlen + 7) & ~(size_t)7;
    size_t start = b->n;
    tb_u16(b, kind);
    tb_u16(b, 0x0101);
    tb_u32(b, header_size);
    tb_u64(b, padded);
    tb_u32(b, how == TB_RAW ? 0 : (uint32_t)zlen);
    tb_u32(b, 0);                  /* options */
    tb_u16(b, kind == RT_FATBIN_KIND_PTX ? 0 : 8);   /* minor */
    tb_u16(b, kind == RT_FATBIN_KIND_PTX ? 9 : 1);   /* major */
    tb_u32(b, arch);
    tb_u32(b, 0);
    tb_u32(b, 0);
    tb_u64(b, flags);
    tb_u64(b, 0);
    tb_u64(b, how == TB_RAW ? 0 : len);
    tb_put(b, NULL, header_size - (b->n - start));
    tb_put(b, z ? z : data, zlen);
    tb_put(b, NULL, padded - zlen);
    free(z);
}

/* Starts a container; tb_finish writes its size. Returns the header offset. */
static inline size_t tb_begin(tb_buf *b)
{
    size_t at = b->n;
    tb_u32(b, RT_FATBIN_MAGIC);
    tb_u16(b, 1);
    tb_u16(b, 16);
    tb_u64(b, 0);
    return at;
}

static inline void tb_finish(tb_buf *b, size_t at)
{
    uint64_t size = b->n - at - 16;
    for (int i = 0; i < 8; i++)
        b->p[at + 8 + i] = (uint8_t)(size >> (8 * i));
}

/* A container with one PTX entry (text + NUL, uncompressed). Caller frees. */
static inline uint8_t *tb_ptx_container(const char *ptx, enum tb_compress how)
{
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 80, ptx, strlen(ptx) + 1, how, 80);
    tb_finish(&b, at);
    return b.p;
}

#endif
