/* tools/cobalt/run_rpath.h — library-path helpers of `cobalt run`. */
#ifndef COBALT_TOOLS_RUN_RPATH_H
#define COBALT_TOOLS_RUN_RPATH_H

#include <stdbool.h>

/* Warns on stderr for each DT_RPATH (not RUNPATH) directory of the ELF file
 * `path` that holds a libcudart.so.*: the loader searches DT_RPATH before
 * LD_LIBRARY_PATH. Silent when the file has none or cannot be read. */
void run_warn_rpath(const char *path);

/* LD_LIBRARY_PATH = <directory of shim>[:what was there]; false on error. */
bool run_prepend_library_path(const char *shim);

#endif
