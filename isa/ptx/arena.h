/* isa/ptx/arena.h — bump allocator for the PTX front end (private).
 *
 * A parse allocates thousands of small objects that all die together with
 * the module, so they come from an arena: one free releases everything.
 * Memory is returned zeroed. Allocation failure returns NULL.
 */
#ifndef COBALT_PTX_ARENA_H
#define COBALT_PTX_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena arena;

arena *arena_new(void);
void   arena_free(arena *a);
/* Zeroed, 16-byte aligned; NULL on overflow or out of memory. */
void  *arena_alloc(arena *a, size_t size);
void  *arena_memdup(arena *a, const void *src, size_t size);
/* Copies n bytes and adds a terminating NUL. */
char  *arena_strndup(arena *a, const char *s, size_t n);
/* Moves every allocation of src into dst (which then frees them) and frees
 * src itself; pointers into src stay valid. The PTX linker uses it to let a
 * linked module own the modules it was made of. */
void   arena_adopt(arena *dst, arena *src);

/* A growable array whose storage lives in an arena (old storage is left
 * behind on growth, which at most doubles the arena's share of it). */
typedef struct avec {
    void    *data;
    uint32_t n, cap;
} avec;

/* Appends one zeroed element of `elsize` bytes and returns it (NULL when
 * out of memory or past 2^31 elements). */
void *avec_push(arena *a, avec *v, size_t elsize);

#endif
