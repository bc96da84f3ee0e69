// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The native system-call table (include/syscalls.h), indexed by x86-64
 * system call number. A call is served here when it has a handler and the
 * process's policy names it, or when its handler is `always` (what Linux
 * cannot do for the HRT at all: the FS base is this CPU's).
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "kernel.h"
#include "percpu.h"
#include "sched.h"
#include "space.h"
#include "syscalls.h"

#define NR_MMAP 9
#define NR_MPROTECT 10
#define NR_MUNMAP 11
#define NR_BRK 12
#define NR_RT_SIGPROCMASK 14
#define NR_MREMAP 25
#define NR_SCHED_YIELD 24
#define NR_GETPID 39
#define NR_UNAME 63
#define NR_GETPPID 110
#define NR_ARCH_PRCTL 158
#define NR_GETTID 186
#define NR_NANOSLEEP 35
#define NR_GETTIMEOFDAY 96
#define NR_TIME 201
#define NR_CLOCK_GETTIME 228
#define NR_CLOCK_GETRES 229
#define NR_CLOCK_NANOSLEEP 230
#define NR_GETRANDOM 318
#define NR_EXIT 60
#define NR_PRCTL 157
#define NR_FUTEX 202
#define NR_SET_TID_ADDRESS 218

struct syscall_handler {
	syscall_fn fn;
	bool always;	/* served whatever the policy says */
};

static const struct syscall_handler syscall_table[HVM_NR_SYSCALLS] = {
	[NR_MMAP] = { sys_mmap },
	[NR_MPROTECT] = { sys_mprotect },
	[NR_MUNMAP] = { sys_munmap },
	[NR_BRK] = { sys_brk },
	[NR_RT_SIGPROCMASK] = { sys_rt_sigprocmask },
	[NR_MREMAP] = { sys_mremap },
	[NR_SCHED_YIELD] = { sys_sched_yield },
	[NR_GETPID] = { sys_getpid },
	[NR_UNAME] = { sys_uname },
	[NR_GETPPID] = { sys_getppid },
	[NR_ARCH_PRCTL] = { sys_arch_prctl, true },
	[NR_GETTID] = { sys_gettid },
	[NR_NANOSLEEP] = { sys_nanosleep },
	[NR_GETTIMEOFDAY] = { sys_gettimeofday },
	[NR_TIME] = { sys_time },
	[NR_CLOCK_GETTIME] = { sys_clock_gettime },
	[NR_CLOCK_GETRES] = { sys_clock_getres },
	[NR_CLOCK_NANOSLEEP] = { sys_clock_nanosleep },
	[NR_GETRANDOM] = { sys_getrandom },
	[NR_EXIT] = { sys_exit, true },		/* forwards: cleans the request */
	[NR_PRCTL] = { sys_prctl, true },	/* forwards all but a native tid address */
	[NR_FUTEX] = { sys_futex },
	[NR_SET_TID_ADDRESS] = { sys_set_tid_address },
};

const struct hvm_space *syscall_space(void)
{
	return space_get(this_cpu()->thread->space);
}

/* Linux wrote the policy before it published the space LIVE, which the CPU saw on entry. */
static bool syscall_policy_native(__u64 nr)
{
	return (syscall_space()->native[nr / 64] >> (nr % 64)) & 1;
}

bool syscall_native(__u64 nr, const __u64 args[SYSCALL_ARGS], long *ret)
{
	const struct syscall_handler *h;

	if (nr >= HVM_NR_SYSCALLS)
		return false;
	h = &syscall_table[nr];
	if (!h->fn || (!h->always && !syscall_policy_native(nr)))
		return false;
	return h->fn(args, ret);
}
