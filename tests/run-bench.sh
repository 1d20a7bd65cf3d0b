#!/bin/sh
# Simulator throughput: tests/run-bench.sh BUILD
#
# Builds tests/bench/*.cu, runs each under `cobalt run` with COBALT_STATS=1
# and prints, per workload, the thread-instructions executed, the host
# seconds spent simulating (both summed over the program's launches, from
# the runtime's per-launch "cobalt: kernel ..." lines on stderr) and their
# ratio. A program that prints "flops: F" (the floating-point operations
# of its kernels, e.g. 2*M*N*K for a GEMM) also gets a line with F divided
# by those host seconds: simulated FLOP/s per host second. Numbers only, no
# thresholds. The per-workload lines run on one host thread
# (COBALT_THREADS=1: the simulator's own speed, comparable over time); the
# matmul_t1/t2 lines then show what a second host thread adds. Sizes: VECADD_N (default 2^22 elements), MATMUL_N (default
# 256) and GEMM_N (default 512, a multiple of 8), passed to the programs.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
cobalt=$build/bin/cobalt
out=$build/bench

[ -x "$cobalt" ] || { echo "run-bench: $cobalt is missing: run 'make BUILD=$build all' first"; exit 1; }
command -v "$nvcc" >/dev/null 2>&1 || { echo "run-bench: nvcc not found at '$nvcc' (set NVCC)"; exit 1; }
mkdir -p "$out" || exit 1

# measure EXE [SIZE]: runs it with COBALT_STATS=1 and prints
# "thread-insns sim-s thread-insns/s" summed over its launches.
measure() {
    exe=$1
    shift
    COBALT_STATS=1 timeout -k 10 600 "$cobalt" run "$exe" "$@" >"$exe.out" 2>"$exe.err"
    rc=$?
    if [ $rc != 0 ] || ! grep -q '^PASS' "$exe.out"; then
        echo "FAIL $(basename "$exe"): exit status $rc" >&2; tail -n 15 "$exe.out" "$exe.err" >&2
        return 1
    fi
    # ... <W> warp-insns, <T> thread-insns, ... <S> s, <R> thread-insns/s
    awk '
        /^cobalt: kernel / {
            n++
            for (i = 1; i < NF; i++) {
                if ($(i + 1) == "thread-insns,") t += $i
                if ($(i + 1) == "s,") s += $i
            }
        }
        END {
            if (n == 0) {
                print "FAIL: no cobalt: kernel statistics on stderr" > "/dev/stderr"
                exit 1
            }
            printf "%16.0f %10.3f %16.0f\n", t, s, (s > 0 ? t / s : 0)
        }' "$exe.err"
}

status=0
printf '%-12s %8s %16s %10s %16s\n' workload size thread-insns sim-s thread-insns/s
for src in "$here"/bench/*.cu; do
    name=$(basename "$src" .cu)
    case $name in
        vecadd_big) size=${VECADD_N:-} ;;
        matmul_big) size=${MATMUL_N:-} ;;
        gemm_tensor) size=${GEMM_N:-} ;;
        *) size= ;;
    esac
    exe=$out/$name
    if [ -z "$(find "$exe" -newer "$src" 2>/dev/null)" ] &&
        ! "$nvcc" -cudart shared -arch=sm_80 -O2 -o "$exe" "$src" >"$exe.build.log" 2>&1; then
        echo "FAIL $name: does not compile"; tail -n 15 "$exe.build.log"; status=1; continue
    fi
    # shellcheck disable=SC2086 # $size is empty or one number
    if ! line=$(COBALT_THREADS=1 measure "$exe" $size); then status=1; continue; fi
    printf '%-12s %8s %s\n' "$name" "${size:-default}" "$line"
    # "flops: F" on stdout: F / host seconds (simulated FLOP/s per host second)
    flops=$(sed -n 's/^flops: *\([0-9][0-9]*\)$/\1/p' "$exe.out" | head -n 1)
    if [ -n "$flops" ]; then
        echo "$line" | awk -v n="$name" -v f="$flops" '{
            printf "%-12s %.0f FLOP in %.3f s: %.4g simulated FLOP/s per host second\n",
                   n, f, $2, ($2 > 0 ? f / $2 : 0) }'
    fi
done

# Host threads: the same grid on 1 and on 2 threads.
exe=$out/matmul_big
if [ -x "$exe" ]; then
    size=${MATMUL_N:-}
    # shellcheck disable=SC2086
    one=$(COBALT_THREADS=1 measure "$exe" $size) && two=$(COBALT_THREADS=2 measure "$exe" $size)
    if [ -n "${one:-}" ] && [ -n "${two:-}" ]; then
        printf '%-12s %8s %s\n' "matmul_t1" "${size:-default}" "$one"
        printf '%-12s %8s %s\n' "matmul_t2" "${size:-default}" "$two"
        echo "$one $two" | awk '{ printf "threads      speed-up of 2 host threads over 1: %.2fx\n",
                                  ($5 > 0 ? $2 / $5 : 0) }'
    else
        status=1
    fi
fi
exit $status
