// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * clock_nanosleep(): relative or absolute (TIMER_ABSTIME, the only flag
 * Linux looks at) sleeps on CLOCK_REALTIME and CLOCK_MONOTONIC
 * (kernel/sleep.c); every other clock is forwarded: Linux sleeps on it, or
 * refuses it with EINVAL or EOPNOTSUPP.
 */
#include "clock.h"
#include "sleep.h"
#include "syscalls.h"

bool sys_clock_nanosleep(const __u64 args[SYSCALL_ARGS], long *ret)
{
	int id = (int)args[0];

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return false;
	return sleep_serve(id, args[1] & TIMER_ABSTIME, args[2], args[3], ret);
}
