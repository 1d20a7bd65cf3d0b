/* isa/ptx/arena.c — bump allocator: a list of malloc'd chunks. */
#include "isa/ptx/arena.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE = 64 * 1024, ALIGN = 16 };

typedef struct chunk {
    struct chunk *next;
    size_t        size, used;
    _Alignas(16) unsigned char data[]; /* payload */
} chunk;

struct arena {
    chunk *head;   /* chunk being filled (large objects get their own) */
};

arena *arena_new(void)
{
    return calloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(chunk))
        return NULL;
    /* calloc: memory handed out is never reused, so it stays zeroed */
    chunk *c = calloc(1, sizeof(chunk) + size);
    if (c)
        c->size = size;
    return c;
}

void *arena_alloc(arena *a, size_t size)
{
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    chunk *c = a->head;
    if (c && c->size - c->used >= size) {
        void *p = c->data + c->used;
        c->used += size;
        return p;
    }
    if (size > CHUNK_SIZE / 4) {
        /* big object: own chunk, linked behind the current one so the
         * current chunk's free space stays usable */
        chunk *big = chunk_new(size);
        if (!big)
            return NULL;
        big->used = size;
        if (c) {
            big->next = c->next;
            c->next = big;
        } else {
            a->head = big;
        }
        return big->data;
    }
    chunk *n = chunk_new(CHUNK_SIZE);
    if (!n)
        return NULL;
    n->next = c;
    a->head = n;
    n->used = size;
    return n->data;
}

void *arena_memdup(arena *a, const void *src, size_t size)
{
    void *p = arena_alloc(a, size);
    if (p && size)
        memcpy(p, src, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

void *avec_push(arena *a, avec *v, size_t elsize)
{
    if (v->n == v->cap) {
        if (v->cap >= (1u << 30))
            return NULL;
        uint32_t cap = v->cap ? v->cap * 2 : 8;
        if (elsize && (size_t)cap > SIZE_MAX / elsize)
            return NULL;
        void *data = arena_alloc(a, (size_t)cap * elsize);
        if (!data)
            return NULL;
        if (v->n)
            memcpy(data, v->data, (size_t)v->n * elsize);
        v->data = data;
        v->cap = cap;
    }
    void *slot = (unsigned char *)v->data + (size_t)v->n * elsize;
    v->n++;
    memset(slot, 0, elsize); /* the slot may have been popped and reused */
    return slot;
}

void arena_adopt(arena *dst, arena *src)
{
    if (!src)
        return;
    chunk *first = src->head;
    free(src);
    if (!first)
        return;
    chunk *last = first;
    while (last->next)
        last = last->next;
    /* behind dst's current chunk, whose free space stays in use */
    if (dst->head) {
        last->next = dst->head->next;
        dst->head->next = first;
    } else {
        dst->head = first;
    }
}
