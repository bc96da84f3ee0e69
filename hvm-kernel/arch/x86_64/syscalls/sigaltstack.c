// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sigaltstack(ss, old_ss): Linux keeps the thread's alternate signal stack
 * (the partner's), but judges "on it" by the partner's stack pointer,
 * which never is, while the program runs here: a handler on the alternate
 * stack would read ss_flags 0 and could replace the stack under itself.
 * So the program's own stack pointer at this call decides, as Linux's
 * would on its CPU: on the stack, old_ss reports SS_ONSTACK and a new
 * stack is refused with -EPERM (after ss is read: -EFAULT comes first);
 * otherwise Linux's answer is the right one and the call is forwarded.
 * Served whatever the policy says: it is a correction, not a port.
 */
#include "arch.h"
#include "percpu.h"
#include "signal.h"
#include "syscalls.h"

bool sys_sigaltstack(const __u64 args[SYSCALL_ARGS], long *ret)
{
	const struct signal_stack *ss = (const struct signal_stack *)args[0];
	struct signal_stack *old_ss = (struct signal_stack *)args[1];
	__u64 sp = this_cpu()->arch.syscall.user_rsp;
	struct signal_stack now, wanted;

	if (!signal_altstack_get(sp, &now) || !signal_on_altstack(&now, sp))
		return false;
	if (ss) {
		*ret = arch_copy_from_user(&wanted, ss, sizeof(wanted)) ? -EFAULT : -EPERM;
		return true;
	}
	now.flags = SS_ONSTACK; /* on it: so not SS_AUTODISARM (signal_on_altstack) */
	*ret = old_ss ? arch_copy_to_user(old_ss, &now, sizeof(now)) : 0;
	return true;
}
