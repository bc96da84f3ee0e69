/* SPDX-License-Identifier: MIT */
/*
 * The system calls the syscall benchmark can time (calls.c): for each, by
 * the name HVM_NATIVE and the profile (HVM_PROFILE=1) use, a small invocation that makes
 * exactly one call of it and nothing else, or why none can be timed in a
 * loop. A call newly ported to hvm-kernel needs its line in calls.c.
 */
#ifndef HVM_BENCH_CALLS_H
#define HVM_BENCH_CALLS_H

#include <stdbool.h>
#include <stdio.h>

#define MAX_BATCH 1000 /* most calls of one batch (mmap and munmap keep a page each) */

struct call {
	const char *name; /* as HVM_NATIVE and the profile name it */
	long (*make)(int i); /* one call, the i-th of its batch; -1: failed */
	void (*before)(int n); /* untimed, before a batch of n calls */
	void (*after)(int n); /* untimed, after it */
	const char *why_not; /* no invocation: why it cannot be timed in a loop */
};

/* The call named @name, NULL if the table has none. */
const struct call *call_find(const char *name);

/* Print the names of the calls with an invocation to @out, separated by spaces. */
void call_list(FILE *out);

/* Before the first call: what the invocations need (/dev/null); false if it is missing. */
bool call_setup(void);

#endif /* HVM_BENCH_CALLS_H */
