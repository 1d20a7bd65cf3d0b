/* isa/ptx/ptx_types.c — PTX fundamental types: names and sizes. */
#include "isa/ptx/ptx_ast.h"

#include <string.h>

typedef struct type_info {
    const char *name;
    unsigned    size;
} type_info;

static const type_info types[PTX_T__COUNT] = {
    [PTX_T_NONE]    = { "", 0 },
    [PTX_T_B8]      = { "b8", 1 },   [PTX_T_B16]    = { "b16", 2 },
    [PTX_T_B32]     = { "b32", 4 },  [PTX_T_B64]    = { "b64", 8 },
    [PTX_T_B128]    = { "b128", 16 },
    [PTX_T_U8]      = { "u8", 1 },   [PTX_T_U16]    = { "u16", 2 },
    [PTX_T_U32]     = { "u32", 4 },  [PTX_T_U64]    = { "u64", 8 },
    [PTX_T_S8]      = { "s8", 1 },   [PTX_T_S16]    = { "s16", 2 },
    [PTX_T_S32]     = { "s32", 4 },  [PTX_T_S64]    = { "s64", 8 },
    [PTX_T_F16]     = { "f16", 2 },  [PTX_T_F16X2]  = { "f16x2", 4 },
    [PTX_T_BF16]    = { "bf16", 2 }, [PTX_T_BF16X2] = { "bf16x2", 4 },
    [PTX_T_TF32]    = { "tf32", 4 },
    [PTX_T_F32]     = { "f32", 4 },  [PTX_T_F64]    = { "f64", 8 },
    [PTX_T_E4M3]    = { "e4m3", 1 }, [PTX_T_E5M2]   = { "e5m2", 1 },
    [PTX_T_E4M3X2]  = { "e4m3x2", 2 }, [PTX_T_E5M2X2] = { "e5m2x2", 2 },
    [PTX_T_PRED]    = { "pred", 0 },
    [PTX_T_E2M1X2]  = { "e2m1x2", 1 }, [PTX_T_E2M3X2] = { "e2m3x2", 2 },
    [PTX_T_E3M2X2]  = { "e3m2x2", 2 }, [PTX_T_UE8M0X2] = { "ue8m0x2", 2 },
    [PTX_T_E4M3X4]  = { "e4m3x4", 4 }, [PTX_T_E5M2X4]  = { "e5m2x4", 4 },
    [PTX_T_E2M3X4]  = { "e2m3x4", 4 }, [PTX_T_E3M2X4]  = { "e3m2x4", 4 },
    [PTX_T_E2M1X4]  = { "e2m1x4", 2 },
};

unsigned ptx_type_size(ptx_type t)
{
    return (unsigned)t < PTX_T__COUNT ? types[t].size : 0;
}

const char *ptx_type_name(ptx_type t)
{
    return (unsigned)t < PTX_T__COUNT ? types[t].name : "";
}

ptx_type ptx_type_from_name(const char *s)
{
    if (!s || !*s)
        return PTX_T_NONE;
    for (unsigned t = PTX_T_NONE + 1; t < PTX_T__COUNT; t++)
        if (strcmp(types[t].name, s) == 0)
            return (ptx_type)t;
    return PTX_T_NONE;
}
