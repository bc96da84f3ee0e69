// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * arch_prctl's FS base operations are this CPU's: Linux's FS base of the
 * partner thread means nothing here. GS base is hvm-kernel's per-CPU
 * pointer, so the program may not set it (forwarded, Linux would change
 * the partner's and succeed). Other codes are forwarded.
 */
#include "kernel.h"
#include "memlayout.h"
#include "syscalls.h"
#include "arch/cpu.h"
#include "arch/trap.h"

/* Linux's TASK_SIZE_MAX: the highest base arch_prctl accepts, exclusive. */
#define TASK_SIZE_MAX (HVM_LOWER_HALF_END - PAGE_SIZE)

bool sys_arch_prctl(const __u64 args[SYSCALL_ARGS], long *ret)
{
	__u64 addr = args[1];

	switch (args[0]) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX) {
			*ret = -EPERM;
			return true;
		}
		wrmsr(MSR_FS_BASE, addr);
		*ret = 0;
		return true;
	case ARCH_GET_FS:
		if (addr > HVM_LOWER_HALF_END - sizeof(__u64))
			*ret = -EFAULT;
		else
			*ret = put_user_u64((__u64 *)addr, rdmsr(MSR_FS_BASE));
		return true;
	case ARCH_SET_GS:
		*ret = -EPERM;
		return true;
	}
	return false;
}
