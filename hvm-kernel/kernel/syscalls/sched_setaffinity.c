// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sched_setaffinity(pid, len, mask), the mask in program CPUs
 * (include/cpuset.h): bits beyond the program's CPUs are dropped and a
 * mask with none of them left is -EINVAL, as on Linux. The mask is kept
 * for sched_getaffinity, not enforced: the thread stays on the HRT CPU it
 * started on (kernel/cpuset.c). A pid that is no thread of the process on
 * the HRT is Linux's to set.
 */
#include "arch.h"
#include "cpuset.h"
#include "syscalls.h"

bool sys_sched_setaffinity(const __u64 args[SYSCALL_ARGS], long *ret)
{
	unsigned int n = cpuset_count(syscall_space()->cpus);
	__u64 mask = 0, current;
	size_t len = args[1] < sizeof(mask) ? args[1] : sizeof(mask);

	if (!cpuset_affinity_get((__u32)args[0], &current))
		return false;
	if (arch_copy_from_user(&mask, (const void *)args[2], len)) {
		*ret = -EFAULT;
		return true;
	}
	mask &= hvm_cpus_first(n);
	if (!mask) {
		*ret = -EINVAL;
		return true;
	}
	cpuset_affinity_set((__u32)args[0], mask);
	*ret = 0;
	return true;
}
