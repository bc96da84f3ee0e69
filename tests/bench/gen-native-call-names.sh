#!/bin/sh
# Generate the list of system calls hvm-kernel serves natively, from its
# list of them, so the porting benchmark picks up every newly ported call
# without being told:
#   gen-native-call-names.sh hvm-kernel/kernel/syscalls/native.def > native_call_names.h
# A list line reads "NATIVE(name)" or "NATIVE_ALWAYS(name)".
set -eu
[ -r "$1" ] || { echo "gen-native-call-names.sh: cannot read hvm-kernel's list of native calls $1" >&2; exit 1; }
names=$(sed -n 's/^NATIVE\(_ALWAYS\)\{0,1\}(\([a-z0-9_]*\)).*/\2/p' "$1")
[ -n "$names" ] || { echo "gen-native-call-names.sh: no 'NATIVE(name)' lines in $1: the list's layout changed, update this script" >&2; exit 1; }
echo "/* Generated from $1 by tests/bench/gen-native-call-names.sh. */"
echo "static const char *const kernel_native_calls[] = {"
for name in $names; do
	printf '\t"%s",\n' "$name"
done
echo "};"
