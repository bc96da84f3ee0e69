// SPDX-License-Identifier: MIT
/*
 * The process's native system-call policy (hvm/call.h, Native system
 * calls), chosen at run time so one binary is measured both ways:
 * HVM_NATIVE unset or "all" lets hvm-kernel serve every call it has a
 * handler for; "none" forwards every call to Linux; a comma list of names
 * or numbers ("getpid,uname,39") serves just those natively. A call with
 * no native handler is forwarded whatever the policy says. The memory
 * calls go together (heap.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mv_runtime.h"
#include "mv_syscall_names.h"

#define MV_NAMES (sizeof(mv_syscall_names) / sizeof(mv_syscall_names[0]))

/* The number of system call @word (a name or a decimal number), -1 if none. */
static long mv_native_number(const char *word, size_t len)
{
	char *end;
	long nr = strtol(word, &end, 10);

	if (len && end == word + len)
		return nr >= 0 && nr < HVM_NR_SYSCALLS ? nr : -1;
	for (size_t n = 0; n < MV_NAMES; n++)
		if (mv_syscall_names[n] && strlen(mv_syscall_names[n]) == len &&
		    !strncmp(mv_syscall_names[n], word, len))
			return (long)n;
	return -1;
}

int mv_native_policy(__u64 native[HVM_NATIVE_WORDS], char *why, size_t len)
{
	const char *want = getenv("HVM_NATIVE");

	memset(native, 0, HVM_NATIVE_WORDS * sizeof(native[0]));
	if (!want || !strcmp(want, "all")) {
		memset(native, 0xff, HVM_NATIVE_WORDS * sizeof(native[0]));
		return mv_heap_policy(native, why, len);
	}
	if (!strcmp(want, "none"))
		return 0;
	for (const char *w = want; *w;) {
		size_t n = strcspn(w, ",");
		long nr = mv_native_number(w, n);

		if (nr < 0) {
			snprintf(
				why, len,
				"HVM_NATIVE: '%.*s' is no system call name or number below %d; say all, none or a comma list such as getpid,uname",
				(int)n, w, HVM_NR_SYSCALLS);
			return -EINVAL;
		}
		hvm_native_set(native, (__u64)nr, 1);
		w += n + (w[n] == ',');
	}
	return mv_heap_policy(native, why, len);
}
