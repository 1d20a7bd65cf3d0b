#!/bin/sh
# Checks the build's Debian dependencies. As root, installs what is missing;
# otherwise prints the exact apt-get line and fails.
set -u
missing=""
check() { # package header
    if [ ! -e "$2" ]; then missing="$missing $1"; fi
}
check libelf-dev    /usr/include/libelf.h
check libzstd-dev   /usr/include/zstd.h
check liblz4-dev    /usr/include/lz4.h
check zlib1g-dev    /usr/include/zlib.h
check libcmocka-dev /usr/include/cmocka.h
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing missing build dependencies:$missing"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null \
        || { echo "apt-get install failed; run: apt-get install$missing" >&2; exit 1; }
    exit 0
fi
echo "missing build dependencies. Run as root:" >&2
echo "    apt-get install$missing" >&2
exit 1
