// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rseq(): not available on the HRT (-ENOSYS, as on a kernel built without
 * CONFIG_RSEQ). Forwarded, Linux would register the area for the partner
 * thread and write the partner's Linux CPU into it, and restart critical
 * sections on the partner's preemption, not the HRT thread's. Refused, a
 * libc falls back: glibc's sched_getcpu() asks the vDSO's getcpu, which
 * answers the program CPU (arch_set_program_cpu()).
 */
#include "syscalls.h"

bool sys_rseq(const __u64 args[SYSCALL_ARGS] __unused, long *ret)
{
	*ret = -ENOSYS;
	return true;
}
