/* isa/ptx/parse_names.c — interned names, scoped bindings, labels. */
#include "isa/ptx/parse.h"

#include <string.h>

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static int grow_names(parser *p)
{
    uint32_t cap = p->names_cap ? p->names_cap * 2 : 1024;
    if (cap < p->names_cap)
        return -1;
    name_ent **t = arena_alloc(p->sa, (size_t)cap * sizeof *t);
    if (!t)
        return -1;
    for (uint32_t i = 0; i < p->names_cap; i++) {
        name_ent *e = p->names[i];
        if (!e)
            continue;
        uint32_t j = e->hash & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = e;
    }
    p->names = t;
    p->names_cap = cap;
    return 0;
}

name_ent *p_intern(parser *p, const char *s, size_t len)
{
    if (len > UINT32_MAX / 2) {
        p_error(p, "name too long");
        return NULL;
    }
    if ((p->names_n + 1) * 2 > p->names_cap && grow_names(p) < 0) {
        p_oom(p);
        return NULL;
    }
    uint32_t h = hash_bytes(s, len);
    uint32_t j = h & (p->names_cap - 1);
    for (name_ent *e; (e = p->names[j]) != NULL; j = (j + 1) & (p->names_cap - 1))
        if (e->hash == h && e->len == len && memcmp(e->str, s, len) == 0)
            return e;
    name_ent *e = arena_alloc(p->sa, sizeof *e);
    char *copy = arena_strndup(p->ma, s, len);
    if (!e || !copy) {
        p_oom(p);
        return NULL;
    }
    e->str = copy;
    e->len = (uint32_t)len;
    e->hash = h;
    e->bind = -1;
    e->label = -1;
    p->names[j] = e;
    p->names_n++;
    return e;
}

name_ent *p_intern_tok(parser *p)
{
    return p_intern(p, p->tok.text, p->tok.len);
}

static const char *bind_what(bind_kind k)
{
    switch (k) {
    case BIND_REG:   return "register";
    case BIND_PARAM: return "parameter";
    case BIND_RET:   return "return parameter";
    case BIND_VAR:   return "variable";
    case BIND_PROTO: return "call prototype";
    case BIND_BTAB:  return "branch-target table";
    }
    return "name";
}

int p_bind(parser *p, name_ent *n, bind_kind kind, uint32_t index,
           uint32_t line, uint32_t col)
{
    if (n->bind >= 0) {
        const binding *old = (const binding *)p->binds.data + n->bind;
        if (old->depth == p->depth)
            return p_error_at(p, line, col, "'%s' is already declared in this scope (as a %s)",
                              n->str, bind_what(old->kind));
    }
    int32_t prev = n->bind;
    uint32_t at = p->binds.n;
    binding *b = avec_push(p->sa, &p->binds, sizeof *b);
    if (!b)
        return p_oom(p);
    b->name = n;
    b->prev = prev;
    b->depth = p->depth;
    b->kind = kind;
    b->index = index;
    n->bind = (int32_t)at;
    return 0;
}

const binding *p_lookup(const parser *p, const name_ent *n)
{
    return n->bind >= 0 ? (const binding *)p->binds.data + n->bind : NULL;
}

void p_scope_pop(parser *p)
{
    binding *bs = p->binds.data;
    while (p->binds.n > 0 && bs[p->binds.n - 1].depth >= p->depth) {
        binding *b = &bs[--p->binds.n];
        b->name->bind = b->prev;
    }
    if (p->depth > 0)
        p->depth--;
}

int p_define_label(parser *p, name_ent *n, uint32_t stmt, uint32_t line, uint32_t col)
{
    if (n->label >= 0)
        return p_error_at(p, line, col, "duplicate label '%s'", n->str);
    name_ent **slot = avec_push(p->sa, &p->labeled, sizeof *slot);
    if (!slot)
        return p_oom(p);
    *slot = n;
    n->label = (int32_t)stmt;
    return 0;
}

void p_reset_labels(parser *p)
{
    name_ent **ls = p->labeled.data;
    for (uint32_t i = 0; i < p->labeled.n; i++)
        ls[i]->label = -1;
    p->labeled.n = 0;
}
