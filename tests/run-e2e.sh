#!/bin/sh
# End-to-end CUDA programs: tests/run-e2e.sh BUILD
#
# Builds every tests/cuda/*.cu with nvcc (the shared CUDA runtime, so our
# libcudart.so.13 is used), runs each under `cobalt run`, and requires exit
# status 0 and a line "PASS". A file tests/cuda/<name>.expect-stderr lists
# substrings (one per line) that the program's stderr must contain;
# tests/cuda/<name>.expect-stdout is the program's exact stdout.
# A few programs are also run through LD_PRELOAD and under another warp
# scheduler. Environment: NVCC (default /usr/local/cuda/bin/nvcc),
# NVCCFLAGS (extra flags; a line "// NVCCFLAGS: ..." in a .cu adds its own),
# a line "// ENV: VAR=value ..." in a .cu sets environment variables for
# its run under `cobalt run` (e.g. COBALT_RECONV=stack),
# A directory tests/cuda/<name>/ is one program built from all its .cu
# files with -rdc=true (relocatable device code, linked PTX) and run like
# the others.
# E2E_TIMEOUT (seconds per program, default 120).
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
limit=${E2E_TIMEOUT:-120}
cobalt=$build/bin/cobalt
cudart=$build/lib/libcudart.so.13
out=$build/e2e

for f in "$cobalt" "$cudart"; do
    [ -e "$f" ] || { echo "run-e2e: $f is missing: run 'make BUILD=$build all' first"; exit 1; }
done
command -v "$nvcc" >/dev/null 2>&1 || { echo "run-e2e: nvcc not found at '$nvcc' (set NVCC)"; exit 1; }
mkdir -p "$out" || exit 1
cudart=$(cd "$(dirname "$cudart")" && pwd)/libcudart.so.13 # LD_PRELOAD wants a full path

