/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A process's HRT CPUs as the process sees them (kernel/cpuset.c). Linux
 * writes the set into struct hvm_space.cpus at merge (bit n: HRT CPU n);
 * the program numbers the set's CPUs 0, 1, ... in order ("program CPUs"),
 * so a process on HRT CPUs 1 and 3 sees a two-CPU machine, CPUs 0 and 1,
 * as a process under taskset sees its CPUs (hvm/call.h, Native system
 * calls). sched_getaffinity, sched_setaffinity and getcpu answer in those
 * terms, and so does the vDSO's getcpu (arch_set_program_cpu()).
 */
#ifndef HVM_KERNEL_CPUSET_H
#define HVM_KERNEL_CPUSET_H

#include <hvm/call.h>

#include "kernel.h"

/* How many CPUs the set has: the program's CPU count. */
static inline unsigned int cpuset_count(__u64 cpus)
{
	unsigned int n = 0;

	for (; cpus; cpus &= cpus - 1) /* no libgcc here for __builtin_popcountll */
		n++;
	return n;
}

/* HRT CPU @cpu's number in the program's terms (the set's CPUs below it). */
static inline unsigned int cpuset_program_cpu(__u64 cpus, unsigned int cpu)
{
	return cpuset_count(cpu >= 64 ? cpus : cpus & ((1ull << cpu) - 1));
}

/*
 * What the vDSO's getcpu answers on HRT CPU @cpu in space @s: the program
 * CPU, or 0 when the process's policy leaves getcpu to Linux (HVM_NATIVE
 * without it): then the program sees Linux's CPUs, and 0 is one of them.
 */
static inline unsigned int cpuset_vdso_cpu(const struct hvm_space *s, unsigned int cpu)
{
	if (!hvm_native_serves(s->native, __NR_getcpu))
		return 0;
	return cpuset_program_cpu(s->cpus, cpu);
}

/*
 * The affinity mask (program CPUs) of the running process's thread @tid, 0
 * for the calling thread: what sched_setaffinity() last set for it, else
 * every program CPU. False when @tid is no thread of the process on the
 * HRT (the call is then Linux's).
 */
bool cpuset_affinity_get(__u32 tid, __u64 *mask);

/* Record @mask (program CPUs, within the set) for thread @tid as above; false likewise. */
bool cpuset_affinity_set(__u32 tid, __u64 mask);

#endif /* HVM_KERNEL_CPUSET_H */
