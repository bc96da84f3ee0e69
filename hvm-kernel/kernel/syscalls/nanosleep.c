// SPDX-License-Identifier: GPL-2.0 OR MIT
/* nanosleep(): a relative sleep on CLOCK_MONOTONIC, as Linux makes it (kernel/sleep.c). */
#include "clock.h"
#include "sleep.h"
#include "syscalls.h"

bool sys_nanosleep(const __u64 args[SYSCALL_ARGS], long *ret)
{
	return sleep_serve(CLOCK_MONOTONIC, false, args[0], args[1], ret);
}