# 1. Compile, two at a time; a binary newer than its source is reused.
stale=
for src in "$here"/cuda/*.cu; do
    name=$(basename "$src" .cu)
    [ -n "$(find "$out/$name" -newer "$src" 2>/dev/null)" ] || stale="$stale $src"
done
if [ -n "$stale" ]; then
    echo "compiling$(for s in $stale; do printf ' %s' "$(basename "$s" .cu)"; done)"
    # shellcheck disable=SC2086,SC2016
    printf '%s\n' $stale | xargs -P 2 -I{} sh -c '
        name=$(basename "$1" .cu)
        rm -f "$2/$name"
        extra=$(sed -n "s|^// NVCCFLAGS: *||p" "$1" | head -n 1)
        "$3" -cudart shared -arch=sm_80 -O2 $4 $extra -o "$2/$name" "$1" >"$2/$name.build.log" 2>&1
    ' sh {} "$out" "$nvcc" "${NVCCFLAGS:-}"
fi

for dir in "$here"/cuda/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    [ -e "$out/$name" ] && [ -z "$(find "$dir" -type f -newer "$out/$name")" ] && continue
    echo "compiling $name (-rdc=true)"
    rm -f "$out/$name"
    # shellcheck disable=SC2086
    "$nvcc" -cudart shared -arch=sm_80 -O2 -rdc=true ${NVCCFLAGS:-} -o "$out/$name" "$dir"*.cu \
        >"$out/$name.build.log" 2>&1
done

failed=0
ran=0
fail() { # name reason [log...]
    echo "FAIL $1: $2"
    shift 2
    for log in "$@"; do [ -s "$log" ] && tail -n 15 "$log" | sed 's/^/    /'; done
    failed=$((failed + 1))
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# run LABEL NAME CMD...: runs one program, checks status, PASS line and the
# expected stderr substrings.
run() {
    label=$1 name=$2
    shift 2
    ran=$((ran + 1))
    log=$out/$label.out err=$out/$label.err
    t0=$(now)
    timeout -k 10 "$limit" "$@" >"$log" 2>"$err"
    rc=$?
    t1=$(now)
    if [ $rc = 124 ] || [ $rc = 137 ]; then fail "$label" "timed out after ${limit} s" "$log" "$err"; return; fi
    if [ $rc != 0 ]; then fail "$label" "exit status $rc" "$log" "$err"; return; fi
    if ! grep -q '^PASS[[:space:]]*$' "$log"; then fail "$label" "no PASS line" "$log" "$err"; return; fi
    expect=$here/cuda/$name.expect-stderr
    if [ -f "$expect" ]; then
        while IFS= read -r want || [ -n "$want" ]; do
            [ -z "$want" ] && continue
            if ! grep -qF -- "$want" "$err"; then
                fail "$label" "stderr lacks '$want'" "$err"; return
            fi
        done <"$expect"
    fi
    expect=$here/cuda/$name.expect-stdout
    if [ -f "$expect" ] && ! cmp -s "$expect" "$log"; then
        diff "$expect" "$log" >"$out/$label.diff"
        fail "$label" "stdout differs from $name.expect-stdout" "$out/$label.diff"; return
    fi
    echo "PASS $label ($(elapsed "$t0" "$t1") s)"
}

# 2. Every program under `cobalt run`.
for src in "$here"/cuda/*.cu; do
    name=$(basename "$src" .cu)
    if [ ! -x "$out/$name" ]; then
        ran=$((ran + 1))
        fail "$name" "does not compile" "$out/$name.build.log"
        continue
    fi
    envs=$(sed -n "s|^// ENV: *||p" "$src" | head -n 1)
    # shellcheck disable=SC2086 # $envs is a list of VAR=value words
    run "$name" "$name" env $envs "$cobalt" run "$out/$name"
done

for dir in "$here"/cuda/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    if [ ! -x "$out/$name" ]; then
        ran=$((ran + 1))
        fail "$name" "does not compile" "$out/$name.build.log"
        continue
    fi
    run "$name" "$name" "$cobalt" run "$out/$name"
done

# 3. The same binaries through the other entry points.
# An ASan build of the shim needs the sanitizer runtime loaded first
# (`cobalt run` does the same).
preload=$cudart
asan=$(ldd "$cudart" 2>/dev/null | awk '/libasan/ { print $3; exit }')
[ -n "$asan" ] && preload=$asan:$cudart
if [ -x "$out/vecadd_gridstride" ]; then
    run vecadd_gridstride-preload vecadd_gridstride \
        env LD_PRELOAD="$preload" "$out/vecadd_gridstride"
fi
for name in reduce_shared divergence coop_groups elect_sync; do
    [ -x "$out/$name" ] && run "$name-lrr" "$name" env COBALT_SCHED=lrr "$cobalt" run "$out/$name"
done
# Race-free programs give the same results under the random scheduler
# (chosen through the environment, and through cobalt run's options).
for name in reduce_shared divergence barrier_reduce barrier_named transpose_smem coop_groups \
            elect_sync; do
    [ -x "$out/$name" ] || continue
    run "$name-random1" "$name" env COBALT_SCHED=random COBALT_SEED=1 "$cobalt" run "$out/$name"
    run "$name-random7" "$name" "$cobalt" run --sched random --seed 7 "$out/$name"
done
# Divergence-heavy programs under the pre-Volta reconvergence stack
# (COBALT_RECONV=stack): the same results as independent thread scheduling.
for name in divergence func_calls recursion fnptr warp_primitives switch_jumptable; do
    [ -x "$out/$name" ] && run "$name-stack" "$name" env COBALT_RECONV=stack "$cobalt" run "$out/$name"
done
# Device profiles (COBALT_DEVICE): the program checks the one it runs on.
if [ -x "$out/device_profile" ]; then
    for dev in tiny h100-like; do
        run "device_profile-$dev" device_profile env COBALT_DEVICE=$dev "$cobalt" run "$out/device_profile"
    done
fi
# The SMs on two host threads (COBALT_THREADS): the same results.
for name in reduce_shared atomic_histogram matmul_tiled grid_sync work_queue spin_flag_cta \
            atomics_all atomic_half atomic_half_sm90 atomic_b128; do
    [ -x "$out/$name" ] && run "$name-threads2" "$name" env COBALT_THREADS=2 "$cobalt" run "$out/$name"
done
# The counters: the unpadded tile's column reads hit one bank (31 conflicts
# each), the padded tile has none; sectors are the same (see the program).
if [ -x "$out/transpose_smem" ]; then
    ran=$((ran + 1))
    log=$out/transpose_smem-stats
    COBALT_STATS=1 "$cobalt" run "$out/transpose_smem" >"$log.out" 2>"$log.err"
    got=$(sed -n 's/.*; \([0-9]*\) global sectors, \([0-9]*\) shared bank conflicts$/\1 \2/p' \
          "$log.err" | tr '\n' ' ')
    if [ "$got" = "1024 3968 1024 0 " ]; then
        echo "PASS transpose_smem-stats"
    else
        fail transpose_smem-stats "sectors and bank conflicts per launch are '$got', expected \
'1024 3968 1024 0 '" "$log.out" "$log.err"
    fi
fi

echo "e2e: $((ran - failed)) of $ran passed"
[ $failed = 0 ]
