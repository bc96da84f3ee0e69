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
# Each shared ABI header must compile on its own as kernel code too: one
# translation unit per header, linked into the module (they are empty).
checks=
for h in "$abi"/hvm/*.h; do
	name=abi_check_$(basename "$h" .h)
	printf '#include <hvm/%s>\n' "$(basename "$h")" > "$out/$name.c.new"
	cmp -s "$out/$name.c.new" "$out/$name.c" 2>/dev/null && rm "$out/$name.c.new" ||
		mv "$out/$name.c.new" "$out/$name.c"
	checks="$checks $name.o"
done
exec make -s -C "$kdir" M="$out" HVM_ABI_INCLUDE="$abi" HVM_ABI_CHECKS="$checks" modules
