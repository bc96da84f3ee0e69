// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rt_sigprocmask(how, set, oldset, sigsetsize): the thread's mask is its
 * signal ring's (hvm/signal.h, Masks), so blocking, and unblocking what
 * Linux does not hold back for the thread, need no Linux at all. Checks and
 * errors in Linux's order: the size first, then the new set (-EFAULT,
 * -EINVAL for a bad @how), which takes effect before the old one is
 * written out (-EFAULT). SIGKILL and SIGSTOP never get blocked.
 *
 * Forwarded instead: a thread without a ring (its mask is Linux's alone),
 * and a new mask that unblocks something Linux's mask for the partner
 * still blocks (Linux may hold that signal pending: it must see the
 * unblocking to deliver it; the runtime then makes the call on Linux and
 * brings the ring up to date).
 */
#include "arch/trap.h"
#include "signal.h"
#include "syscalls.h"

/* The mask @how makes of @old and @set; false for a @how Linux refuses. */
static bool sigprocmask_apply(long how, __u64 old, __u64 set, __u64 *mask)
{
	switch (how) {
	case SIG_BLOCK:
		*mask = old | set;
		return true;
	case SIG_UNBLOCK:
		*mask = old & ~set;
		return true;
	case SIG_SETMASK:
		*mask = set;
		return true;
	default:
		return false;
	}
}

bool sys_rt_sigprocmask(const __u64 args[SYSCALL_ARGS], long *ret)
{
	const __u64 *set = (const __u64 *)args[1];
	__u64 *oldset = (__u64 *)args[2];
	__u64 old, new_set, mask;

	if (args[3] != sizeof(__u64)) {
		*ret = -EINVAL;
		return true;
	}
	if (!signal_mask_get(&old))
		return false;
	if (set) {
		if (get_user_u64(set, &new_set)) {
			*ret = -EFAULT;
			return true;
		}
		if (!sigprocmask_apply((long)args[0], old, new_set, &mask)) {
			*ret = -EINVAL;
			return true;
		}
		if (signal_mask_needs_linux(mask))
			return false;
		signal_mask_set(mask);
	}
	*ret = oldset && put_user_u64(oldset, old) ? -EFAULT : 0;
	return true;
}
