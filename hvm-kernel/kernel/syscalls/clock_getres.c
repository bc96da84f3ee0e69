// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * clock_getres(): the resolution Linux gives for the clocks the HRT serves
 * (published with the clock snapshot, hvm/clock.h); a NULL @res only asks
 * whether the clock exists. Other clocks are forwarded, as for clock_gettime.
 */
#include "arch.h"
#include "clock.h"
#include "syscalls.h"

bool sys_clock_getres(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct kernel_timespec ts;
	__u64 ns;

	if (!clock_resolution((int)args[0], &ns))
		return false;
	ts = clock_to_timespec(ns);
	*ret = args[1] && arch_copy_out((void *)args[1], &ts, sizeof(ts)) ? -EFAULT : 0;
	return true;
}
