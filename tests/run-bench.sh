#!/bin/sh
# Simulator throughput: tests/run-bench.sh BUILD
#
# Builds tests/bench/*.cu, runs each under `cobalt run` with COBALT_STATS=1
# and prints, per workload, the thread-instructions executed, the host
# seconds spent simulating (both summed over the program's launches, from
# the runtime's per-launch "cobalt: kernel ..." lines on stderr) and their
# ratio. Numbers only, no thresholds. Sizes: VECADD_N (default 2^22
# elements) and MATMUL_N (default 256), passed to the programs.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
cobalt=$build/bin/cobalt
out=$build/bench

[ -x "$cobalt" ] || { echo "run-bench: $cobalt is missing: run 'make BUILD=$build all' first"; exit 1; }
command -v "$nvcc" >/dev/null 2>&1 || { echo "run-bench: nvcc not found at '$nvcc' (set NVCC)"; exit 1; }
mkdir -p "$out" || exit 1

status=0
printf '%-12s %8s %16s %10s %16s\n' workload size thread-insns sim-s thread-insns/s
for src in "$here"/bench/*.cu; do
    name=$(basename "$src" .cu)
    case $name in
        vecadd_big) size=${VECADD_N:-} ;;
        matmul_big) size=${MATMUL_N:-} ;;
        *) size= ;;
    esac
    exe=$out/$name
    if [ -z "$(find "$exe" -newer "$src" 2>/dev/null)" ] &&
        ! "$nvcc" -cudart shared -arch=sm_80 -O2 -o "$exe" "$src" >"$exe.build.log" 2>&1; then
        echo "FAIL $name: does not compile"; tail -n 15 "$exe.build.log"; status=1; continue
    fi
    # shellcheck disable=SC2086 # $size is empty or one number
    COBALT_STATS=1 timeout -k 10 600 "$cobalt" run "$exe" $size >"$exe.out" 2>"$exe.err"
    rc=$?
    if [ $rc != 0 ] || ! grep -q '^PASS' "$exe.out"; then
        echo "FAIL $name: exit status $rc"; tail -n 15 "$exe.out" "$exe.err"; status=1; continue
    fi
    # ... <W> warp-insns, <T> thread-insns, ... <S> s, <R> thread-insns/s
    line=$(awk '
        /^cobalt: kernel / {
            n++
            for (i = 1; i < NF; i++) {
                if ($(i + 1) == "thread-insns,") t += $i
                if ($(i + 1) == "s,") s += $i
            }
        }
        END {
            if (n == 0) exit 1
            printf "%16.0f %10.3f %16.0f\n", t, s, (s > 0 ? t / s : 0)
        }' "$exe.err")
    if [ -z "$line" ]; then
        echo "FAIL $name: no 'cobalt: kernel' statistics on stderr"; tail -n 5 "$exe.err"
        status=1; continue
    fi
    printf '%-12s %8s %s\n' "$name" "${size:-default}" "$line"
done
exit $status
