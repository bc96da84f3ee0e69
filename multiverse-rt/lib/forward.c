// SPDX-License-Identifier: MIT
/*
 * The partner's side of forwarding: a system call the program made on the
 * HRT is made here, on Linux, by the thread the program started on, with
 * the very same arguments: pointers are valid because both kernels see the
 * same lower half. The raw result (-errno on failure) goes back unchanged.
 *
 * Calls that create tasks are special (partner.c): a new thread gets a
 * partner and an HRT thread; a new process continues natively under Linux.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "mv_runtime.h"
#include "mv_syscall_names.h"

#define MV_MAX_NR 512

static unsigned long mv_counts[MV_MAX_NR];
static unsigned long mv_total;

long mv_raw_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static int mv_creates_task(unsigned long nr)
{
	return nr == SYS_clone || nr == SYS_fork || nr == SYS_vfork || nr == SYS_clone3;
}

void mv_stats_count(const struct hvm_forward *fw)
{
	__atomic_fetch_add(&mv_total, 1, __ATOMIC_RELAXED);
	if (fw->nr < MV_MAX_NR)
		__atomic_fetch_add(&mv_counts[fw->nr], 1, __ATOMIC_RELAXED);
}

long mv_forward_syscall(const struct hvm_call_request *req)
{
	const struct hvm_forward *fw = &req->forward;
	const long *a = (const long *)fw->args;

	mv_stats_count(fw);
	if (mv_creates_task(fw->nr))
		return mv_clone_thread(req);
	if (fw->nr == SYS_rt_sigaction)
		return mv_signal_action(a);
	if (fw->nr == SYS_exit_group)
		mv_stats_report(); /* the process ends inside the next call */
	return mv_raw_syscall((long)fw->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

void mv_stats_report(void)
{
	const char *want = getenv("HVM_STATS");

	if (!want || strcmp(want, "1"))
		return;
	fprintf(stderr, "multiverse-rt: %lu system calls forwarded to Linux:\n", mv_total);
	for (unsigned int nr = 0; nr < MV_MAX_NR; nr++) {
		const char *name = nr < sizeof(mv_syscall_names) / sizeof(mv_syscall_names[0]) ?
				   mv_syscall_names[nr] : NULL;

		if (mv_counts[nr])
			fprintf(stderr, "  %-16s %6lu\n", name ? name : "?", mv_counts[nr]);
	}
}
