// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * getcpu(cpu, node, cache): the HRT CPU the thread runs on in program
 * terms (include/cpuset.h), node 0 (the partition is one node to the
 * HRT); either pointer may be NULL, the third is unused, as on Linux.
 */
#include "arch.h"
#include "cpuset.h"
#include "percpu.h"
#include "syscalls.h"

bool sys_getcpu(const __u64 args[SYSCALL_ARGS], long *ret)
{
	unsigned int cpu = cpuset_program_cpu(syscall_space()->cpus, this_cpu()->cpu), node = 0;

	*ret = 0;
	if (args[0] && arch_copy_to_user((void *)args[0], &cpu, sizeof(cpu)))
		*ret = -EFAULT;
	if (args[1] && arch_copy_to_user((void *)args[1], &node, sizeof(node)))
		*ret = -EFAULT;
	return true;
}
