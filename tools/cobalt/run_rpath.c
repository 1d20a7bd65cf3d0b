/* tools/cobalt/run_rpath.c — the DT_RPATH check and LD_LIBRARY_PATH of
 * `cobalt run`. Cobalt's library is preloaded, and the loader satisfies a
 * DT_NEEDED libcudart.so.N with an already loaded object of that soname, so
 * the program itself still gets Cobalt's; but a real libcudart in a DT_RPATH
 * directory wins over LD_LIBRARY_PATH for whatever does not inherit
 * LD_PRELOAD or loads the library by path, hence a warning. */
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/cobalt/run_rpath.h"

/* $ORIGIN in an rpath entry means the directory of the executable. */
static void expand_origin(const char *entry, size_t len, const char *exe, char *out,
                          size_t outlen)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", exe);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int n = len >= 7 && strncmp(entry, "$ORIGIN", 7) == 0
            ? snprintf(out, outlen, "%s%.*s", dir, (int)(len - 7), entry + 7)
            : snprintf(out, outlen, "%.*s", (int)len, entry);
    if (n < 0 || (size_t)n >= outlen)
        out[0] = '\0';   /* too long to be a directory: nothing to check */
}

/* The first libcudart.so.* file in dir, into name; false if none. */
static bool dir_has_cudart(const char *dir, char *name, size_t len)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));) {
        if (strncmp(e->d_name, "libcudart.so.", 13) == 0) {
            snprintf(name, len, "%s", e->d_name);
            found = true;
        }
    }
    closedir(d);
    return found;
}

static void check_rpath(const char *rpath, const char *exe)
{
    for (const char *p = rpath; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char dir[PATH_MAX], lib[256];
        expand_origin(p, len, exe, dir, sizeof dir);
        if (len && dir[0] && dir_has_cudart(dir, lib, sizeof lib))
            fprintf(stderr, "cobalt run: warning: %s has DT_RPATH %s, which holds %s; DT_RPATH is "
                    "searched before LD_LIBRARY_PATH, so whatever does not inherit Cobalt's "
                    "LD_PRELOAD (or loads that file by path) gets the real CUDA runtime: link "
                    "with -Wl,--enable-new-dtags (RUNPATH) or drop that directory\n",
                    exe, dir, lib);
        p += len + (colon != NULL);
    }
}

void run_warn_rpath(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    Elf *e = NULL;
    if (elf_version(EV_CURRENT) == EV_NONE || !(e = elf_begin(fd, ELF_C_READ, NULL)))
        goto out;
    for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNAMIC)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        for (size_t i = 0; data && i < n; i++) {
            GElf_Dyn dyn;
            if (!gelf_getdyn(data, (int)i, &dyn) || dyn.d_tag != DT_RPATH)
                continue;
            const char *s = elf_strptr(e, sh.sh_link, dyn.d_un.d_val);
            if (s)
                check_rpath(s, path);
        }
    }
out:
    if (e)
        elf_end(e);
    close(fd);
}

bool run_prepend_library_path(const char *shim)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", shim);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return true;
    *slash = '\0';
    const char *old = getenv("LD_LIBRARY_PATH");
    size_t len = strlen(dir) + (old ? strlen(old) : 0) + 2;
    char *v = malloc(len);
    if (!v)
        return false;
    snprintf(v, len, "%s%s%s", dir, old && *old ? ":" : "", old && *old ? old : "");
    int r = setenv("LD_LIBRARY_PATH", v, 1);
    free(v);
    return r == 0;
}
