#!/bin/sh
# Build hvm.ko with kbuild against the guest kernel's headers, out of the
# source tree: the sources are mirrored into the build directory because
# kbuild writes its objects next to them.
#   build-module.sh SRC_DIR ABI_INCLUDE OUT_DIR KERNEL_BUILD_DIR
set -eu
src=$1 abi=$2 out=$3 kdir=$4
if [ ! -f "$kdir/Makefile" ]; then
	echo "build-module.sh: no kernel headers at $kdir: install linux-headers-amd64 (scripts/bootstrap) or set -Dguest_kernel=VERSION" >&2
	exit 1
fi
mkdir -p "$out/include"
for f in "$src"/Kbuild "$src"/*.c "$src"/*.S "$src"/include/*.h; do
	rel=${f#"$src"/}
	cmp -s "$f" "$out/$rel" 2>/dev/null || cp "$f" "$out/$rel"
done
exec make -s -C "$kdir" M="$out" HVM_ABI_INCLUDE="$abi" modules
