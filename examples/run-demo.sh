#!/bin/sh
# The demo: examples/run-demo.sh BUILD (what `make demo` runs).
# Builds examples/vecadd.cu with nvcc exactly as a user would, then runs the
# unmodified binary on the simulator with per-launch statistics.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
cobalt=$build/bin/cobalt
exe=$build/examples/vecadd

[ -x "$cobalt" ] || { echo "run-demo: $cobalt is missing: run 'make BUILD=$build all' first"; exit 1; }
command -v "$nvcc" >/dev/null 2>&1 || { echo "run-demo: nvcc not found at '$nvcc' (set NVCC)"; exit 1; }
mkdir -p "$build/examples" || exit 1

echo "\$ nvcc -cudart shared -arch=sm_80 -o $exe examples/vecadd.cu"
"$nvcc" -cudart shared -arch=sm_80 -o "$exe" "$here/vecadd.cu" || exit 1
echo "\$ $cobalt run --stats $exe"
"$cobalt" run --stats "$exe"
