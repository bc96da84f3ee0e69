// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The native system-call table (include/syscalls.h), indexed by x86-64
 * system call number and made from the list in native.def. A call is
 * served here when it has a handler and the process's policy names it, or
 * when its handler is `always` (NATIVE_ALWAYS).
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "kernel.h"
#include "percpu.h"
#include "sched.h"
#include "space.h"
#include "syscalls.h"

struct syscall_handler {
	syscall_fn fn;
	bool always; /* served whatever the policy says */
};

static const struct syscall_handler syscall_table[HVM_NR_SYSCALLS] = {
#define NATIVE(name) [__NR_##name] = {sys_##name, false},
#define NATIVE_ALWAYS(name) [__NR_##name] = {sys_##name, true},
#include "native.def"
#undef NATIVE
#undef NATIVE_ALWAYS
};

const struct hvm_space *syscall_space(void)
{
	return space_get(this_cpu()->thread->space);
}

/* Linux wrote the policy before it published the space LIVE, which the CPU saw on entry. */
static bool syscall_policy_native(__u64 nr)
{
	return hvm_native_serves(syscall_space()->native, nr);
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
