// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * exit(): Linux ends the thread, as its partner's own exit (the partner
 * cancels the call first, so the HRT no longer runs the thread). The HRT
 * only cleans the request: args[1] and args[2] say whether the thread set
 * its clear_child_tid address here (set_tid_address.c), which the partner
 * then adopts so that Linux clears and wakes it as it would have
 * (hvm/call.h, Threads); the other arguments are 0, never stray registers
 * the partner could mistake for that.
 */
#include <hvm/call.h>

#include "forward.h"
#include "syscalls.h"

bool sys_exit(const __u64 args[SYSCALL_ARGS], long *ret)
{
	__u64 request[SYSCALL_ARGS] = {args[0]};
	__u64 addr;

	if (tid_address_get(&addr)) {
		request[1] = HVM_EXIT_TID_ADDRESS;
		request[2] = addr;
	}
	*ret = forward_syscall(__NR_exit, request);
	return true;
}
