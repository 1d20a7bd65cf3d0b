#!/bin/sh
# Runs cmocka suites: tests/run-unit.sh BUILD test_a test_b ...
set -u
build=$1; shift
fail=0
for t in "$@"; do
    if "$build/bin/$t" >"$build/$t.log" 2>&1; then
        echo "PASS unit $t"
    else
        echo "FAIL unit $t"; tail -n 30 "$build/$t.log"; fail=1
    fi
done
exit $fail
