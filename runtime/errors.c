/* runtime/errors.c — names and descriptions of cudaError_t values, from the
 * one table runtime/cuda_errors.def. */
#include "runtime/runtime.h"

#include <stddef.h>

typedef struct rt_error_row {
    int         code;
    const char *name;
    const char *text;
} rt_error_row;

static const rt_error_row error_rows[] = {
#define CUERR(name, value, str) { value, #name, str },
#include "runtime/cuda_errors.def"
#undef CUERR
};

static const char unknown_error[] = "unrecognized error code";

static const rt_error_row *find_row(int code)
{
    for (size_t i = 0; i < sizeof error_rows / sizeof error_rows[0]; i++)
        if (error_rows[i].code == code)
            return &error_rows[i];
    return NULL;
}

const char *rt_error_name(int code)
{
    const rt_error_row *r = find_row(code);
    return r ? r->name : unknown_error;
}

const char *rt_error_string(int code)
{
    const rt_error_row *r = find_row(code);
    return r ? r->text : unknown_error;
}
