// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * clock_gettime(): the clocks the HRT reads from its TSC (kernel/clock.c);
 * CPU-time clocks, the alarm clocks, pid clocks and unknown ids are
 * Linux's to answer (and to refuse with EINVAL), so they are forwarded.
 */
#include "arch.h"
#include "clock.h"
#include "syscalls.h"

bool sys_clock_gettime(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct kernel_timespec ts;
	__u64 ns;

	if (!clock_now((int)args[0], &ns))
		return false;
	ts = clock_to_timespec(ns);
	*ret = arch_copy_out((void *)args[1], &ts, sizeof(ts)) ? -EFAULT : 0;
	return true;
}
