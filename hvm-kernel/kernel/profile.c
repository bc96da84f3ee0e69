// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * System-call profiles (hvm/profile.h): each system call a program thread
 * made adds its count and its ticks to its space's entry in the shared
 * area, where Linux reads them live. Two TSC reads and two atomic adds per
 * call; the adds are atomic because threads of one space run on several
 * CPUs.
 */
#include <hvm/profile.h>

#include "arch.h"
#include "memlayout.h"
#include "percpu.h"
#include "profile.h"
#include "sched.h"

static struct hvm_profile_entry *profile_entry(unsigned int space, __u64 nr)
{
	return &hvm_profile_at(partition(), space)[nr];
}

void profile_syscall(__u64 nr, bool forwarded, __u64 start)
{
	__u64 ticks = arch_timestamp() - start;
	unsigned int space = this_cpu()->thread->space;
	struct hvm_profile_entry *e;

	if (nr >= HVM_NR_SYSCALLS || space >= HVM_MAX_SPACES)
		return;
	e = profile_entry(space, nr);
	if (forwarded) {
		__atomic_fetch_add(&e->forwarded_ticks, ticks, __ATOMIC_RELAXED);
		__atomic_fetch_add(&e->forwarded_calls, 1, __ATOMIC_RELAXED);
	} else {
		__atomic_fetch_add(&e->native_ticks, ticks, __ATOMIC_RELAXED);
		__atomic_fetch_add(&e->native_calls, 1, __ATOMIC_RELAXED);
	}
}
