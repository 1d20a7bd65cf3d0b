/* sim/its.h — the independent-thread-scheduling engine behind sim/simt.h
 * (called only by sim/simt.c; the model is in docs/architecture.md). */
#ifndef COBALT_SIM_ITS_H
#define COBALT_SIM_ITS_H

#include "sim/simt.h"

/* Yields of every missing participant of a convergence barrier (with lanes
 * waiting at it) after which the waiting lanes go on without them: the
 * forward-progress rule that lets an intra-warp spin lock complete. */
#define SIM_ITS_YIELD_RELEASE 1024u

sim_its    *sim_its_create(void);
void        sim_its_destroy(sim_its *x);
/* Takes over the converged state sim_simt_reset left in e[0]. */
void        sim_its_start(sim_simt *s);
void        sim_its_moved(sim_simt *s);
int         sim_its_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc);
int         sim_its_exit(sim_simt *s, uint32_t lanes);
/* target[l] per lane when `each` is not NULL, else `target` for all. */
int         sim_its_call(sim_simt *s, uint32_t lanes, const uint32_t *each, uint32_t target);
int         sim_its_ret(sim_simt *s, uint32_t lanes);
int         sim_its_sync(sim_simt *s, uint32_t lanes, const uint32_t *need, uint32_t resume);
uint32_t    sim_its_live(const sim_simt *s);
const char *sim_its_why(const sim_simt *s);

#endif
