#!/bin/sh
# Golden files: tests/run-golden.sh BUILD [--rebaseline]
#
# tests/golden/lower/NAME.ptx        `cobalt ptx NAME.ptx` must succeed and print
#                                    exactly NAME.expected (the ISA listing)
# tests/golden/lower/errors/NAME.ptx `cobalt ptx NAME.ptx` must fail (exit 1) and
#                                    print exactly NAME.expected (one error line)
#
# Each file is lowered from its own directory, so messages name it without a
# path. --rebaseline rewrites the .expected files from the current output
# (review the diff before committing it).
set -u
build=${1:-build}
rebaseline=0
[ "${2:-}" = "--rebaseline" ] && rebaseline=1
here=$(cd "$(dirname "$0")" && pwd)
case $build in
    /*) cobalt=$build/bin/cobalt ;;
    *)  cobalt=$(pwd)/$build/bin/cobalt ;;
esac
if [ ! -x "$cobalt" ]; then
    echo "FAIL golden: $cobalt not built (make BUILD=$build $build/bin/cobalt)"
    exit 1
fi
tmp=${TMPDIR:-/tmp}/cobalt-golden.$$
trap 'rm -f "$tmp"' EXIT INT TERM
fail=0
count=0

# check DIR WANT_STATUS: WANT_STATUS is "ok" or "error".
check() {
    dir=$1 want=$2
    for ptx in "$dir"/*.ptx; do
        [ -e "$ptx" ] || continue
        name=$(basename "$ptx" .ptx)
        expected=$dir/$name.expected
        count=$((count + 1))
        (cd "$dir" && "$cobalt" ptx "$name.ptx") >"$tmp" 2>&1
        status=$?
        label=${dir#"$here"/}/$name
        if [ "$want" = ok ] && [ $status -ne 0 ]; then
            echo "FAIL golden $label: exit status $status"; sed -n 1,5p "$tmp"; fail=1; continue
        fi
        if [ "$want" = error ] && [ $status -ne 1 ]; then
            echo "FAIL golden $label: expected exit status 1, got $status"; fail=1; continue
        fi
        if [ $rebaseline = 1 ]; then
            cp "$tmp" "$expected"
            echo "REBASELINED $label"
        elif [ ! -f "$expected" ]; then
            echo "FAIL golden $label: no $name.expected (run with --rebaseline)"; fail=1
        elif diff -u "$expected" "$tmp" >"$tmp.diff" 2>&1; then
            :
        else
            echo "FAIL golden $label:"; sed -n 1,40p "$tmp.diff"; fail=1
        fi
        rm -f "$tmp.diff"
    done
}

check "$here/golden/lower" ok
check "$here/golden/lower/errors" error
[ $fail = 0 ] && echo "PASS golden ($count files)"
exit $fail
