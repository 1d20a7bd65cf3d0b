/* sim/exec/fredux.c — FREDUX: PTX redux.sync.{min,max}{.NaN}.f32 (the
 * lowering applies .abs with FABS first). For lane l the executing lanes of
 * its member mask b[l] are combined as REDUX does (sim/exec/warp.c): NaN
 * inputs are ignored unless NAN, which makes any NaN give the canonical NaN;
 * all NaN gives the canonical NaN; -0 < +0; no flushing. */
#include <string.h>
#include "sim/exec/exec.h"
#include "sim/exec/fpu.h"

static float fval(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t fredux(const uint32_t *v, uint32_t m, bool max, bool nanm)
{
    uint32_t best = 0;
    bool have = false;
    for (; m != 0; m &= m - 1) {
        uint32_t x = v[__builtin_ctz(m)];
        if (nan32(x)) {
            if (nanm)
                return F32_NAN;
            continue;
        }
        float fx = fval(x), fb = fval(best);
        bool take = !have || (fx == fb ? ((x >> 31) != 0) != max : (fx > fb) == max);
        if (take)
            best = x;
        have = true;
    }
    return have ? best : F32_NAN;
}

EXEC(FREDUX)
{
    bool max = in->mod[0] == MOD_MAX, nanm = in->mod[1];
    uint32_t src[ISA_WARP_SIZE];
    memcpy(src, RA, sizeof src);   /* d may be a */
    const uint32_t *B = RB;
    uint32_t *D = RD;
    LANES(uint32_t m = mask & B[l];
          if (m == 0) m = 1u << l;   /* as REDUX: a mask without the lane */
          D[l] = fredux(src, m, max, nanm));
    return SIM_STEP_NEXT;
}
