#!/bin/sh
# The whole test suite (what `make test` and .ci/run execute). Each stage
# reports its own failures; the script fails if any stage failed.
set -u
build=${1:-build}
here=$(dirname "$0")
status=0
stage() {
    name=$1; shift
    echo "== $name"
    if "$@"; then echo "== $name: ok"; else echo "== $name: FAILED"; status=1; fi
}
units=$(ls "$build"/bin/test_* 2>/dev/null | xargs -n1 basename 2>/dev/null)
stage "unit tests"   sh "$here/run-unit.sh" "$build" $units
stage "docs current" make --no-print-directory BUILD="$build" docs-check
stage "golden files" sh "$here/run-golden.sh" "$build"
stage "end-to-end CUDA programs" sh "$here/run-e2e.sh" "$build"
[ -f "$here/run-cobalt-run-checks.sh" ] && stage "cobalt run checks" sh "$here/run-cobalt-run-checks.sh" "$build"
[ -f "$here/run-cuda12.sh" ] && stage "libcudart.so.12, CUDA-12-style programs, host threads" sh "$here/run-cuda12.sh" "$build"
[ -f "$here/run-nets.sh" ] && stage "example nets (CNN, GPT) vs CPU references" sh "$here/run-nets.sh" "$build"
[ $status = 0 ] && echo "ALL TESTS PASSED" || echo "SOME TESTS FAILED"
exit $status
