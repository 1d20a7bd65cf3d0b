/* runtime/fatbin.c — bounds-checked walking of fatbin wrappers, containers
 * and entries, and extraction of (decompressed) payloads. */
#include "runtime/fatbin.h"

#include <lz4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

/* Fields are little-endian and may be unaligned (entries only promise 8). */
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

void rt_fatbin_list_free(rt_fatbin_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

static bool list_push(rt_fatbin_list *l, const rt_fatbin_entry *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        rt_fatbin_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *e;
    return true;
}

/* Entry header layout: shared/reference/cuda-abi.md §1.4. */
static bool parse_entry(const uint8_t *p, uint64_t left, unsigned container, rt_fatbin_entry *e,
                        uint64_t *size, char *err, size_t errlen)
{
    uint32_t header_size = rd32(p + 0x04);
    uint64_t payload_size = rd64(p + 0x08);
    if (header_size < RT_FATBIN_ENTRY_SIZE || header_size > left) {
        snprintf(err, errlen, "fatbin entry header size %u is outside 64..%llu", header_size,
                 (unsigned long long)left);
        return false;
    }
    if (payload_size > left - header_size) {
        snprintf(err, errlen, "fatbin entry payload of %llu bytes overruns its container (%llu left)",
                 (unsigned long long)payload_size, (unsigned long long)(left - header_size));
        return false;
    }
    memset(e, 0, sizeof *e);
    e->kind = rd16(p);
    e->compressed_size = rd32(p + 0x10);
    e->ptx_minor = rd16(p + 0x18);
    e->ptx_major = rd16(p + 0x1a);
    e->arch = rd32(p + 0x1c);
    e->flags = rd64(p + 0x28);
    e->uncompressed_size = rd64(p + 0x38);
    e->payload = p + header_size;
    e->payload_size = payload_size;
    e->container = container;
    if ((e->flags & (RT_FATBIN_FLAG_LZ4 | RT_FATBIN_FLAG_ZSTD)) &&
        (e->compressed_size == 0 || e->compressed_size > payload_size)) {
        snprintf(err, errlen, "compressed fatbin entry (sm_%u) declares %u compressed bytes in a "
                 "payload of %llu", e->arch, e->compressed_size, (unsigned long long)payload_size);
        return false;
    }
    *size = header_size + payload_size;
    return true;
}

bool rt_fatbin_walk_container(const void *container, uint64_t avail, rt_fatbin_list *out,
                              uint64_t *consumed, char *err, size_t errlen)
{
    const uint8_t *p = container;
    if (!p || avail < RT_FATBIN_HEADER_SIZE) {
        snprintf(err, errlen, "fatbin container truncated: %llu bytes, need a 16-byte header",
                 (unsigned long long)avail);
        return false;
    }
    uint32_t magic = rd32(p);
    uint16_t header_size = rd16(p + 6);
    uint64_t fat_size = rd64(p + 8);
    if (magic != RT_FATBIN_MAGIC) {
        snprintf(err, errlen, "bad fatbin container magic 0x%08x (expected 0x%08x)", magic,
                 RT_FATBIN_MAGIC);
        return false;
    }
    if (header_size < RT_FATBIN_HEADER_SIZE || header_size > avail ||
        fat_size > avail - header_size) {
        snprintf(err, errlen, "fatbin container header (%u bytes + %llu of entries) exceeds the "
                 "%llu bytes available", header_size, (unsigned long long)fat_size,
                 (unsigned long long)avail);
        return false;
    }
    unsigned index = out->ncontainers;
    const uint8_t *cur = p + header_size;
    uint64_t left = fat_size;
    /* A final fragment shorter than an entry header is padding. */
    while (left >= RT_FATBIN_ENTRY_SIZE) {
        rt_fatbin_entry e;
        uint64_t size;
        if (!parse_entry(cur, left, index, &e, &size, err, errlen))
            return false;
        if (!list_push(out, &e)) {
            snprintf(err, errlen, "out of memory while walking a fatbin");
            return false;
        }
        cur += size;
        left -= size;
    }
    out->ncontainers++;
    if (consumed)
        *consumed = header_size + fat_size;
    return true;
}

bool rt_fatbin_walk_wrapper(const void *wrapper, rt_fatbin_list *out, char *err, size_t errlen)
{
    const rt_fatbin_wrapper *w = wrapper;
    if (!w) {
        snprintf(err, errlen, "NULL fatbin wrapper");
        return false;
    }
    if ((uint32_t)w->magic != RT_FATBIN_WRAPPER_MAGIC) {
        snprintf(err, errlen, "bad fatbin wrapper magic 0x%08x (expected 0x%08x)",
                 (uint32_t)w->magic, RT_FATBIN_WRAPPER_MAGIC);
        return false;
    }
    if (w->version != 1 && w->version != 2) {
        snprintf(err, errlen, "unknown fatbin wrapper version %d (expected 1 or 2)", w->version);
        return false;
    }
    if (!rt_fatbin_walk_container(w->data, RT_FATBIN_MAX_SIZE, out, NULL, err, errlen))
        return false;
    if (w->version == 2 && w->filename_or_fatbins) {
        const void *const *list = w->filename_or_fatbins;
        for (size_t i = 0; list[i]; i++) {
            if (i >= 65536) {
                snprintf(err, errlen, "prelinked fatbin list is not NULL-terminated");
                return false;
            }
            if (!rt_fatbin_walk_container(list[i], RT_FATBIN_MAX_SIZE, out, NULL, err, errlen))
                return false;
        }
    }
    return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

bool rt_fatbin_walk_section(const void *data, size_t size, rt_fatbin_list *out,
                            char *err, size_t errlen)
{
    const uint8_t *p = data;
    size_t off = 0;
    while (off + RT_FATBIN_HEADER_SIZE <= size) {
        if (rd32(p + off) != RT_FATBIN_MAGIC && all_zero(p + off, size - off))
            break;   /* section padding */
        uint64_t used;
        if (!rt_fatbin_walk_container(p + off, size - off, out, &used, err, errlen))
            return false;
        off += (size_t)used;
        off = (off + 7) & ~(size_t)7;
    }
    return true;
}

long rt_fatbin_choose_ptx(const rt_fatbin_list *l, unsigned container, unsigned sm)
{
    long best = -1, lowest = -1;
    for (size_t i = 0; i < l->n; i++) {
        const rt_fatbin_entry *e = &l->v[i];
        if (e->kind != RT_FATBIN_KIND_PTX || e->container != container)
            continue;
        if (e->arch <= sm && (best < 0 || e->arch > l->v[best].arch))
            best = (long)i;
        if (lowest < 0 || e->arch < l->v[lowest].arch)
            lowest = (long)i;
    }
    return best >= 0 ? best : lowest;
}

static bool decompress(const rt_fatbin_entry *e, char *dst, size_t cap, size_t *len,
                       char *err, size_t errlen)
{
    if (e->flags & RT_FATBIN_FLAG_ZSTD) {
        size_t r = ZSTD_decompress(dst, cap, e->payload, e->compressed_size);
        if (ZSTD_isError(r)) {
            snprintf(err, errlen, "zstd decompression of the sm_%u entry failed: %s", e->arch,
                     ZSTD_getErrorName(r));
            return false;
        }
        *len = r;
        return true;
    }
    if (e->compressed_size > (uint32_t)LZ4_MAX_INPUT_SIZE) {
        snprintf(err, errlen, "LZ4 block of the sm_%u entry is too large (%u bytes)", e->arch,
                 e->compressed_size);
        return false;
    }
    int r = LZ4_decompress_safe((const char *)e->payload, dst, (int)e->compressed_size, (int)cap);
    if (r < 0) {
        snprintf(err, errlen, "LZ4 decompression of the sm_%u entry failed (corrupt block)",
                 e->arch);
        return false;
    }
    *len = (size_t)r;
    return true;
}

bool rt_fatbin_payload(const rt_fatbin_entry *e, char **text, size_t *len, char *err, size_t errlen)
{
    bool compressed = e->flags & (RT_FATBIN_FLAG_LZ4 | RT_FATBIN_FLAG_ZSTD);
    uint64_t size = compressed ? e->uncompressed_size : e->payload_size;
    if (size > RT_FATBIN_MAX_PTX) {
        snprintf(err, errlen, "fatbin entry (sm_%u) of %llu bytes is larger than the %u MiB limit",
                 e->arch, (unsigned long long)size, RT_FATBIN_MAX_PTX >> 20);
        return false;
    }
    if (compressed && size == 0) {
        snprintf(err, errlen, "compressed fatbin entry (sm_%u) declares no uncompressed size",
                 e->arch);
        return false;
    }
    char *buf = malloc((size_t)size + 1);
    if (!buf) {
        snprintf(err, errlen, "out of memory extracting a %llu-byte fatbin entry",
                 (unsigned long long)size);
        return false;
    }
    size_t n = (size_t)size;
    if (compressed) {
        if (!decompress(e, buf, (size_t)size, &n, err, errlen)) {
            free(buf);
            return false;
        }
    } else {
        memcpy(buf, e->payload, n);
    }
    while (n > 0 && buf[n - 1] == '\0')
        n--;
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return true;
}
