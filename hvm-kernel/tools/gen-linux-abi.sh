#!/bin/sh
# Generate hvm-kernel's Linux ABI header from Linux's own UAPI headers
# (linux-libc-dev), so the kernel, built -nostdinc, takes Linux's numbers
# instead of copies:
#   gen-linux-abi.sh include/linux_abi.list CC... > linux_abi.h
# The header holds every x86-64 system call number (__NR_name, from
# asm/unistd_64.h) and the constants the list names, each a #define of
# Linux's value with every macro in it expanded. A missing header or
# constant stops the build and says which.
set -eu
list=$1
shift
fail() {
	echo "gen-linux-abi.sh: $*" >&2
	exit 1
}
[ -r "$list" ] || fail "cannot read the list of wanted constants $list"
[ $# -gt 0 ] || fail "no C compiler given"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every list line: a UAPI header, then the names it defines ('#' comments).
sed -e 's/#.*//' "$list" | awk 'NF' > "$tmp/list"
for h in asm/unistd_64.h $(awk '{ print $1 }' "$tmp/list" | sort -u); do
	echo "#include <$h>" > "$tmp/one.c"
	"$@" -E "$tmp/one.c" > /dev/null 2>&1 ||
		fail "Linux's UAPI header <$h> is missing or broken: install linux-libc-dev"
	echo "#include <$h>"
done > "$tmp/abi.c"

echo "/* Generated from Linux's UAPI headers (linux-libc-dev) and $(basename "$list") by hvm-kernel/tools/gen-linux-abi.sh. */"
echo "#ifndef HVM_KERNEL_LINUX_ABI_H"
echo "#define HVM_KERNEL_LINUX_ABI_H"
echo
"$@" -E -dM "$tmp/abi.c" |
	sed -n 's/^#define \(__NR_[a-z0-9_]*\) \([0-9][0-9]*\)$/\1 \2/p' | sort -n -k2 > "$tmp/nr"
[ -s "$tmp/nr" ] || fail "no __NR_name numbers in <asm/unistd_64.h>: install linux-libc-dev"
awk '{ printf "#define %s %s\n", $1, $2 }' "$tmp/nr"
echo

# A quoted name is not expanded: each line reads "NAME" VALUE, or "NAME"
# NAME when no header defines it.
awk '{ for (i = 2; i <= NF; i++) printf "\"%s\" %s\n", $i, $i }' "$tmp/list" >> "$tmp/abi.c"
"$@" -E -P "$tmp/abi.c" | sed -n 's/^"\([A-Za-z0-9_]*\)" \(.*\)$/\1 \2/p' > "$tmp/values"
awk '{ for (i = 2; i <= NF; i++) print $1, $i }' "$tmp/list" | while read -r h name; do
	value=$(sed -n "s/^$name //p" "$tmp/values")
	[ -n "$value" ] && [ "$value" != "$name" ] ||
		fail "$name is not defined by Linux's <$h>: install linux-libc-dev (or a newer one)"
	echo "#define $name ($value)"
done
echo
echo "#endif /* HVM_KERNEL_LINUX_ABI_H */"
