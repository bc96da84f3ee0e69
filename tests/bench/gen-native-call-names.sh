#!/bin/sh
# Generate the list of system calls hvm-kernel's native table has handlers
# for, from the table itself, so the porting benchmark picks up every newly
# ported call without being told:
#   gen-native-call-names.sh hvm-kernel/kernel/syscalls/table.c > native_call_names.h
# A table line reads "[NR_NAME] = { sys_name ... },".
set -eu
[ -r "$1" ] || { echo "gen-native-call-names.sh: cannot read hvm-kernel's native table $1" >&2; exit 1; }
names=$(sed -n 's/^[[:space:]]*\[NR_[A-Z0-9_]*\][[:space:]]*=[[:space:]]*{[[:space:]]*sys_\([a-z0-9_]*\).*/\1/p' "$1")
[ -n "$names" ] || { echo "gen-native-call-names.sh: no '[NR_NAME] = { sys_name' lines in $1: the table's layout changed, update this script" >&2; exit 1; }
echo "/* Generated from $1 by tests/bench/gen-native-call-names.sh. */"
echo "static const char *const kernel_native_calls[] = {"
for name in $names; do
	printf '\t"%s",\n' "$name"
done
echo "};"
