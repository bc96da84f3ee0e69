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
#include <sys/syscall.h>

#include <hvm/call.h>
#include <hvm/signal.h>

#include "mv_runtime.h"

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

static long mv_forward_call(const struct hvm_call_request *req)
{
	const struct hvm_forward *fw = &req->forward;
	const long *a = (const long *)fw->args;

	if (hvm_forward_carries_regs(fw->nr)) /* creates a task: req->regs are the caller's */
		return mv_clone_thread(req);
	if (fw->nr == SYS_rt_sigaction)
		return mv_signal_action(a);
	if (fw->nr == SYS_rt_sigprocmask)
		return mv_signal_mask(req, a);
	if (fw->nr == SYS_execve)
		return mv_exec_child(a); /* through hvm-exec when HVM_EXEC_CHILDREN asks */
	if (fw->nr == SYS_openat || fw->nr == SYS_open) {
		long fd = mv_cpus_open((long)fw->nr, a); /* a CPU file in program CPUs (cpus.c) */

		if (fd != MV_CPUS_NOT_OURS)
			return fd;
	}
	if (fw->nr == SYS_exit_group)
		mv_profile_report(); /* the process ends inside the next call */
	return mv_syscall_cp((long)fw->nr, a); /* a signal may cancel it first: signal.c */
}

/*
 * Linux makes the call with the HRT thread's signal mask (signal.c). A
 * trace note (hvm/call.h, Tracing) is only reported (trace.c).
 */
long mv_forward_syscall(const struct hvm_call_request *req)
{
	unsigned long start;
	long ret;

	if (req->forward.nr == HVM_FORWARD_TRACE) {
		mv_trace_native(req);
		return 0;
	}
	mv_futex_stats_count(&req->forward);
	mv_trace_before(&req->forward);
	start = mv_trace_now();
	if (mv_signal_forward_begin(req))
		ret = -HVM_FORWARD_RESTART;
	else
		ret = mv_forward_call(req);
	mv_signal_forward_end(req);
	mv_trace_forwarded(&req->forward, ret, start);
	return ret;
}
