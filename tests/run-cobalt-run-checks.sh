#!/bin/sh
# tests/run-cobalt-run-checks.sh BUILD — the drop-in libcudart.so.13 and the
# `cobalt run` checks on real nvcc binaries:
#   1. the library has soname libcudart.so.13 and exports every row of
#      libcudart-shim/cudart_api.def (and nothing else) as @@libcudart.so.13,
#      and tests/shim/test_shim_api.c (cmocka, linked against it) passes;
#   2. `cobalt run` refuses a static-cudart binary and a SASS-only binary,
#      each with a message that says how to rebuild (exit status 2);
#   3. a good binary runs through `cobalt run` and through LD_PRELOAD, and
#      --stats prints the per-kernel statistics.
# Part 2 and 3 need nvcc (NVCC, default /usr/local/cuda/bin/nvcc).
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
cobalt=$build/bin/cobalt
shim=$build/lib/libcudart.so.13
fail=0
pass() { echo "PASS cobalt-run $1"; }
flunk() { echo "FAIL cobalt-run $1"; [ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/    /' "$2" | tail -n 12; fail=1; }

for f in "$cobalt" "$shim"; do
    [ -e "$f" ] || { echo "run-cobalt-run-checks: $f is missing: run 'make BUILD=$build all'"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/cobalt-run-checks.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# ---- 1. exports ----------------------------------------------------------------
sed -n 's/^CUDART_API(\([A-Za-z0-9_]*\),.*/\1/p' "$here/../libcudart-shim/cudart_api.def" | sort >"$work/want"
readelf -W --dyn-syms "$shim" | awk '$7 != "UND" && $8 ~ /@@libcudart\.so\.13$/ { sub(/@@.*/, "", $8); print $8 }' \
    | grep -v '^libcudart\.so\.13$' | sort >"$work/have"
if cmp -s "$work/want" "$work/have"; then
    pass "exports ($(wc -l <"$work/want") functions @@libcudart.so.13)"
else
    diff "$work/want" "$work/have" | sed 's/^</missing:/; s/^>/extra:/' >"$work/diff"
    flunk "exports differ from cudart_api.def" "$work/diff"
fi
readelf -d "$shim" | grep -q 'SONAME.*\[libcudart\.so\.13\]' && pass "soname" || flunk "soname is not libcudart.so.13"

# The C API as an application sees it. An ASan build of the library needs an
# ASan program (the sanitizer runtime must be loaded first).
cuda_inc=${CUDA_HOME:-/usr/local/cuda}/include
san=
readelf -d "$shim" | grep -q 'NEEDED.*libasan' && san="-fsanitize=address,undefined"
libdir=$(cd "$(dirname "$shim")" && pwd)
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror $san -I"$cuda_inc" "$here/shim/test_shim_api.c" \
        -o "$work/test_shim_api" "$libdir/libcudart.so.13" -Wl,-rpath,"$libdir" -lcmocka \
        >"$work/shim_api.build" 2>&1; then
    if "$work/test_shim_api" >"$work/shim_api.log" 2>&1; then
        pass "shim C API (tests/shim/test_shim_api.c)"
    else
        flunk "shim C API" "$work/shim_api.log"
    fi
else
    flunk "building tests/shim/test_shim_api.c" "$work/shim_api.build"
fi

# ---- 2 and 3: nvcc binaries -------------------------------------------------------
if ! command -v "$nvcc" >/dev/null 2>&1; then
    echo "SKIP cobalt-run nvcc checks: nvcc not found at '$nvcc' (set NVCC)"
    exit $fail
fi
cat >"$work/k.cu" <<'CU'
#include <cstdio>
__global__ void twice(int *x) { x[threadIdx.x] *= 2; }
int main() {
    int h[32], *d;
    for (int i = 0; i < 32; i++) h[i] = i;
    cudaMalloc(&d, sizeof h);
    cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
    twice<<<1, 32>>>(d);
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    printf("%s h[31]=%d\n", cudaGetErrorName(cudaGetLastError()), h[31]);
    return h[31] == 62 ? 0 : 1;
}
CU
build_app() { # name flags...
    name=$1; shift
    "$nvcc" "$@" -o "$work/$name" "$work/k.cu" >"$work/$name.build" 2>&1 || { flunk "nvcc $name" "$work/$name.build"; return 1; }
}
refuses() { # name substring...
    name=$1; shift
    "$cobalt" run "$work/$name" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    [ $rc = 2 ] || { flunk "$name: exit status $rc, expected 2" "$work/$name.err"; return; }
    for s in "$@"; do
        grep -qF -- "$s" "$work/$name.err" || { flunk "$name: stderr lacks '$s'" "$work/$name.err"; return; }
    done
    pass "refuses $name"
}
build_app static -arch=sm_80 &&
    refuses static "static CUDA runtime" "nvcc -cudart shared -arch=sm_80"
build_app sass_only -cudart shared -gencode arch=compute_80,code=sm_80 &&
    refuses sass_only "no PTX" "code=compute_80" "nvcc -cudart shared -arch=sm_80"

if build_app good -cudart shared -arch=sm_80; then
    if "$cobalt" run --stats --sms 2 --sched lrr "$work/good" >"$work/good.out" 2>"$work/good.err" &&
        grep -qx 'cudaSuccess h\[31\]=62' "$work/good.out" &&
        grep -q '^cobalt: kernel _Z5twicePi grid (1,1,1) block (32,1,1): ' "$work/good.err" &&
        grep -q '^cobalt:   by class: INT ' "$work/good.err"; then
        pass "runs good (cobalt run --stats --sms 2 --sched lrr)"
    else
        cat "$work/good.out" "$work/good.err" >"$work/good.log"
        flunk "good under cobalt run" "$work/good.log"
    fi
    preload=$(cd "$(dirname "$shim")" && pwd)/libcudart.so.13
    asan=$(readelf -d "$shim" | sed -n 's/.*NEEDED.*\[\(libasan[^]]*\)\].*/\1/p')
    [ -n "$asan" ] && preload="$asan:$preload"
    if LD_PRELOAD=$preload "$work/good" >"$work/pre.out" 2>&1 && grep -qx 'cudaSuccess h\[31\]=62' "$work/pre.out"; then
        pass "runs good (LD_PRELOAD)"
    else
        flunk "good under LD_PRELOAD" "$work/pre.out"
    fi
fi
# A DT_RPATH (not RUNPATH) directory holding a libcudart.so.13 is searched
# before LD_LIBRARY_PATH: cobalt run warns, and the program still runs on
# Cobalt's preloaded library.
mkdir -p "$work/fakelib" && echo 'not a library' >"$work/fakelib/libcudart.so.13"
if build_app rpath -cudart shared -arch=sm_80 -Xlinker --disable-new-dtags -Xlinker -rpath -Xlinker "$work/fakelib"; then
    if readelf -d "$work/rpath" | grep -q '(RPATH)' &&
        "$cobalt" run "$work/rpath" >"$work/rpath.out" 2>"$work/rpath.err" &&
        grep -qx 'cudaSuccess h\[31\]=62' "$work/rpath.out" &&
        grep -qF "has DT_RPATH $work/fakelib, which holds libcudart.so.13" "$work/rpath.err"; then
        pass "warns about a DT_RPATH libcudart and still runs on Cobalt"
    else
        cat "$work/rpath.out" "$work/rpath.err" >"$work/rpath.log"
        flunk "DT_RPATH warning" "$work/rpath.log"
    fi
fi
"$cobalt" run "$work/does-not-exist" 2>/dev/null
[ $? = 127 ] && pass "missing program -> 127" || flunk "missing program: wrong exit status"
"$cobalt" run --sms zero "$work/good" 2>"$work/opt.err"
[ $? = 2 ] && grep -q -- '--sms wants' "$work/opt.err" && pass "bad --sms refused" || flunk "bad --sms" "$work/opt.err"
exit $fail
