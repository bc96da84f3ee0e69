#!/bin/sh
# Generate a C table of x86-64 system-call names from Linux's UAPI header:
#   gen-syscall-names.sh /usr/include/x86_64-linux-gnu/asm/unistd_64.h > names.h
set -eu
[ -r "$1" ] || { echo "gen-syscall-names.sh: $1 is missing: install linux-libc-dev" >&2; exit 1; }
echo "/* Generated from $1 by multiverse-rt/tools/gen-syscall-names.sh. */"
echo "static const char *const mv_syscall_names[] = {"
sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\t[\2] = "\1",/p' "$1"
echo "};"
