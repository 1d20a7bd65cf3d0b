/* sim/output.c — a growing text buffer for device printf and assertion
 * messages. Each append is one piece under the lock, so the output of one
 * printf call never interleaves with another's. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"

struct sim_output {
    pthread_mutex_t lock;
    char           *data;
    size_t          len, cap;
};

sim_output *sim_output_create(void)
{
    sim_output *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        free(o);
        return NULL;
    }
    return o;
}

void sim_output_destroy(sim_output *o)
{
    if (o == NULL)
        return;
    pthread_mutex_destroy(&o->lock);
    free(o->data);
    free(o);
}

bool sim_output_append(sim_output *o, const char *s, size_t n)
{
    bool ok = true;
    pthread_mutex_lock(&o->lock);
    if (n > SIZE_MAX / 2 - o->len) {
        ok = false;
        goto out;
    }
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->len + n)
            cap *= 2;
        char *d = realloc(o->data, cap);
        if (d == NULL) {
            ok = false;
            goto out;
        }
        o->data = d;
        o->cap = cap;
    }
    if (n > 0)
        memcpy(o->data + o->len, s, n);
    o->len += n;
out:
    pthread_mutex_unlock(&o->lock);
    return ok;
}

const char *sim_output_data(const sim_output *o, size_t *len)
{
    *len = o->len;
    return o->data != NULL ? o->data : "";
}

void sim_output_clear(sim_output *o)
{
    pthread_mutex_lock(&o->lock);
    o->len = 0;
    pthread_mutex_unlock(&o->lock);
}
