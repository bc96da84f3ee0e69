// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sched_yield(): the CPU runs another of its ready calls first, if it has
 * one (kernel/sched.c); the partner thread on Linux is not involved.
 */
#include "sched.h"
#include "syscalls.h"

bool sys_sched_yield(const __u64 args[SYSCALL_ARGS] __unused, long *ret)
{
	sched_yield();
	*ret = 0;
	return true;
}
