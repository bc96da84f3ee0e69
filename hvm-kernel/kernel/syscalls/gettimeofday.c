// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gettimeofday(): CLOCK_REALTIME in microseconds (truncated, as Linux
 * does), then the timezone Linux keeps (sys_tz, published with the clock
 * snapshot); either pointer may be NULL, a bad one is EFAULT, tv first.
 */
#include "arch.h"
#include "clock.h"
#include "syscalls.h"

bool sys_gettimeofday(const __u64 args[SYSCALL_ARGS], long *ret)
{
	struct kernel_timezone tz;
	struct kernel_timeval tv;
	__u64 ns;

	if (!clock_now(CLOCK_REALTIME, &ns) || !clock_timezone(&tz))
		return false;
	tv.tv_sec = (__s64)(ns / NSEC_PER_SEC);
	tv.tv_usec = (__s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	*ret = 0;
	if (args[0] && arch_copy_out((void *)args[0], &tv, sizeof(tv)))
		*ret = -EFAULT;
	else if (args[1] && arch_copy_out((void *)args[1], &tz, sizeof(tz)))
		*ret = -EFAULT;
	return true;
}
