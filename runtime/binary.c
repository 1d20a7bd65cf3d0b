/* runtime/binary.c — ELF checks for `cobalt run` (libelf), reusing the
 * fatbin container walker on the .nv_fatbin / __nv_relfatbin sections. */
#include "runtime/binary.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/fatbin.h"

#define REBUILD "nvcc -cudart shared -arch=sm_80 ..."

static void scan_dynamic(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, rt_binary_info *bi)
{
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
    bi->is_dynamic = true;
    for (size_t i = 0; d && i < n; i++) {
        GElf_Dyn dyn;
        if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag != DT_NEEDED)
            continue;
        const char *lib = elf_strptr(e, sh->sh_link, dyn.d_un.d_val);
        if (!lib)
            continue;
        if (strcmp(lib, "libcudart.so.13") == 0)
            bi->needs_cudart13 = true;
        else if (strncmp(lib, "libcudart.so", 12) == 0)
            snprintf(bi->other_cudart, sizeof bi->other_cudart, "%s", lib);
        else if (strncmp(lib, "libasan.so", 10) == 0)
            snprintf(bi->asan_runtime, sizeof bi->asan_runtime, "%s", lib);
    }
}

static void scan_fatbin(Elf_Scn *scn, const GElf_Shdr *sh, const char *name, rt_binary_info *bi)
{
    bi->has_fatbin = true;
    if (sh->sh_type == SHT_NOBITS)
        return;
    Elf_Data *d = elf_getdata(scn, NULL);
    rt_fatbin_list l = { 0 };
    char err[200];
    if (!d || !d->d_buf) {
        snprintf(bi->fatbin_error, sizeof bi->fatbin_error, "%s: %s", name, elf_errmsg(-1));
        return;
    }
    if (!rt_fatbin_walk_section(d->d_buf, d->d_size, &l, err, sizeof err))
        snprintf(bi->fatbin_error, sizeof bi->fatbin_error, "%s: %s", name, err);
    for (size_t i = 0; i < l.n; i++) {
        if (l.v[i].kind == RT_FATBIN_KIND_PTX)
            bi->ptx_entries++;
        else if (l.v[i].kind == RT_FATBIN_KIND_ELF)
            bi->elf_entries++;
    }
    rt_fatbin_list_free(&l);
}

bool rt_binary_inspect(const char *path, rt_binary_info *bi, char *err, size_t errlen)
{
    memset(bi, 0, sizeof *bi);
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errlen, "libelf is unusable: %s", elf_errmsg(-1));
        return false;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    size_t shstrndx;
    if (!e || elf_kind(e) != ELF_K_ELF)
        goto out_end;   /* not ELF: a script, say */
    bi->is_elf = true;
    if (elf_getshdrstrndx(e, &shstrndx) != 0) {
        snprintf(err, errlen, "%s: unreadable ELF section headers: %s", path, elf_errmsg(-1));
        ok = false;
        goto out_end;
    }
    for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        const char *name = elf_strptr(e, shstrndx, sh.sh_name);
        if (sh.sh_type == SHT_DYNAMIC)
            scan_dynamic(e, scn, &sh, bi);
        else if (name && (strcmp(name, ".nv_fatbin") == 0 || strcmp(name, "__nv_relfatbin") == 0))
            scan_fatbin(scn, &sh, name, bi);
    }
out_end:
    if (e)
        elf_end(e);
    close(fd);
    return ok;
}

rt_binary_verdict rt_binary_judge(const rt_binary_info *bi, const char *path, char *msg,
                                  size_t len)
{
    msg[0] = '\0';
    if (!bi->is_elf) {
        snprintf(msg, len, "warning: %s is not an ELF executable; running it anyway (programs "
                 "it starts inherit LD_PRELOAD)", path);
        return RT_BINARY_WARN;
    }
    if (!bi->needs_cudart13 && bi->other_cudart[0]) {
        snprintf(msg, len, "%s needs %s, but Cobalt replaces libcudart.so.13: rebuild it with "
                 "CUDA 13: " REBUILD, path, bi->other_cudart);
        return RT_BINARY_REFUSE;
    }
    if (!bi->needs_cudart13 && bi->has_fatbin) {
        snprintf(msg, len, "%s contains CUDA kernels but does not load libcudart.so.13: it was "
                 "linked with the static CUDA runtime (nvcc's default), which Cobalt cannot "
                 "replace: rebuild it with " REBUILD, path);
        return RT_BINARY_REFUSE;
    }
    if (!bi->needs_cudart13) {
        snprintf(msg, len, "warning: %s does not link libcudart.so.13 directly; running it "
                 "anyway (libraries it loads that link libcudart.so.13 will use Cobalt)", path);
        return RT_BINARY_WARN;
    }
    if (bi->fatbin_error[0]) {
        snprintf(msg, len, "warning: cannot check the kernels of %s (%s); running it anyway",
                 path, bi->fatbin_error);
        return RT_BINARY_WARN;
    }
    if (bi->has_fatbin && bi->ptx_entries == 0) {
        snprintf(msg, len, "%s has no PTX in its fatbin (a SASS-only build: %zu cubins), and "
                 "the simulator runs PTX: rebuild it with " REBUILD " (or add -gencode "
                 "arch=compute_80,code=compute_80)", path, bi->elf_entries);
        return RT_BINARY_REFUSE;
    }
    return RT_BINARY_OK;
}
