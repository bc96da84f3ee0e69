// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * time(): CLOCK_REALTIME's seconds, also stored at @tloc unless it is
 * NULL (a bad @tloc is EFAULT). Linux answers from its coarse clock, which
 * may lag a fine reading by up to one tick at a second's turn; this is the
 * fine one.
 */
#include "arch.h"
#include "clock.h"
#include "syscalls.h"

bool sys_time(const __u64 args[SYSCALL_ARGS], long *ret)
{
	__u64 ns;
	__s64 sec;

	if (!clock_now(CLOCK_REALTIME, &ns))
		return false;
	sec = (__s64)(ns / NSEC_PER_SEC);
	*ret = args[0] && arch_copy_out((void *)args[0], &sec, sizeof(sec)) ? -EFAULT : sec;
	return true;
}
