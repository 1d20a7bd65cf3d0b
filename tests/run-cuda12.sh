#!/bin/sh
# tests/run-cuda12.sh BUILD — libcudart.so.12 and a CUDA-12-style program.
#   1. the library has soname libcudart.so.12 and exports every CUDART_API
#      and CUDART_API12 row of libcudart-shim/cudart_api.def (nothing else)
#      as @@libcudart.so.12;
#   2. tests/cuda12/*.cu built like CUDA 12 builds them, with CUDA 13's nvcc:
#      -D__NV_LEGACY_LAUNCH (launch through cudaLaunchKernel(hostStub, ...);
#      checked with nm), --compress-mode=speed (LZ4 PTX, fatbin flag 0x2000;
#      checked), linked by g++ against our libcudart.so.12 only (DT_NEEDED
#      libcudart.so.12, symbols @libcudart.so.12; checked), run under
#      `cobalt run`, which must pick libcudart.so.12, and must print PASS.
#   3. tests/cuda/pthreads.cu (host threads) five more times, and under
#      COBALT_THREADS=2.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
cobalt=$build/bin/cobalt
lib=$build/lib/libcudart.so.12
fail=0
pass() { echo "PASS cuda12 $1"; }
flunk() { echo "FAIL cuda12 $1"; [ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/    /' "$2" | tail -n 12; fail=1; }
for f in "$cobalt" "$lib"; do
    [ -e "$f" ] || { echo "run-cuda12: $f is missing: run 'make BUILD=$build all'"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/cobalt-cuda12.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# ---- 1. exports ----------------------------------------------------------------
sed -n 's/^CUDART_API1\{0,1\}2\{0,1\}(\([A-Za-z0-9_]*\),.*/\1/p' "$here/../libcudart-shim/cudart_api.def" \
    | sort >"$work/want"
readelf -W --dyn-syms "$lib" | awk '$7 != "UND" && $8 ~ /@@libcudart\.so\.12$/ { sub(/@@.*/, "", $8); print $8 }' \
    | grep -v '^libcudart\.so\.12$' | sort >"$work/have"
if cmp -s "$work/want" "$work/have"; then
    pass "exports ($(wc -l <"$work/want") functions @@libcudart.so.12)"
else
    diff "$work/want" "$work/have" | sed 's/^</missing:/; s/^>/extra:/' >"$work/diff"
    flunk "exports differ from cudart_api.def" "$work/diff"
fi
readelf -d "$lib" | grep -q 'SONAME.*\[libcudart\.so\.12\]' && pass "soname" || flunk "soname is not libcudart.so.12"

# ---- 2. CUDA-12-style programs -------------------------------------------------------
command -v "$nvcc" >/dev/null 2>&1 || { echo "run-cuda12: nvcc not found at '$nvcc' (set NVCC)"; exit 1; }
libdir=$(cd "$(dirname "$lib")" && pwd)
san=
readelf -d "$lib" | grep -q 'NEEDED.*libasan' && san="-fsanitize=address,undefined"
# The flags of the PTX entries of an object's .nv_fatbin section, one per line.
ptx_flags() {
    objcopy -O binary --only-section=.nv_fatbin "$1" "$work/fatbin.bin" 2>/dev/null || return 1
    python3 - "$work/fatbin.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
pos = 0
while pos + 16 <= len(b):
    magic, _, hsize, fsize = struct.unpack_from('<IHHQ', b, pos)
    if magic != 0xBA55ED50:
        break
    e, end = pos + hsize, pos + hsize + fsize
    while e + 64 <= end:
        kind, _, ehs, psize = struct.unpack_from('<HHIQ', b, e)
        flags, = struct.unpack_from('<Q', b, e + 0x28)
        if kind == 1:
            print('%s:%s' % (hex(flags), 'lz4' if flags & 0x2000 else 'not-lz4'))
        e += ehs + psize
    pos = end
PY
}
for src in "$here"/cuda12/*.cu; do
    name=$(basename "$src" .cu)
    obj=$work/$name.o exe=$work/$name
    if ! "$nvcc" -c -arch=sm_80 -O2 -D__NV_LEGACY_LAUNCH -Xcompiler -D__NV_LEGACY_LAUNCH \
            -Xfatbin --compress-mode=speed -o "$obj" "$src" >"$work/$name.build" 2>&1 ||
        ! ${CXX:-g++} $san -o "$exe" "$obj" -L"$libdir" -l:libcudart.so.12 >>"$work/$name.build" 2>&1; then
        flunk "$name: build" "$work/$name.build"
        continue
    fi
    nm "$obj" >"$work/$name.nm"
    if grep -q ' U cudaLaunchKernel$' "$work/$name.nm" && ! grep -q '__cudaGetKernel' "$work/$name.nm"; then
        pass "$name: CUDA 12 launch path (cudaLaunchKernel, no __cudaGetKernel)"
    else
        flunk "$name: not the CUDA 12 launch path" "$work/$name.nm"
    fi
    if command -v python3 >/dev/null 2>&1; then
        flags=$(ptx_flags "$obj")
        if [ -n "$flags" ] && ! echo "$flags" | grep -q not-lz4; then
            pass "$name: PTX LZ4-compressed (flags $(echo $flags))"
        else
            echo "PTX entry flags: ${flags:-none}" >"$work/flags"
            flunk "$name: PTX entries not LZ4-compressed (0x2000)" "$work/flags"
        fi
    else
        echo "SKIP cuda12 $name: fatbin flags (python3 not found)"
    fi
    readelf -d "$exe" >"$work/$name.dyn"
    readelf -W --dyn-syms "$exe" >"$work/$name.syms"
    if grep -q 'NEEDED.*\[libcudart\.so\.12\]' "$work/$name.dyn" && ! grep -q 'libcudart\.so\.13' "$work/$name.dyn" &&
        grep -q 'cudaLaunchKernel@libcudart\.so\.12' "$work/$name.syms"; then
        pass "$name: DT_NEEDED libcudart.so.12, cudaLaunchKernel@libcudart.so.12"
    else
        cat "$work/$name.dyn" >>"$work/$name.syms"
        flunk "$name: linkage" "$work/$name.syms"
    fi
    if "$cobalt" run "$exe" >"$work/$name.out" 2>"$work/$name.err" && grep -qx PASS "$work/$name.out"; then
        pass "$name: runs under cobalt run ($(head -n 1 "$work/$name.out"))"
    else
        cat "$work/$name.err" >>"$work/$name.out"
        flunk "$name: under cobalt run" "$work/$name.out"
    fi
done

# ---- 3. host threads ----------------------------------------------------------------
exe=$work/pthreads
if "$nvcc" -cudart shared -arch=sm_80 -O2 -o "$exe" "$here/cuda/pthreads.cu" >"$work/pthreads.build" 2>&1; then
    bad=0
    for i in 1 2 3 4 5; do
        "$cobalt" run "$exe" >"$work/pt.out" 2>"$work/pt.err" && grep -qx PASS "$work/pt.out" || { bad=$i; break; }
    done
    [ $bad = 0 ] && pass "pthreads x5" || { cat "$work/pt.err" >>"$work/pt.out"; flunk "pthreads (run $bad)" "$work/pt.out"; }
    if COBALT_THREADS=2 "$cobalt" run "$exe" >"$work/pt.out" 2>"$work/pt.err" && grep -qx PASS "$work/pt.out"; then
        pass "pthreads with COBALT_THREADS=2"
    else
        cat "$work/pt.err" >>"$work/pt.out"
        flunk "pthreads with COBALT_THREADS=2" "$work/pt.out"
    fi
else
    flunk "pthreads: build" "$work/pthreads.build"
fi
exit $fail
