#!/bin/sh
# Data-race check of the parallel simulator: tests/run-tsan.sh BUILD
#
# BUILD holds a ThreadSanitizer build (make tsan). Runs the unit suites that
# use several host threads, then a selection of end-to-end CUDA programs with
# COBALT_THREADS=2. The programs are ordinary nvcc builds; the instrumented
# libcudart.so.13 needs libtsan loaded first, so it goes into LD_PRELOAD
# ahead of the shim, and ASLR is turned off (setarch -R) because TSan's
# shadow memory wants the classic address layout. Any report fails the run
# (TSAN_OPTIONS halt_on_error, exitcode 66).
set -u
build=${1:-build-tsan}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
out=$build/tsan-e2e
cudart=$build/lib/libcudart.so.13
[ -e "$cudart" ] || { echo "run-tsan: $cudart is missing: run 'make tsan'"; exit 1; }
cudart=$(cd "$(dirname "$cudart")" && pwd)/libcudart.so.13
tsan=$(ldd "$cudart" 2>/dev/null | awk '/libtsan/ { print $3; exit }')
[ -n "$tsan" ] || { echo "run-tsan: $cudart is not built with -fsanitize=thread"; exit 1; }
norand=
setarch "$(uname -m)" -R true 2>/dev/null && norand="setarch $(uname -m) -R"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
mkdir -p "$out" || exit 1
failed=0
ran=0
check() { # label rc log
    ran=$((ran + 1))
    if [ "$2" = 0 ] && ! grep -q "ThreadSanitizer" "$3"; then
        echo "PASS tsan $1"
    else
        echo "FAIL tsan $1: exit status $2"
        grep -A 30 "WARNING: ThreadSanitizer\|FATAL" "$3" | head -n 60 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

for t in test_sim_threads test_sim_atom test_runtime_launch; do
    $norand "$build/bin/$t" >"$out/$t.log" 2>&1
    check "$t" $? "$out/$t.log"
done

for name in grid_sync work_queue spin_flag_cta atomics_all reduce_shared atomic_histogram \
            printf_basic malloc_perthread vecadd_gridstride; do
    src=$here/cuda/$name.cu
    [ -f "$src" ] || continue
    if [ -z "$(find "$out/$name" -newer "$src" 2>/dev/null)" ] &&
        ! "$nvcc" -cudart shared -arch=sm_80 -O2 -o "$out/$name" "$src" \
            >"$out/$name.build.log" 2>&1; then
        ran=$((ran + 1)); failed=$((failed + 1))
        echo "FAIL tsan $name: does not compile"; continue
    fi
    COBALT_THREADS=2 LD_PRELOAD="$tsan:$cudart" timeout -k 10 600 $norand "$out/$name" \
        >"$out/$name.log" 2>&1
    rc=$?
    [ $rc = 0 ] && ! grep -q '^PASS' "$out/$name.log" && rc=1
    check "$name (COBALT_THREADS=2)" $rc "$out/$name.log"
done
echo "tsan: $((ran - failed)) of $ran passed"
[ $failed = 0 ]
