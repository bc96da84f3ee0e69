// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sched_getaffinity(pid, len, mask): the thread's mask in program CPUs
 * (include/cpuset.h), as Linux answers: -EINVAL when @len is not a whole
 * number of longs or too short for the program's CPUs, else the bytes
 * written (one long per 64 program CPUs). A pid that is no thread of the
 * process on the HRT is Linux's to answer.
 */
#include "arch.h"
#include "cpuset.h"
#include "syscalls.h"

bool sys_sched_getaffinity(const __u64 args[SYSCALL_ARGS], long *ret)
{
	unsigned int n = cpuset_count(syscall_space()->cpus);
	__u64 len = args[1], mask;

	if (!cpuset_affinity_get((__u32)args[0], &mask))
		return false;
	if (len * 8 < n || len % sizeof(__u64)) {
		*ret = -EINVAL;
		return true;
	}
	*ret = arch_copy_to_user((void *)args[2], &mask, sizeof(mask)) ?: (long)sizeof(mask);
	return true;
}
